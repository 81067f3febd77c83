"""Importing this package registers every page (each module uses `@rx.page`)."""

from portal_app.pages import (  # noqa: F401
    admin_accounts,
    admin_catalogue,
    admin_issues,
    admin_orders,
    admin_records,
    basket,
    checkout,
    dashboard,
    document_view,
    documents,
    home,
    orders,
    password_reset,
    profile,
    register,
    signin,
    store,
    verify,
    verify_email,
)
