"""The Reflex app: theme, pages, HTTP endpoints and background tasks."""

import logging

import redis.exceptions
import reflex as rx
from reflex.event import EventSpec

import portal_app.pages  # noqa: F401  (registers every page)
from portal_app.api.routes import api
from portal_app.components.layout import SERVICE_NOTICE_ID
from portal_app.infra.http import with_security_headers, with_upload_limit
from portal_app.infra.tasks import background_tasks
from portal_app.state.base import PortalEvents

log = logging.getLogger("portal")

STATE_STORE_DOWN = (
    "The portal is briefly unavailable. Nothing you saved has been lost. "
    "Please reload the page in a minute to carry on."
)


def state_store_unreachable(exception: BaseException) -> bool:
    """Is this (or what caused it) Redis, which holds the UI state, being unreachable?"""
    seen: BaseException | None = exception
    while seen is not None:
        if isinstance(seen, redis.exceptions.ConnectionError | redis.exceptions.TimeoutError):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def backend_exception_handler(exception: Exception) -> EventSpec:
    """Log the error for us; show the user a plain message, never a stack trace.

    Without Redis no event can load or save UI state, so the message then goes out as a
    client-side event (it needs no state). A state event here would fail the same way and come
    straight back to this handler: a busy loop for as long as Redis is down.
    """
    if state_store_unreachable(exception):
        log.warning("UI state store unreachable: %s", exception)
        return rx.set_value(SERVICE_NOTICE_ID, STATE_STORE_DOWN)
    log.error("unhandled error in an event handler", exc_info=exception)
    # Reflex types a called handler as another callback (for partial application); it is an EventSpec.
    return PortalEvents.show_unexpected_error()  # type: ignore[return-value]


class PortalApp(rx.App):
    """rx.App that adds each `@rx.page` page once.

    `reflex run --env prod` compiles the app in the supervisor process, then every worker
    forked from it compiles again and re-adds every decorated page to the app it inherited,
    which already holds them: one "Page ... is being redefined with the same component"
    warning per page and worker (Reflex 0.10.1, `compiler.compile_app`). Reflex merges the
    identical copy anyway, so adding only the pages decorated since the last compile changes
    nothing but the noise.
    """

    _decorated_pages_added: int = 0

    def _apply_decorated_pages(self) -> None:
        decorated = self._registration_context.decorated_pages
        for render, kwargs in decorated[self._decorated_pages_added :]:
            self.add_page(render, **kwargs)
        self._decorated_pages_added = len(decorated)


app = PortalApp(
    head_components=[rx.el.link(rel="icon", href="/logo.svg", type="image/svg+xml")],
    stylesheets=["/portal.css"],
    api_transformer=[api, with_upload_limit, with_security_headers],
    backend_exception_handler=backend_exception_handler,
)
app.register_lifespan_task(background_tasks)
