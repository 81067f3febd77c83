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


def _days(on_pick: Any) -> rx.Component:
    return rx.grid(
        *[rx.text(d, size="1", color_scheme="gray", text_align="center") for d in WEEKDAYS],
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
                    ),
                    rx.box(),
                ),
            ),
        ),
        columns="7",
        spacing="1",
    )


def _months() -> rx.Component:
    return rx.grid(
        *[
            rx.button(
                name, variant="soft", size="1", type="button", on_click=DatePickerState.choose_month(i + 1)
            )
            for i, name in enumerate(MONTHS)
        ],
        columns="4",
        spacing="2",
    )


def _years() -> rx.Component:
    return rx.grid(
        rx.foreach(
            DatePickerState.decade_years,
            lambda y: rx.button(
                y.to_string(),
                variant="soft",
                size="1",
                type="button",
                on_click=DatePickerState.choose_year(y),
            ),
        ),
        columns="4",
        spacing="2",
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
        rx.text("Tip: click the heading to choose a month, then a year.", size="1", color_scheme="gray"),
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
                on_click=DatePickerState.start_at(_typed("year"), _typed("month")),
            )
        ),
        rx.popover.content(_calendar(on_pick)),
        open=DatePickerState.open,
        on_open_change=DatePickerState.set_open,
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
