"""Every page has the one shape: registered by `portal_page`, a title of its own, one page a module."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

from reflex_base.components.component import Component
from reflex_base.registry import RegistrationContext
from reflex_components_core.core.foreach import Foreach

import portal_app.pages  # noqa: F401  (registers every page)
from portal_app.components.page import PAGES, PRODUCT

# One view served at two addresses (a page and the bookmarkable address of its result, or of the
# same learner reached from a record or an account): one module, one view.
SHARED_VIEWS = {"portal_app.pages.verify", "portal_app.pages.admin_support"}


def _registered_routes() -> set[str]:
    return {kwargs["route"] for _fn, kwargs in RegistrationContext.ensure_context().decorated_pages}


def test_every_page_is_registered_by_portal_page():
    plain = {route.strip("/") for route in _registered_routes()} - {route.strip("/") for route in PAGES}
    assert not plain, f"pages registered with @rx.page instead of @portal_page: {sorted(plain)}"


def test_page_titles_are_unique_and_name_the_portal():
    titles = Counter(spec.title for spec in PAGES.values())
    assert not [t for t, n in titles.items() if n > 1], f"titles used twice: {titles.most_common(3)}"
    assert all(spec.title.endswith(PRODUCT) for spec in PAGES.values())


def test_one_page_a_module():
    modules = Counter(spec.view.__module__ for spec in PAGES.values())
    crowded = {module: n for module, n in modules.items() if n > 1 and module not in SHARED_VIEWS}
    assert not crowded, f"modules holding more than one page: {crowded}"


def _tree(component: Component) -> Iterator[Component]:
    """A page's components, with what rx.cond, rx.match and rx.foreach would render."""
    yield component
    inner: list[Any] = list(component.children)
    inner += [getattr(component, name, None) for name in ("comp1", "comp2", "default")]
    inner += [case[-1] for case in getattr(component, "match_cases", None) or []]
    if isinstance(component, Foreach):
        inner.append(component._render().render_component())
    for child in inner:
        if isinstance(child, Component):
            yield from _tree(child)


def test_no_control_is_a_button_inside_a_link():
    """A button inside a link is two Tab stops for one control, and a screen reader announces a
    link that contains a button: `components.links.link_button` draws the link as the button."""
    links = ("Link", "ReactRouterLink", "A")
    buttons = ("Button", "IconButton")
    nested = []
    for route, spec in PAGES.items():
        for component in _tree(spec.view()):
            outer = type(component).__name__
            hands_on = str(getattr(component, "as_child", None)) == "true"  # a Var; its look to the link
            if outer in links or (outer in buttons and not hands_on):
                inside = {type(c).__name__ for c in _tree(component) if c is not component}
                if inside & set(buttons if outer in links else links):
                    nested.append(f"{route}: {outer} around {sorted(inside & {*links, *buttons})}")
    assert not nested, "\n".join(sorted(set(nested)))
