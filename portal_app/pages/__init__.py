"""Importing this package registers every page (each module uses `@rx.page`)."""

from reflex.constants import Env
from reflex.environment import environment

from portal_app.infra.settings import settings
from portal_app.pages import (  # noqa: F401
    accessibility,
    admin_accounts,
    admin_audit,
    admin_catalogue,
    admin_connections,
    admin_issues,
    admin_orders,
    admin_records,
    admin_support,
    admin_third_parties,
    basket,
    checkout,
    connections,
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
    third_party,
    verify,
    verify_email,
)

# The component gallery (/dev/components) exists only in development and demo mode: elsewhere a 404.
if settings.seed_demo_data or environment.REFLEX_ENV_MODE.get() == Env.DEV:
    from portal_app.pages import dev_components  # noqa: F401
