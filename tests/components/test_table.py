"""A dialog trigger must reach the button: Radix triggers hand their click to their child, and a
Radix Themes tooltip passes what it does not know to its bubble, so a tooltip inside a trigger
made the bin and x icons on the Connections page do nothing (see docs/CONNECTIONS.md)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import reflex as rx

from portal_app.components.table import Column, confirm_dialog, data_table, icon_action, row_action


def _tags(component: rx.Component) -> list[str]:
    """The component tree's tags in order, outermost first."""
    return re.findall(r"jsx\((\w+(?:\.\w+)?)", str(component))


def test_a_tooltip_goes_outside_the_dialog_trigger_so_the_button_gets_the_click():
    dialog = confirm_dialog(icon_action("x", "Decline"), "Decline?", "Sure?", "Decline", rx.console_log("x"))
    tags = _tags(dialog)
    assert tags.index("RadixThemesTooltip") < tags.index("RadixThemesAlertDialog.Trigger")
    assert tags.index("RadixThemesAlertDialog.Trigger") < tags.index("RadixThemesIconButton")


def test_a_row_action_is_a_plain_button_inside_the_trigger():
    dialog = confirm_dialog(
        row_action("trash-2", "Delete", "Delete the connection with Ted"),
        "Delete?",
        "Sure?",
        "Delete",
        rx.console_log("x"),
    )
    tags = _tags(dialog)
    assert "RadixThemesTooltip" not in tags
    assert tags.index("RadixThemesAlertDialog.Trigger") + 1 == tags.index("RadixThemesButton")
    assert '"aria-label":"Delete the connection with Ted"' in str(dialog)


@dataclass(frozen=True)
class Row:
    name: str
    status: str


class TableState(rx.State):
    rows: list[Row] = []


def test_one_column_spec_gives_the_header_the_cell_and_its_phone_label():
    columns = [
        Column("Name", lambda row: row.name, row_header=True),
        Column("Status", lambda row: row.status),
    ]
    rendered = str(data_table(columns, TableState.rows, "Nothing yet."))
    assert rendered.count("RadixThemesTable.ColumnHeaderCell") == 2
    assert '"data-label":"Name"' in rendered and '"data-label":"Status"' in rendered
    assert "RadixThemesTable.RowHeaderCell" in rendered  # the row is announced by its name
