"""Importing this package registers every page (each module uses `@rx.page`)."""

from portal_app.pages import dashboard, home, signin  # noqa: F401

from . import connections, third_party  # noqa: F401
