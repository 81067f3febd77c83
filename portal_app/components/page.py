"""`portal_page`: the one way to add a page.

    @portal_page("/connections", title="Connections", kinds=LEARNER, on_load=ConnectionsState.load)
    def connections_page() -> rx.Component:
        return rx.vstack(...)

registers the route with a title that says where the user is ("Connections · Achievement
Portal"), wraps the page in the shell (skip link, top bar, main landmark, page alert, footer) and
records who may open it. The check itself runs on the server in the page state's load
(`PortalState._open_page`), in the same unit of work as the page's data: the kinds are looked
up by state class, so a forged event cannot pick them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import reflex as rx

from portal_app.components.layout import page_shell
from portal_app.state.base import ANYONE, Kinds, PortalEvents, allow_kinds

PRODUCT = "Achievement Portal"
# Pages without a load of their own still refresh the top bar (and, with kinds, check them).
_PLAIN_LOADS: dict[Kinds, Any] = {
    ANYONE: PortalEvents.require_any,
    ("learner",): PortalEvents.require_learner,
    ("third_party",): PortalEvents.require_third_party,
    ("admin",): PortalEvents.require_admin,
}


@dataclass(frozen=True)
class PageSpec:
    route: str
    title: str
    kinds: Kinds
    view: Callable[[], rx.Component]
    loads: tuple[Any, ...]  # the on_load handlers (EventHandler)


# Every page, by route: tests check the titles are unique and each module holds one page.
PAGES: dict[str, PageSpec] = {}


def page_title(title: str) -> str:
    return title if title.endswith(PRODUCT) else f"{title} · {PRODUCT}"


def portal_page(
    route: str,
    *,
    title: str,
    kinds: Kinds = ANYONE,
    on_load: Any | Sequence[Any] = (),
) -> Callable[[Callable[[], rx.Component]], Callable[[], rx.Component]]:
    """Register `route` (see the module docstring). `kinds`: who may open it (ANYONE, LEARNER,
    THIRD_PARTY, ADMIN or a tuple of kinds); `on_load`: the page state's load handler(s)."""
    loads: list[Any] = list(on_load) if isinstance(on_load, (list, tuple)) else [on_load]
    for handler in loads:
        allow_kinds(handler.state, kinds)
    if not loads:
        loads = [_PLAIN_LOADS[kinds]]

    def register(view: Callable[[], rx.Component]) -> Callable[[], rx.Component]:
        def page() -> rx.Component:
            return page_shell(view())

        page.__name__ = view.__name__
        rx.page(route=route, title=page_title(title), on_load=loads)(page)
        PAGES[route] = PageSpec(route, page_title(title), kinds, view, tuple(loads))
        return view

    return register
