"""The signed-in base state every page state inherits from.

The session token lives in an HttpOnly cookie that only HTTP responses set (api/routes.py:
/api/session after sign-in, /api/sign-out); the state reads it from the cookie header the browser
sent with this tab's websocket, and looks everything else about the account up on the server for
every event. Handlers call services through `self._call(fn, ...)`, which resolves
the acting account in the same unit of work as the service call, in a worker thread.
"""

from __future__ import annotations

import functools
import inspect
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar, TypeVarTuple
from urllib.parse import quote

import reflex as rx
from reflex.event import EventSpec
from reflex.state import BaseState
from sqlmodel import Session

from portal_app.infra import db as database
from portal_app.infra.security import SESSION_COOKIE
from portal_app.models import Account
from portal_app.services import audit, auth
from portal_app.services.errors import DomainError, NotSignedIn

log = logging.getLogger("portal.state")
T = TypeVar("T")
Args = TypeVarTuple("Args")
Kinds = tuple[str, ...]
ANYONE: Kinds = ()  # a public page: signed in or not
LEARNER: Kinds = ("learner",)
THIRD_PARTY: Kinds = ("third_party",)
ADMIN: Kinds = ("admin",)
SIGNED_IN: Kinds = ("learner", "third_party", "admin")  # any account, but signed in
SIGN_OUT_URL = "/api/sign-out"
# Which kinds of account may open the page a state serves, set by `components.page.portal_page`
# (server-side, so a forged event cannot choose; see `_open_page`).
PAGE_KINDS: dict[type, Kinds] = {}
HOME_BY_KIND = {"learner": "/dashboard", "third_party": "/third-party", "admin": "/admin"}


def home_for(kind: str) -> str:
    return HOME_BY_KIND.get(kind, "/")


def cookie_value(header: str, name: str) -> str:
    """One cookie's value from a Cookie header ("" if absent)."""
    for pair in header.split(";"):
        key, _, value = pair.strip().partition("=")
        if key == name:
            return value.strip().strip('"')
    return ""


class PageRedirect(Exception):
    """Raised by `_open_page` to leave the page; `portal_event` returns `to` to the browser."""

    def __init__(self, to: Any) -> None:
        super().__init__("leaving the page")
        self.to = to


def allow_kinds(state: type, kinds: Kinds) -> None:
    """Record who may open `state`'s page (called once per page by `portal_page`)."""
    known = PAGE_KINDS.setdefault(state, kinds)
    if known != kinds:
        raise ValueError(f"{state.__name__} serves pages for {known} and {kinds}: give each its own state")


if TYPE_CHECKING:
    from reflex.event import EventCallback

    def event(handler: Callable[[Any, *Args], Any], /) -> EventCallback[*Args]:
        """`rx.event` as mypy should read it: `State.handler(arg)` checks `arg`."""

else:
    # mypy reads `@rx.event` as returning its namespace class (it ignores a `__new__` that returns
    # another type, here EventCallback), so `State.handler(...)` is "not callable"; pyright, which
    # Reflex is typed for, reads the overloads. Handlers use this name, typed as those overloads.
    event = rx.event


def portal_event(handler: Callable[[Any, *Args], Any]) -> EventCallback[*Args]:
    """The one decorator for an async event handler: `rx.event`, then messages and leaving.

    Before the handler the state's messages are cleared; a PageRedirect leaves the page; signed
    out goes to sign-in (and back); any other domain error is shown where the state shows its
    messages (`_show_problem`): the page's alert, or a form's message and field errors.
    """

    if inspect.isasyncgenfunction(handler):
        return event(_streaming(handler))

    @functools.wraps(handler)
    async def wrapper(self: PortalState, *args: Any, **kwargs: Any) -> Any:
        self._clear_messages()
        try:
            return await handler(self, *args, **kwargs)
        except PageRedirect as leaving:
            return leaving.to
        except NotSignedIn:
            await self._forget_pages()
            return self._signin_redirect()
        except DomainError as error:
            return self._show_problem(error)

    return event(wrapper)


def _streaming(handler: Callable[..., Any]) -> Callable[..., Any]:
    """`portal_event` for a handler that yields (to show "busy" before a slow step)."""

    @functools.wraps(handler)
    async def wrapper(self: PortalState, *args: Any, **kwargs: Any) -> Any:
        self._clear_messages()
        try:
            async for update in handler(self, *args, **kwargs):
                yield update
        except PageRedirect as leaving:
            yield leaving.to
        except NotSignedIn:
            await self._forget_pages()
            yield self._signin_redirect()
        except DomainError as error:
            yield self._show_problem(error)

    return wrapper


class PortalState(rx.State):
    signed_in: bool = False
    account_kind: str = ""
    display_name: str = ""
    account_status: str = ""
    basket_count: int = 0
    # A message shown at the top of the page (not a toast: toasts need eval, which our CSP forbids).
    alert_message: str = ""
    alert_kind: str = "error"
    # A same-site HTTP endpoint the browser must load as a whole page (it sets or clears the
    # session cookie), for this websocket only: the page loaded there connects anew and stays.
    _leaving_for: str = ""
    _leaving_socket: str = ""

    @property
    def session_token(self) -> str:
        """The session cookie this tab's websocket connected with (never a state var)."""
        return cookie_value(self.router.headers.cookie, SESSION_COOKIE)

    def _leave_for(self, url: str) -> None:
        self._leaving_for, self._leaving_socket = url, self.router.session.session_id

    @rx.var(cache=False)
    def leaving_to(self) -> str:
        """Where `leaving_page` (components/layout.py) sends the browser, or ""."""
        same_socket = self._leaving_socket == self.router.session.session_id
        return self._leaving_for if same_socket else ""

    async def _forget_pages(self) -> None:
        """Reset every page state of this tab, so that the next person to sign in here never
        receives the last one's data (a hydrate sends the whole state tree)."""
        for page_state in _page_states(PortalState):
            _reset_changed(await self.get_state(page_state))

    def _alert(self, message: str, kind: str = "error") -> None:
        self.alert_message = message
        self.alert_kind = kind

    @rx.var
    def initials(self) -> str:
        parts = [p for p in self.display_name.split() if p]
        return "".join(p[0] for p in parts[:2]).upper() or "?"

    def _client_address(self) -> str:
        """The client's address, behind PORTAL_TRUSTED_PROXY_HOPS proxies (rxconfig.py): the key
        of per-address limits. Never the client token, which the browser chooses."""
        return self.router.session.client_ip or "unknown"

    def _audit_from_here(self) -> None:
        """Audit rows this event writes record the client's address (services.audit.from_client)."""
        audit.from_client(self._client_address())

    async def _call(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Call `fn(db, actor, *args)` as the signed-in account; raise NotSignedIn otherwise."""
        token = self.session_token
        self._audit_from_here()

        def job(db: Session) -> T:
            actor = auth.require_account(db, token)
            return fn(db, actor, *args, **kwargs)

        return await database.call(job)

    def _show_account(self, account: Account | None, basket_count: int = 0) -> None:
        self.signed_in = account is not None
        self.account_kind = account.kind if account else ""
        self.display_name = (account.full_name or account.email) if account else ""
        self.account_status = account.status if account else ""
        self.basket_count = basket_count

    def _signin_redirect(self) -> EventSpec:
        self._show_account(None)
        path = (self.router.url.path or "/").rstrip("/") or "/"
        return rx.redirect(f"/signin?next={quote(path, safe='/')}")

    async def _open_page(self, fn: Callable[..., T] | None = None, *args: Any, **kwargs: Any) -> T:
        """A page load in one unit of work: re-check the session, refresh the top bar, and return
        `fn(db, actor, *args)` if the account may see this state's page (`portal_page(kinds=...)`).

        Otherwise raise PageRedirect: to sign-in (and back) when signed out, or to the account's
        own home when the page is for another kind of account. A state no page registered is
        refused: the kinds come from the server's page registry, never from the event.
        """
        if type(self) not in PAGE_KINDS:
            raise LookupError(f"{type(self).__name__} is not the state of a portal_page")
        return await self._open_page_for(PAGE_KINDS[type(self)], fn, *args, **kwargs)

    async def _open_page_for(
        self, kinds: Kinds, fn: Callable[..., T] | None = None, *args: Any, **kwargs: Any
    ) -> T:
        token = self.session_token
        self._audit_from_here()

        def job(db: Session) -> tuple[Account | None, int, Any]:
            account, count = auth.resolve_session_and_basket(db, token)
            if account is None or (kinds and account.kind not in kinds):
                return account, 0, None
            return account, count, (fn(db, account, *args, **kwargs) if fn else None)

        try:
            account, count, result = await database.call(job)
        except DomainError:
            # e.g. "not shared with you": the page says why, and the top bar still says who is
            # signed in (a fresh tab has not been told yet).
            self._show_account(await database.call(auth.resolve_session, token))
            raise
        self.alert_message = ""
        self._show_account(account, count)
        if account is None and kinds:
            await self._forget_pages()
            raise PageRedirect(self._signin_redirect())
        if account is not None and kinds and account.kind not in kinds:
            raise PageRedirect(rx.redirect(home_for(account.kind)))
        return result

    def _clear_messages(self) -> None:
        """Before each event: a state with its own messages (FormState) clears them."""

    def _show_problem(self, error: DomainError) -> Any:
        """A domain error from an event: the page's alert (FormState shows it by its form)."""
        self._alert(str(error))
        return None


class PortalEvents(PortalState):
    """PortalState's own events, on a state of their own with nothing below it.

    With Redis-held state, an event loads its state and every state below it, and every page's
    state is below PortalState: an event on PortalState itself read and unpickled some sixty
    states. Here, it loads this state, PortalState and the root (docs/PERFORMANCE.md). The
    handlers set PortalState's vars as any page state does.
    """

    @event
    def dismiss_alert(self) -> None:
        self.alert_message = ""

    @event
    def show_unexpected_error(self) -> None:
        """Sent by the app's backend exception handler: a plain message, never a stack trace."""
        self._alert("Something went wrong on our side. Please try again; what you typed has been kept.")

    # The loads of pages without a state of their own (components.page._PLAIN_LOADS).
    @portal_event
    async def require_learner(self) -> None:
        await self._open_page_for(LEARNER)

    @portal_event
    async def require_third_party(self) -> None:
        await self._open_page_for(THIRD_PARTY)

    @portal_event
    async def require_admin(self) -> None:
        await self._open_page_for(ADMIN)

    @portal_event
    async def require_any(self) -> None:
        """A public page: only the top bar is refreshed (who is signed in, if anyone)."""
        await self._open_page_for(ANYONE)

    @event
    async def sign_out(self) -> None:
        """End the session now (every tab holding it is disarmed at its next event), forget this
        tab's pages, then let /api/sign-out clear the cookie and go on to the sign-in page."""
        await database.call(auth.sign_out, self.session_token)
        await self._forget_pages()
        self._show_account(None)
        self._leave_for(SIGN_OUT_URL)


def _reset_changed(state: BaseState) -> None:
    """`state.reset()` for this state's own vars, but only those that no longer hold their
    default: assigning marks a var for the browser, so a plain reset would send every page
    state's defaults to every tab that signs in or out, including the gallery's samples (which
    name demo learners) to a tab that never opened the gallery."""
    cls = type(state)
    for name, field in cls.get_fields().items():
        if field._owner is cls:  # as reset(): inherited vars (and the root's router) are not ours
            default = field.default_value()
            if getattr(state, name) != default:
                setattr(state, name, default)


def _page_states(state: type[BaseState]) -> list[type[BaseState]]:
    found: list[type[BaseState]] = []
    for substate in state.get_substates():
        found += [substate, *_page_states(substate)]
    return found
