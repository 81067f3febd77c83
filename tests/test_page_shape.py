"""Every page has the one shape: registered by `portal_page`, a title of its own, one page a module."""

from __future__ import annotations

from collections import Counter

from reflex_base.registry import RegistrationContext

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
