"""The Reflex app: theme, pages, HTTP endpoints and background tasks."""

import logging

import reflex as rx
from reflex.event import EventSpec

import portal_app.pages  # noqa: F401  (registers every page)
from portal_app.api.routes import api
from portal_app.infra.http import with_security_headers
from portal_app.infra.tasks import background_tasks
from portal_app.state.base import PortalState

log = logging.getLogger("portal")


def backend_exception_handler(exception: Exception) -> EventSpec:
    """Log the error for us; show the user a plain message, never a stack trace."""
    log.error("unhandled error in an event handler", exc_info=exception)
    return PortalState.show_unexpected_error()


app = rx.App(
    head_components=[rx.el.link(rel="icon", href="/logo.svg", type="image/svg+xml")],
    stylesheets=["/portal.css"],
    api_transformer=[api, with_security_headers],
    backend_exception_handler=backend_exception_handler,
)
app.register_lifespan_task(background_tasks)
