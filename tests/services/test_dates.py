"""Every page and e-mail writes dates one way: 13/11/2024, and times in UTC, saying so."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

from portal_app.services.dates import day, moment


def test_days_and_moments_read_the_same_everywhere():
    assert day(date(2024, 11, 13)) == "13/11/2024"
    assert day(datetime(2024, 11, 13, 23, 59, tzinfo=UTC)) == "13/11/2024"
    assert day(None) == "" and moment(None) == ""
    assert moment(datetime(2026, 11, 29, 7, 6, tzinfo=UTC)) == "29/11/2026 07:06 UTC"
    # a time from elsewhere is told in UTC; a naive one is taken as UTC (how SQLite returns them)
    paris = timezone(timedelta(hours=1))
    assert moment(datetime(2026, 11, 29, 8, 6, tzinfo=paris)) == "29/11/2026 07:06 UTC"
    assert moment(datetime(2026, 11, 29, 7, 6)) == "29/11/2026 07:06 UTC"
