"""The landing page: what the portal is, and the ways in."""

from __future__ import annotations

import reflex as rx

from portal_app.components.links import link_button
from portal_app.components.page import portal_page
from portal_app.infra.settings import settings
from portal_app.state.auth import SignInState


@portal_page("/", title="Home", on_load=SignInState.on_load)
def home_page() -> rx.Component:
    return rx.vstack(
        rx.heading(f"{settings.org_name} Achievement Portal", size="8", as_="h1"),
        rx.text(
            "View the official digital certificates, transcripts and badges issued to you, share them "
            "with employers and universities, and order printed copies. Viewing and sharing is free.",
            size="4",
            color_scheme="gray",
        ),
        rx.hstack(
            link_button("Sign in", href="/signin", size="3"),
            link_button("Register", href="/register", size="3", variant="soft"),
            link_button("Verify a document", href="/verify", size="3", variant="outline"),
            wrap="wrap",
            spacing="3",
        ),
        spacing="5",
        padding_y="48px",
        max_width="760px",
    )
