"""The accessibility statement, in the form UK public bodies publish (GOV.UK's model statement).

The contacts come from configuration; the known exceptions are kept true by the axe-core scan
in tests/e2e/test_accessibility.py (docs/ACCESSIBILITY.md says how it runs).
"""

from __future__ import annotations

import reflex as rx

from portal_app.components.page import portal_page
from portal_app.infra.settings import settings

STATEMENT_PREPARED = "30 November 2026"

# Each known exception: what fails, for whom, and the criterion. Empty when the scan is clean.
KNOWN_EXCEPTIONS: list[tuple[str, str]] = []


def _section(heading: str, *paragraphs: rx.Component | str) -> rx.Component:
    return rx.vstack(
        rx.heading(heading, as_="h2", size="5"),
        *[rx.text(p) if isinstance(p, str) else p for p in paragraphs],
        spacing="3",
        align="start",
        width="100%",
    )


def _list(*items: str) -> rx.Component:
    return rx.unordered_list(*[rx.list_item(item) for item in items], padding_left="20px")


def _contacts() -> rx.Component:
    return _list(
        f"e-mail {settings.support_email}",
        f"call {settings.support_phone}",
    )


def _compliance() -> rx.Component:
    if not KNOWN_EXCEPTIONS:
        return rx.text(
            "This portal is fully compliant with the Web Content Accessibility Guidelines version 2.2 AA standard."
        )
    return rx.vstack(
        rx.text(
            "This portal is partially compliant with the Web Content Accessibility Guidelines version 2.2 AA "
            "standard, due to the non-compliances listed below."
        ),
        rx.heading("Non-compliance with the accessibility regulations", as_="h3", size="4"),
        rx.unordered_list(
            *[
                rx.list_item(f"{what} This fails WCAG 2.2 success criterion {criterion}.")
                for what, criterion in KNOWN_EXCEPTIONS
            ],
            padding_left="20px",
        ),
        spacing="3",
        align="start",
    )


@portal_page("/accessibility", title="Accessibility statement")
def accessibility_page() -> rx.Component:
    return rx.vstack(
        rx.heading("Accessibility statement", size="6", as_="h1"),
        rx.text(
            f"This accessibility statement applies to the {settings.org_name} Achievement Portal, where learners "
            "see, share and order their certificates, transcripts and badges, where employers and universities "
            "verify them, and where our staff issue them."
        ),
        rx.text(
            f"This portal is run by {settings.org_name}. We want as many people as possible to be able to use "
            "it. For example, that means you should be able to:"
        ),
        _list(
            "change colours, contrast levels and fonts using browser or device settings",
            "zoom in up to 400% without the text spilling off the screen",
            "navigate every page using just a keyboard",
            "navigate every page using speech recognition software",
            "listen to every page using a screen reader (including the most recent versions of JAWS, NVDA "
            "and VoiceOver)",
        ),
        rx.text("We've also made the text as simple as possible to understand."),
        _section(
            "Feedback and contact information",
            "If you need a document or any information on this portal in a different format, such as "
            "accessible PDF, large print, easy read, audio recording or braille, contact us:",
            _contacts(),
            "We'll consider your request and get back to you within 5 working days.",
        ),
        _section(
            "Reporting accessibility problems with this portal",
            "We're always looking to improve the accessibility of this portal. If you find any problems "
            "not listed on this page or think we're not meeting accessibility requirements, contact us:",
            _contacts(),
        ),
        _section(
            "Enforcement procedure",
            "The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public Sector "
            "Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018 (the "
            "'accessibility regulations'). If you're not happy with how we respond to your complaint, "
            "contact the Equality Advisory and Support Service (EASS).",
        ),
        _section(
            "Technical information about this portal's accessibility",
            f"{settings.org_name} is committed to making its portal accessible, in accordance with the Public "
            "Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018.",
            rx.heading("Compliance status", as_="h3", size="4"),
            _compliance(),
        ),
        _section(
            "How we tested this portal",
            "Every page of the portal is tested automatically each time the portal changes, in a real "
            "browser (Chromium), as a visitor, a learner, a third party and an administrator, at desktop "
            "width (1280 pixels) and phone width (375 pixels), with each page's dialogs opened in turn. "
            "The tests check the WCAG 2.0, 2.1 and 2.2 A and AA rules of axe-core, and journeys use the "
            "keyboard alone and find every control by the name a screen reader announces.",
        ),
        _section(
            "Preparation of this accessibility statement",
            f"This statement was prepared on {STATEMENT_PREPARED}. It was last reviewed on "
            f"{STATEMENT_PREPARED}.",
        ),
        spacing="5",
        align="start",
        max_width="760px",
    )
