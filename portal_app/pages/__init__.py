"""Importing this package registers every page (each module uses `@rx.page`)."""

from portal_app.pages import dashboard, home, signin  # noqa: F401

from portal_app.pages import admin_catalogue, admin_orders, basket, checkout, orders, store  # noqa: F401  # isort: skip
