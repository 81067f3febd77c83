"""Importing this package registers every page (each module uses `@rx.page`)."""

from portal_app.pages import (  # noqa: F401  # noqa: F401
    admin_accounts,
    dashboard,
    home,
    password_reset,
    profile,
    register,
    signin,
    verify_email,
)
