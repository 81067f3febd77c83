"""A data table with a search box, filters and paging; row actions; a confirm dialog.

The table only shows rows: searching, filtering and paging happen in SQL in the services, so
the state passes the current page of rows and the handlers that ask for another. Each table is
a list of `Column`s: one spec drives the header, the cells and the names each cell shows on a
phone, where every row becomes a small card.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import reflex as rx
from reflex_components_radix.themes.components.tooltip import Tooltip

from portal_app.components.links import link_button


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


def search_form(
    value: Any,
    on_submit: Any,
    label: str,
    id: str,
    placeholder: str = "Search for any term",
    reset: bool = False,
) -> rx.Component:
    """A search box with its Search button, for a list searched when the form is sent (each
    search is a query); `label` names the box for screen readers and voice control. `reset`:
    the box shows the state's search again whenever that changes (a page load clears it), at the
    cost of the focus leaving the box after a search."""
    return rx.form(
        rx.hstack(
            rx.input(
                rx.input.slot(rx.icon("search", size=16)),
                name="search",
                placeholder=placeholder,
                default_value=value,
                aria_label=label,
                id=id,
            ),
            rx.button("Search", type="submit", variant="soft"),
            spacing="2",
        ),
        on_submit=on_submit,
        width="auto",
        **({"key": value} if reset else {}),
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


@dataclass(frozen=True)
class Column:
    """One column: its header, what a row shows in it, and props for the cell (e.g. nowrap).
    `row_header` makes the cell the row's header (what a screen reader announces for the row)."""

    header: str
    cell: Callable[[Any], Any]  # row -> a component, a Var, or a tuple of them
    props: dict[str, Any] = field(default_factory=dict)
    row_header: bool = False

    def render(self, row: Any) -> rx.Component:
        make = rx.table.row_header_cell if self.row_header else rx.table.cell
        content = self.cell(row)
        children = content if isinstance(content, tuple) else (content,)
        return make(*children, custom_attrs={"data-label": self.header}, **self.props)


def table_of(
    columns: list[Column],
    rows: Any,
    id: str | None = None,
    row_props: Callable[[Any], dict[str, Any]] | None = None,
    header: bool = True,
    **props: Any,
) -> rx.Component:
    """The table itself (for a table inside a card or a row; `data_table` adds the toolbar,
    the empty message and the pager). `header=False`: no header row (the phone labels stay)."""

    def render_row(row: Any) -> rx.Component:
        return rx.table.row(
            *[column.render(row) for column in columns], **(row_props(row) if row_props else {})
        )

    root_props: dict[str, Any] = {
        "variant": "surface",
        "width": "100%",
        "class_name": "stack-on-phone",
        **props,
    }
    if id:
        root_props["id"] = id
    return rx.table.root(
        rx.table.header(rx.table.row(*[rx.table.column_header_cell(c.header) for c in columns]))
        if header
        else rx.fragment(),
        rx.table.body(rx.foreach(rows, render_row)),
        **root_props,
    )


def data_table(
    columns: list[Column],
    rows: Any,
    empty: Any,
    toolbar: list[rx.Component] | None = None,
    footer: rx.Component | None = None,
    id: str = "data-table",
    row_props: Callable[[Any], dict[str, Any]] | None = None,
) -> rx.Component:
    """Toolbar (search, filters), the table, then a footer (pager).

    On a phone each row becomes a small card, every cell under its column's name (the
    `stack-on-phone` rule in assets/portal.css, reading each cell's data-label), so actions are
    never hidden off-screen. `row_props(row)`: props of a row's <tr> (a class, a key).
    """

    return rx.vstack(
        rx.flex(*(toolbar or []), gap="8px", wrap="wrap", align="center", width="100%"),
        rx.box(table_of(columns, rows, id=id, row_props=row_props), overflow_x="auto", width="100%"),
        rx.cond(rows.length() == 0, rx.text(empty, color_scheme="gray", size="2")),
        footer or rx.fragment(),
        spacing="3",
        width="100%",
    )


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
        return link_button(*content, href=href, **style)
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
