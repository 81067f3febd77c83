"""The official digital document: the learner's view of a certificate, transcript or badge.

`view` is anything with the document view's fields: `state.documents.DocumentViewState` on the
document page, a sample in the component gallery (`pages/dev_components.py`). `ids=False` leaves
out the element ids, for a page that shows several documents.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from portal_app.components.badges import status_badge
from portal_app.infra.settings import settings


def _id(name: str, ids: bool) -> str | None:
    return name if ids else None


def status_notice(view: Any, ids: bool = True) -> rx.Component:
    """Red for a failed integrity check or a revoked document, grey for a superseded one."""
    return rx.fragment(
        rx.cond(
            ~view.signature_valid,
            rx.callout(
                "This document failed its integrity check. Do not rely on it; our team has been told.",
                icon="shield_alert",
                color_scheme="red",
                width="100%",
            ),
            rx.fragment(),
        ),
        rx.match(
            view.row.status,
            (
                "revoked",
                rx.callout(
                    "This document has been revoked and is no longer valid. Reason: " + view.status_reason,
                    icon="ban",
                    color_scheme="red",
                    width="100%",
                    id=_id("status-notice", ids),
                ),
            ),
            (
                "superseded",
                rx.callout.root(
                    rx.callout.icon(rx.icon("history")),
                    rx.callout.text(
                        "This version was replaced by a corrected one (" + view.status_reason + "). ",
                        rx.link("View the current version", href="/documents/" + view.replaced_by),
                    ),
                    color_scheme="gray",
                    width="100%",
                    id=_id("status-notice", ids),
                ),
            ),
            rx.fragment(),
        ),
    )


def _unit_row(unit: Any) -> rx.Component:
    return rx.table.row(
        rx.table.cell(unit["code"]), rx.table.cell(unit["title"]), rx.table.cell(unit["grade"])
    )


def units_table(units: Any) -> rx.Component:
    """A transcript's units (code, title, grade), or nothing when it lists none: the learner's
    document page and the third party's shared copy show the same table."""
    return rx.cond(
        units.length() > 0,
        rx.box(
            rx.table.root(
                rx.table.header(
                    rx.table.row(
                        rx.table.column_header_cell("Unit"),
                        rx.table.column_header_cell("Title"),
                        rx.table.column_header_cell("Grade"),
                    )
                ),
                rx.table.body(rx.foreach(units, _unit_row)),
                size="1",
                width="100%",
            ),
            class_name="table-scroll",
            width="100%",
        ),
    )


def _badge_body(view: Any, ids: bool) -> rx.Component:
    return rx.vstack(
        rx.image(
            src=view.badge_image, alt="Badge: " + view.row.qualification_title, width="160px", height="160px"
        ),
        rx.heading(view.row.qualification_title, size="6", as_="h2", text_align="center"),
        rx.text("awarded to", color_scheme="gray"),
        rx.heading(rx.el.p(view.row.full_name), size="5", as_child=True),
        rx.text(
            rx.text.strong("Criteria: "),
            view.criteria,
            size="2",
            text_align="center",
            id=_id("badge-criteria", ids),
        ),
        align="center",
        spacing="2",
        width="100%",
    )


def _certificate_body(view: Any, ids: bool) -> rx.Component:
    return rx.vstack(
        rx.text(
            rx.cond(view.row.kind == "transcript", "Transcript of results for", "This is to certify that"),
            color_scheme="gray",
        ),
        rx.heading(rx.el.p(view.row.full_name), size="7", as_child=True, id=_id("learner-name", ids)),
        rx.text(rx.cond(view.row.kind == "transcript", "in", "has been awarded"), color_scheme="gray"),
        rx.heading(
            view.row.qualification_title,
            size="5",
            as_="h2",
            text_align="center",
            id=_id("qualification-title", ids),
        ),
        rx.text("Qualification number " + view.row.qualification_number, size="2"),
        rx.cond(view.grade != "", rx.text("Grade: ", rx.text.strong(view.grade), size="3")),
        rx.cond(view.row.kind == "transcript", units_table(view.units)),
        align="center",
        spacing="2",
        width="100%",
    )


def official_document(view: Any, ids: bool = True) -> rx.Component:
    """The document as the portal shows it, the only place it is valid (it is never a download)."""
    return rx.box(
        rx.box("Digital copy - valid only in the Achievement Portal", class_name="digital-copy-ribbon"),
        rx.box(
            "PRINTED COPY - NOT VALID. This document is valid only when viewed in the "
            f"{settings.org_name} Achievement Portal. Verify it at the address below.",
            class_name="print-only print-warning",
        ),
        rx.vstack(
            rx.hstack(
                rx.image(src=settings.org_logo, alt=f"{settings.org_name} logo", width="56px", height="56px"),
                rx.vstack(
                    rx.heading(rx.el.p(settings.org_name), size="5", as_child=True),
                    rx.text(view.row.kind_label, size="2", color_scheme="gray", text_transform="uppercase"),
                    spacing="0",
                ),
                align="center",
                spacing="3",
            ),
            rx.divider(),
            rx.cond(view.row.kind == "badge", _badge_body(view, ids), _certificate_body(view, ids)),
            rx.divider(),
            rx.flex(
                rx.vstack(
                    rx.text("Candidate number: ", view.row.candidate_number, size="2"),
                    rx.text("Date of issue: ", view.row.issued_on, size="2", id=_id("issued-on", ids)),
                    rx.text(
                        "Reference: ",
                        rx.code(view.row.reference, id=_id("document-reference", ids)),
                        size="2",
                    ),
                    rx.text("Status: ", status_badge(view.row.status), size="2"),
                    rx.text(
                        "Verify at ",
                        rx.link(view.verify_url, href=view.verify_url, id=_id("verify-url", ids)),
                        size="1",
                        word_break="break-all",
                    ),
                    spacing="1",
                    align="start",
                ),
                rx.image(
                    src=view.qr_code,
                    alt="QR code of the verification address",
                    width="120px",
                    height="120px",
                    id=_id("qr-code", ids),
                ),
                justify="between",
                align="end",
                gap="16px",
                wrap="wrap",
                width="100%",
            ),
            spacing="4",
            width="100%",
        ),
        class_name="official-document",
        data_status=view.row.status,
        id=_id("official-document", ids),
    )
