"""Importing this package registers every page (each module uses `@rx.page`)."""

from portal_app.pages import (  # noqa: F401
    admin_accounts,
    admin_catalogue,
    admin_orders,
    basket,
    checkout,
    dashboard,
    home,
    orders,
    password_reset,
    profile,
    register,
    signin,
    store,
    verify_email,
)
