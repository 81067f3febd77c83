"""Every page and e-mail writes dates one way: 13/11/2024, and times in UTC, saying so."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

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


def test_sentences_say_the_day_in_words_and_typed_days_read_day_first():
    from portal_app.services.dates import day_in_words, parse_day

    assert day_in_words(date(2024, 11, 13)) == "13 November 2024"
    assert day_in_words(date(2026, 7, 1)) == "1 July 2026"
    assert day_in_words("2024-11-13") == "13 November 2024"
    assert day_in_words("") == "" and day_in_words(None) == "" and day_in_words("not a date") == ""
    assert parse_day("13/11/2024") == parse_day("13-11-2024") == parse_day("2024-11-13") == date(2024, 11, 13)
    assert parse_day(" 1/2/2027 ") == date(2027, 2, 1)  # the first of February, never 2 January
    for wrong in ("31/02/2026", "11/13/2024", "tomorrow", "13/11/24"):
        with pytest.raises(ValueError):
            parse_day(wrong)
