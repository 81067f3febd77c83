"""Public verification of a document by its reference (what the old verification site did)."""

from __future__ import annotations

import reflex as rx

from portal_app.components.forms import field, named_file_input
from portal_app.components.layout import page_shell
from portal_app.infra.settings import settings
from portal_app.state.verify import VerifyState as S

OUTCOME_LOOK = {
    "valid": ("green", "circle_check", "Valid"),
    "revoked": ("red", "ban", "Revoked"),
    "superseded": ("orange", "history", "Replaced"),
    "not_verifiable": ("red", "shield_alert", "Not verifiable"),
    "not_found": ("gray", "search_x", "Not found"),
    "invalid": ("gray", "circle_help", "Check the reference"),
    "tampered": ("red", "shield_x", "Tampered"),
    "foreign": ("gray", "circle_help", "Not issued by us"),
    "unreadable": ("gray", "file_x", "Not a badge file"),
}
BADGE_UPLOAD = "badge-file"


def _detail(label: str, value: rx.Var) -> rx.Component:
    return rx.cond(
        value != "",
        rx.data_list.item(rx.data_list.label(label), rx.data_list.value(value)),
        rx.fragment(),
    )


def _result_card(outcome: str) -> rx.Component:
    colour, icon, label = OUTCOME_LOOK[outcome]
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.icon(icon, size=28, color=f"var(--{colour}-11)"),
                rx.heading(label, size="6", as_="h2", color=f"var(--{colour}-11)", id="verify-outcome"),
                align="center",
            ),
            rx.text(S.result.message, id="verify-message"),
            rx.data_list.root(
                _detail("Reference", S.result.reference),
                _detail("Holder", S.result.holder),
                _detail("Document", S.result.kind),
                _detail("Qualification", S.result.qualification_title),
                _detail("Qualification number", S.result.qualification_number),
                _detail("Issued", S.result.issued_on),
                _detail("Status changed", S.result.status_changed_on),
                size="2",
            ),
            rx.cond(
                S.result.replaced_by != "",
                rx.link(
                    "Check the current version: " + S.result.replaced_by,
                    href="/verify/" + S.result.replaced_by,
                ),
                rx.fragment(),
            ),
            spacing="3",
        ),
        width="100%",
        class_name=f"verify-result verify-{outcome}",
        border_left=f"6px solid var(--{colour}-9)",
    )


def _result() -> rx.Component:
    return rx.match(
        S.result.outcome,
        *[(outcome, _result_card(outcome)) for outcome in OUTCOME_LOOK],
        rx.fragment(),
    )


def _badge_check() -> rx.Component:
    """An Open Badge file checked as an outside verifier would: proof, issuer key, status list."""
    return rx.vstack(
        rx.heading("Check an Open Badge file", size="4", as_="h2"),
        rx.text(
            "Paste the badge's JSON or choose its .json file: we check our signature and whether "
            "the badge has been revoked since it was downloaded.",
            color_scheme="gray",
            size="2",
        ),
        rx.form(
            field(
                "Badge JSON",
                rx.text_area(name="badge", aria_label="Badge JSON", id="badge-json", rows="5", width="100%"),
                S.badge_error,
            ),
            rx.flex(
                rx.button("Check badge", type="submit", loading=S.busy, id="badge-submit"),
                named_file_input(
                    rx.upload.root(
                        rx.button(
                            rx.icon("file_up", size=14), "Choose a badge file", variant="soft", type="button"
                        ),
                        id=BADGE_UPLOAD,
                        accept={"application/json": [".json"]},
                        max_files=1,
                        multiple=False,
                        no_drag=True,
                        on_drop=S.check_badge_file(rx.upload_files(upload_id=BADGE_UPLOAD)),
                    ),
                    "Badge file",
                ),
                gap="10px",
                wrap="wrap",
                margin_top="8px",
            ),
            on_submit=S.check_badge,
            reset_on_submit=False,
            width="100%",
        ),
        spacing="2",
        width="100%",
    )


def _verify_body() -> rx.Component:
    return page_shell(
        rx.vstack(
            rx.heading("Verify a document", size="6", as_="h1"),
            rx.text(
                f"Check that a certificate, transcript or badge was issued by {settings.org_name} and is still "
                "valid. Enter the reference printed on the document, or scan its QR code. We show only what is "
                "needed to match it to the person in front of you.",
                color_scheme="gray",
            ),
            rx.form(
                rx.flex(
                    rx.box(
                        field(
                            "Document reference",
                            rx.input(
                                name="reference",
                                default_value=S.query,
                                placeholder="e.g. 29567186-01-PJPC",
                                id="verify-reference",
                                size="3",
                                auto_complete="off",
                                key=S.query,
                            ),
                            S.error,
                        ),
                        flex="1",
                        min_width="240px",
                    ),
                    rx.button("Verify", type="submit", size="3", loading=S.busy, id="verify-submit"),
                    gap="12px",
                    align="end",
                    wrap="wrap",
                    width="100%",
                ),
                on_submit=S.submit,
                width="100%",
            ),
            _badge_check(),
            _result(),
            spacing="4",
            width="100%",
            max_width="720px",
        ),
    )


@rx.page(route="/verify", title="Verify a document", on_load=S.load)
def verify_page() -> rx.Component:
    return _verify_body()


@rx.page(route="/verify/[verify_ref]", title="Verification result", on_load=S.load)
def verify_reference_page() -> rx.Component:
    return _verify_body()
