"""Importing this package registers every page (one module a page, registered by `portal_page`)."""

from reflex.constants import Env
from reflex.environment import environment

from portal_app.infra.settings import settings
from portal_app.pages import (  # noqa: F401
    accessibility,
    admin_audit,
    admin_catalogue,
    admin_connections,
    admin_issues,
    admin_order,
    admin_orders,
    admin_outbox,
    admin_overview,
    admin_records,
    admin_registrations,
    admin_support,
    admin_third_parties,
    basket,
    checkout,
    connections,
    dashboard,
    document_view,
    documents,
    forgot_password,
    home,
    order_detail,
    orders,
    profile,
    register,
    reset_password,
    share_documents,
    shared_document,
    signin,
    store,
    test_payment,
    third_party_connections,
    third_party_learners,
    verify,
    verify_email,
)

# The component gallery (/dev/components) exists only in development and demo mode: elsewhere a 404.
if settings.seed_demo_data or environment.REFLEX_ENV_MODE.get() == Env.DEV:
    from portal_app.pages import dev_components  # noqa: F401
