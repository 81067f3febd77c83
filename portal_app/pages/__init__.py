"""Importing this package registers every page (each module uses `@rx.page`)."""

from portal_app.pages import (  # noqa: F401  # noqa: F401
    admin_issues,
    admin_records,
    dashboard,
    document_view,
    documents,
    home,
    signin,
    verify,
)
