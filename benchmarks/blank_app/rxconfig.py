"""The blank Reflex app's configuration: the portal's production switches, nothing else."""

import os

import reflex as rx

PORT = int(os.environ.get("BLANK_PORT", "3100"))
REDIS_URL = os.environ.get("REDIS_URL") or None

config = rx.Config(
    app_name="blank",
    redis_url=REDIS_URL,
    state_manager_mode="redis" if REDIS_URL else "memory",
    frontend_port=PORT,
    backend_port=PORT,
    api_url=f"http://localhost:{PORT}",
    telemetry_enabled=False,
    show_built_with_reflex=False,
    disable_plugins=[rx.plugins.SitemapPlugin],
)
