"""A data table with a search box, filters and paging; a confirm dialog; status badges.

The table only shows rows: searching, filtering and paging happen in SQL in the services, so
the state passes the current page of rows and the handlers that ask for another.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import reflex as rx
from reflex.components.radix.themes.components.tooltip import Tooltip

STATUS_COLOURS = {
    "active": "green",
    "valid": "green",
    "pending": "amber",
    "superseded": "amber",
    "expired": "gray",
    "declined": "orange",
    "revoked": "red",
}


def status_badge(status: Any) -> rx.Component:
    """A coloured badge for a connection's or document's status."""
    return rx.match(
        status,
        *[
            (name, rx.badge(name.capitalize(), color_scheme=colour))
            for name, colour in STATUS_COLOURS.items()
        ],
        rx.badge(status, color_scheme="gray"),
    )


def search_box(value: Any, on_change: Any, placeholder: str = "Search for any term") -> rx.Component:
    return rx.input(
        rx.input.slot(rx.icon("search", size=16)),
        placeholder=placeholder,
        value=value,
        on_change=on_change.debounce(300),
        aria_label="Search",
        id="table-search",
        width="100%",
        max_width="360px",
        # its hint stays readable: the toolbar wraps before the box shrinks below it (200% zoom)
        min_width="min(100%, 340px)",
    )


def filter_select(
    options: list[tuple[str, str]], value: Any, on_change: Any, label: str, id: str
) -> rx.Component:
    """A labelled select; `options` are (value, label), the first meaning "all"."""
    return rx.select.root(
        rx.select.trigger(aria_label=label, id=id),
        rx.select.content(*[rx.select.item(text, value=v) for v, text in options]),
        value=value,
        on_change=on_change,
    )


def pager(state: Any) -> rx.Component:
    """Where the list is and Previous / Next, for a state mixing in `state.paging.PagedList`."""
    return rx.hstack(
        rx.text(state.page_summary, size="2", color_scheme="gray", class_name="page-summary"),
        rx.spacer(),
        rx.button(
            "Previous",
            variant="soft",
            size="1",
            disabled=state.page <= 1,
            on_click=state.go_to(state.page - 1),
        ),
        rx.button(
            "Next", variant="soft", size="1", disabled=~state.has_next, on_click=state.go_to(state.page + 1)
        ),
        width="100%",
        align="center",
    )


def data_table(
    headers: list[str],
    rows: Any,
    render_row: Callable[[Any], rx.Component],
    empty: Any,
    toolbar: list[rx.Component] | None = None,
    footer: rx.Component | None = None,
    id: str = "data-table",
) -> rx.Component:
    """Toolbar (search, filters), the table, then a footer (pager).

    On a phone each row becomes a small card, every cell under its column's name (the
    `stack-on-phone` rule in assets/portal.css), so actions are never hidden off-screen.
    """
    return rx.vstack(
        rx.flex(*(toolbar or []), gap="8px", wrap="wrap", align="center", width="100%"),
        rx.box(
            rx.table.root(
                rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in headers])),
                rx.table.body(rx.foreach(rows, lambda row: labelled(render_row(row), headers))),
                variant="surface",
                width="100%",
                id=id,
                class_name="stack-on-phone",
            ),
            overflow_x="auto",
            width="100%",
        ),
        rx.cond(rows.length() == 0, rx.text(empty, color_scheme="gray", size="2"), rx.fragment()),
        footer or rx.fragment(),
        spacing="3",
        width="100%",
    )


def labelled(row: rx.Component, headers: list[str]) -> rx.Component:
    """Give each cell of `row` its column's name (data-label), for the stacked phone layout."""
    for cell, header in zip(row.children, headers, strict=False):
        cell.custom_attrs.setdefault("data-label", header)
    return row


def icon_action(icon: str, label: str, **props: Any) -> rx.Component:
    """A small icon button with a tooltip and an accessible name (prefer `row_action`, which shows
    its word on every screen)."""
    return rx.tooltip(
        rx.icon_button(rx.icon(icon, size=16), variant="ghost", size="2", aria_label=label, **props),
        content=label,
    )


def row_action(icon: str, word: str, name: Any, href: Any = None, **props: Any) -> rx.Component:
    """A row's action: its icon and a word to read at every width (phones have no hover), and an
    accessible name that says what it does to what, starting with that word ("Delete the
    connection with Ted Trew"). With `href` it is a link that looks like the buttons beside it.
    At least 24x24 px to touch (assets/portal.css `.row-action`)."""
    class_name = " ".join(["row-action", str(props.pop("class_name", ""))]).strip()
    content = [rx.icon(icon, size=14, aria_hidden="true"), rx.text.span(word)]
    style = {"variant": "soft", "size": "1", "aria_label": name, "class_name": class_name, **props}
    if href is not None:
        return rx.button(rx.link(*content, href=href, underline="none"), as_child=True, **style)
    return rx.button(*content, **style)


def row_actions(*actions: rx.Component) -> rx.Component:
    """A row's actions side by side, wrapping onto a second line when the column is narrow."""
    return rx.flex(*actions, gap="6px", wrap="wrap", class_name="row-actions")


def dialog_trigger(trigger: rx.Component, make_trigger: Callable[..., rx.Component]) -> rx.Component:
    """`make_trigger(trigger)`, with any tooltip moved outside it.

    A Radix trigger hands its click handler and `aria-haspopup` to its child element; a Radix
    Themes tooltip passes every prop it does not know to its bubble, not to the button it wraps.
    Inside a trigger, a tooltip-wrapped button therefore never opens the dialog (the bin and x
    icons on the Connections page did nothing), so the tooltip must wrap the trigger instead.
    """
    if isinstance(trigger, Tooltip):
        trigger.children = [make_trigger(*trigger.children)]
        return trigger
    return make_trigger(trigger)


def confirm_dialog(
    trigger: rx.Component,
    title: Any,
    description: Any,
    confirm_label: str,
    on_confirm: Any,
    details: rx.Component | None = None,
    cancel_label: str = "Cancel",
) -> rx.Component:
    """Ask before something that cannot be undone; `details` (block content) go under the question.

    Keyboard: the dialog opens on Cancel (Enter keeps things as they are), Tab reaches the
    confirm button, Escape closes it."""
    return rx.alert_dialog.root(
        dialog_trigger(trigger, rx.alert_dialog.trigger),
        rx.alert_dialog.content(
            rx.alert_dialog.title(title),
            rx.alert_dialog.description(description),
            details or rx.fragment(),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button(cancel_label, variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(
                    rx.button(confirm_label, color_scheme="red", on_click=on_confirm, class_name="confirm")
                ),
                justify="end",
                spacing="3",
                margin_top="16px",
            ),
        ),
    )


def list_tabs(tabs: list[tuple[str, str]], value: Any, on_change: Any, panel: rx.Component) -> rx.Component:
    """Tabs that switch what one list shows (e.g. Active / Inactive connections), and the list as
    their tab panel. Radix points each tab at a panel of its own; here one panel (the list, which
    the state filters) belongs to whichever tab is selected, so each tab names that panel."""
    panel_id = "tab-panel"
    return rx.fragment(
        rx.tabs.root(
            rx.tabs.list(
                *[
                    rx.tabs.trigger(label, value=v, id=f"tab-{v}", aria_controls=panel_id)
                    for v, label in tabs
                ],
            ),
            value=value,
            on_change=on_change,
            width="100%",
        ),
        rx.box(
            panel,
            id=panel_id,
            role="tabpanel",
            aria_labelledby=rx.match(value, *[(v, f"tab-{v}") for v, _ in tabs], f"tab-{tabs[0][0]}"),
            width="100%",
        ),
    )
