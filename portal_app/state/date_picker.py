"""The calendar behind the date-of-birth field: days -> months -> years (a decade) views, so a
date decades ago takes a few clicks. Typing the date is always possible; this only helps."""

from __future__ import annotations

import calendar

import reflex as rx

from portal_app.infra.clock import utcnow
from portal_app.state.base import event

MONTHS = [calendar.month_abbr[m] for m in range(1, 13)]
PLAUSIBLE_AGE = 30


class DatePickerState(rx.State):
    open: bool = False
    view: str = "days"  # days | months | years
    year: int = 1995
    month: int = 1
    # A view opened by a choice gives the focus to its current button; paging with Previous and
    # Next leaves it on the button that was pressed.
    entered: bool = False

    @rx.var
    def month_label(self) -> str:
        return f"{calendar.month_name[self.month]} {self.year}"

    @rx.var
    def decade_start(self) -> int:
        return self.year - self.year % 10

    @rx.var
    def decade_label(self) -> str:
        start = self.year - self.year % 10
        return f"{start} \u2013 {start + 9}"

    @rx.var
    def weeks(self) -> list[list[dict[str, str]]]:
        """Weeks of the shown month (Monday first); blank cells have day "" ."""
        rows = []
        for week in calendar.Calendar(firstweekday=0).monthdayscalendar(self.year, self.month):
            rows.append(
                [
                    {
                        "day": str(d) if d else "",
                        "iso": f"{self.year:04d}-{self.month:02d}-{d:02d}" if d else "",
                    }
                    for d in week
                ]
            )
        return rows

    @rx.var
    def decade_years(self) -> list[int]:
        start = self.year - self.year % 10
        return list(range(start - 1, start + 11))

    @event
    def set_open(self, value: bool, year: str = "", month: str = "") -> None:
        """Opening starts at the typed `year` and `month` (see `_start_at`); closing just closes."""
        if value:
            self._start_at(year, month)
        else:
            self.open = False

    def _start_at(self, year: str, month: str) -> None:
        """Open on the typed month; with only a year typed, on its months; with nothing typed, on
        the years of a plausible decade (learners are mostly born 20 to 40 years ago), so a
        birthday is three clicks away instead of a walk back from January 2001."""
        this_year = utcnow().year
        typed_year = year.isdigit() and 1900 <= int(year) <= this_year
        typed_month = month.isdigit() and 1 <= int(month) <= 12
        self.year = int(year) if typed_year else this_year - PLAUSIBLE_AGE
        self.month = int(month) if typed_month else 1
        self.view = "days" if typed_year and typed_month else "months" if typed_year else "years"
        self.entered = True
        self.open = True

    @event
    def previous(self) -> None:
        self.entered = False
        if self.view == "days":
            self.year, self.month = (self.year - 1, 12) if self.month == 1 else (self.year, self.month - 1)
        elif self.view == "months":
            self.year -= 1
        else:
            self.year -= 10
        self.year = max(self.year, 1900)

    @event
    def next(self) -> None:
        self.entered = False
        if self.view == "days":
            self.year, self.month = (self.year + 1, 1) if self.month == 12 else (self.year, self.month + 1)
        elif self.view == "months":
            self.year += 1
        else:
            self.year += 10
        self.year = min(self.year, utcnow().year)

    @event
    def zoom_out(self) -> None:
        self.view = {"days": "months", "months": "years"}.get(self.view, "years")
        self.entered = True

    @event
    def choose_year(self, year: int) -> None:
        self.year = int(year)
        self.view = "months"
        self.entered = True

    @event
    def choose_month(self, month: int) -> None:
        self.month = int(month)
        self.view = "days"
        self.entered = True

    @event
    def close(self) -> None:
        self.open = False
