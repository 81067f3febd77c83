"""Date of birth: typed as day / month / year (always possible), or picked from a calendar whose
heading zooms out from days to months to a decade of years."""

from __future__ import annotations

from typing import Any

import reflex as rx

from portal_app.components.forms import field
from portal_app.state.date_picker import MONTHS, DatePickerState

WEEKDAYS = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]


def _part(name: str, label: str, value: Any, on_change: Any, width: str, placeholder: str) -> rx.Component:
    return rx.vstack(
        rx.text(label, size="1", color_scheme="gray", as_="label", custom_attrs={"htmlFor": f"dob-{name}"}),
        rx.input(
            id=f"dob-{name}",
            name=f"dob_{name}",
            value=value,
            on_change=on_change,
            input_mode="numeric",
            placeholder=placeholder,
            max_length=4 if name == "year" else 2,
            auto_complete=f"bday-{'day' if name == 'day' else 'month' if name == 'month' else 'year'}",
            width=width,
            size="3",
        ),
        spacing="1",
    )


def _typed(name: str) -> rx.Var:
    """What is in the input now: the state may not have heard the last keystroke yet when the
    calendar button is clicked straight after typing."""
    return rx.Var(_js_expr=f"(document.getElementById('dob-{name}')?.value ?? '')", _var_type=str)


def _arrow_keys(columns: int) -> rx.Var:
    """The arrow keys (and Home, End) move the focus between a view's buttons, a row being
    `columns` wide; only the focused button is a Tab stop, so Tab leaves the view in one press.
    Compiled into the page (no eval, which the Content-Security-Policy forbids); no round trip."""
    return rx.Var(
        _js_expr=f"""((e) => {{
  const cells = Array.from(e.currentTarget.querySelectorAll('button'));
  const from = cells.indexOf(document.activeElement);
  const moves = {{ArrowLeft: -1, ArrowRight: 1, ArrowUp: -{columns}, ArrowDown: {columns}}};
  if (from < 0 || !(e.key in moves || e.key === 'Home' || e.key === 'End')) return;
  e.preventDefault();
  const to = e.key === 'Home' ? 0 : e.key === 'End' ? cells.length - 1 : from + moves[e.key];
  if (to < 0 || to >= cells.length) return;
  cells.forEach((cell, i) => {{ cell.tabIndex = i === to ? 0 : -1; }});
  cells[to].focus();
}})"""
    )


def _view(label: Any, columns: int, *cells: rx.Component, spacing: str = "2") -> rx.Component:
    """One view of the calendar: a named group of buttons that the arrow keys move through."""
    return rx.grid(
        *cells,
        columns=str(columns),
        spacing=spacing,
        role="group",
        aria_label=label,
        custom_attrs={"onKeyDown": _arrow_keys(columns)},
    )


def _roving(current: rx.Var) -> dict[str, Any]:
    """The button for what is chosen now is the view's one Tab stop and takes the focus as the
    view opens (a year chosen shows the months with that month focused)."""
    return {"tab_index": rx.cond(current, 0, -1), "auto_focus": current}


def _days(on_pick: Any) -> rx.Component:
    return _view(
        "Days of " + DatePickerState.month_label,
        7,
        *[
            rx.text(d, size="1", color_scheme="gray", text_align="center", aria_hidden="true")
            for d in WEEKDAYS
        ],
        rx.foreach(
            DatePickerState.weeks,
            lambda week: rx.foreach(
                week,
                lambda cell: rx.cond(
                    cell["day"] != "",
                    rx.button(
                        cell["day"],
                        variant="ghost",
                        size="1",
                        type="button",
                        on_click=[on_pick(cell["iso"]), DatePickerState.close],
                        aria_label=cell["iso"],
                        # the 1st; a new month's 1st takes the focus only when chosen, not paged to
                        tab_index=rx.cond(cell["day"] == "1", 0, -1),
                        auto_focus=(cell["day"] == "1") & DatePickerState.entered,
                    ),
                    rx.box(),
                ),
            ),
        ),
        spacing="1",
    )


def _months() -> rx.Component:
    return _view(
        "Months of " + DatePickerState.year.to_string(),
        4,
        *[
            rx.button(
                name,
                variant="soft",
                size="1",
                type="button",
                on_click=DatePickerState.choose_month(i + 1),
                **_roving(DatePickerState.month == i + 1),
            )
            for i, name in enumerate(MONTHS)
        ],
    )


def _years() -> rx.Component:
    return _view(
        "Years " + DatePickerState.decade_label,
        4,
        rx.foreach(
            DatePickerState.decade_years,
            lambda y: rx.button(
                y.to_string(),
                variant="soft",
                size="1",
                type="button",
                on_click=DatePickerState.choose_year(y),
                **_roving(DatePickerState.year == y),
            ),
        ),
    )


def _calendar(on_pick: Any) -> rx.Component:
    heading = rx.match(
        DatePickerState.view,
        ("days", DatePickerState.month_label),
        ("months", DatePickerState.year.to_string()),
        DatePickerState.decade_label,
    )
    return rx.vstack(
        rx.hstack(
            rx.icon_button(
                rx.icon("chevron-left"),
                variant="ghost",
                type="button",
                on_click=DatePickerState.previous,
                aria_label="Previous",
            ),
            rx.button(
                heading,
                variant="ghost",
                type="button",
                on_click=DatePickerState.zoom_out,
                id="dob-zoom",
                title="Show months, then years",
            ),
            rx.icon_button(
                rx.icon("chevron-right"),
                variant="ghost",
                type="button",
                on_click=DatePickerState.next,
                aria_label="Next",
            ),
            justify="between",
            width="100%",
        ),
        rx.match(DatePickerState.view, ("days", _days(on_pick)), ("months", _months()), _years()),
        rx.text(
            "Tip: the heading shows the months, then the years; the arrow keys move between them.",
            size="1",
            color_scheme="gray",
        ),
        spacing="2",
        width="260px",
    )


def date_of_birth_field(
    day: Any, month: Any, year: Any, set_day: Any, set_month: Any, set_year: Any, on_pick: Any, error: Any
) -> rx.Component:
    """Three typed parts plus a calendar button; `on_pick` receives "YYYY-MM-DD"."""
    picker = rx.popover.root(
        rx.popover.trigger(
            rx.icon_button(
                rx.icon("calendar"),
                variant="soft",
                size="3",
                type="button",
                aria_label="Pick the date from a calendar",
                id="dob-calendar",
            )
        ),
        rx.popover.content(_calendar(on_pick)),
        open=DatePickerState.open,
        # Opening starts at what is typed. Not the button's own on_click: Reflex would wrap the
        # button in a <div> that became the trigger, and closing (a day picked, Escape) gave the
        # focus back to that div, which cannot take it, instead of to the button.
        on_open_change=lambda opening: DatePickerState.set_open(opening, _typed("year"), _typed("month")),
    )
    return field(
        "Date of birth",
        rx.hstack(
            _part("day", "Day", day, set_day, "64px", "DD"),
            _part("month", "Month", month, set_month, "64px", "MM"),
            _part("year", "Year", year, set_year, "88px", "YYYY"),
            rx.box(picker, padding_top="20px"),
            spacing="2",
            align="start",
        ),
        error,
        hint="For example 21 07 1999. Type it, or pick it from the calendar.",
        required=True,
    )
