"""Reflex configuration, derived from the portal's one settings object."""

import reflex as rx

from portal_app.components.theme import portal_theme
from portal_app.infra.settings import settings

config = rx.Config(
    app_name="portal_app",
    db_url=settings.database_url,
    redis_url=settings.redis_url or None,
    state_manager_mode="redis" if settings.redis_url else "memory",
    frontend_port=settings.port,
    backend_port=settings.port,
    api_url=settings.api_url,
    deploy_url=settings.base_url,
    cors_allowed_origins=settings.allowed_origins,
    # The websocket's client address behind the load balancer (X-Forwarded-For; docs/DEPLOY.md).
    trusted_proxy_hops=settings.trusted_proxy_hops,
    telemetry_enabled=False,
    show_built_with_reflex=False,
    # The app has no dynamic (eval'd) components, so Radix Themes' whole namespace need not be on
    # every page: each page imports only the components it uses (docs/PERFORMANCE.md).
    frontend_lazy_bundled_libraries=True,
    plugins=[portal_theme()],
    disable_plugins=[rx.plugins.SitemapPlugin],
)
