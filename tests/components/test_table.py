"""A dialog trigger must reach the button: Radix triggers hand their click to their child, and a
Radix Themes tooltip passes what it does not know to its bubble, so a tooltip inside a trigger
made the bin and x icons on the Connections page do nothing (see docs/CONNECTIONS.md)."""

from __future__ import annotations

import re

import reflex as rx

from portal_app.components.table import confirm_dialog, icon_action, row_action


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
