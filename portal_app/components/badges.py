"""One status badge for every status the portal shows: one map from status to label and colour.

Documents, connections, issue reports, orders and accounts share some status words ("active",
"pending"); where they do, they mean the same thing to the reader and look the same. A status
the map does not know shows as its own word in grey, never as nothing.
"""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex_components_radix.themes.base import LiteralAccentColor

from portal_app.services.orders import STATUS_LABELS as ORDER_LABELS

# status -> (label a person reads, Radix colour). Colour never carries the meaning alone: the
# label says it (WCAG 1.4.1); the badge CSS keeps the text at step 12 for contrast.
STATUSES: dict[str, tuple[str, LiteralAccentColor]] = {
    # documents
    "valid": ("Valid", "green"),
    "superseded": ("Superseded", "gray"),
    "revoked": ("Revoked", "red"),
    # connections
    "pending": ("Pending", "amber"),
    "active": ("Active", "green"),
    "expired": ("Expired", "gray"),
    "declined": ("Declined", "orange"),
    # issue reports
    "open": ("Open", "amber"),
    "answered": ("Answered", "blue"),
    "closed": ("Closed", "gray"),
    # accounts
    "unverified": ("Unverified", "gray"),
    "pending_review": ("Pending review", "amber"),
    "suspended": ("Suspended", "red"),
    "rejected": ("Rejected", "red"),
    # a profile's extra e-mail addresses: proven by their link, or waiting for it
    "verified": ("Verified", "green"),
    "waiting": ("Waiting", "amber"),
    # orders (labels from services.orders, so e-mails and pages agree)
    "pending_payment": (ORDER_LABELS["pending_payment"], "amber"),
    "paid": (ORDER_LABELS["paid"], "green"),
    "processing": (ORDER_LABELS["processing"], "blue"),
    "dispatched": (ORDER_LABELS["dispatched"], "indigo"),
    "cancelled": (ORDER_LABELS["cancelled"], "gray"),
    "refunded": (ORDER_LABELS["refunded"], "orange"),
}


def status_badge(status: Any, size: str = "1") -> rx.Component:
    """The badge for `status` (a Var or a plain string)."""
    return rx.match(
        status,
        *[
            (name, rx.badge(label, color_scheme=colour, variant="soft", size=size, class_name="status-badge"))
            for name, (label, colour) in STATUSES.items()
        ],
        rx.badge(status, color_scheme="gray", variant="soft", size=size, class_name="status-badge"),
    )
