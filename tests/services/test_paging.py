"""Lists are counted only so far, page exactly, and search for what was typed, wildcards included;
figures and their nouns agree."""

from __future__ import annotations

import pytest

from portal_app.services import accounts, issuing, paging
from portal_app.services.text import counted
from tests.factories import make_account, make_record


@pytest.fixture
def small_limit(monkeypatch):
    monkeypatch.setattr(paging, "COUNT_LIMIT", 5)


def _records(db, n: int, **kw) -> list:
    return [make_record(db, last_name=f"Zeta{i:02d}", **kw) for i in range(n)]


def test_a_long_list_is_counted_up_to_the_limit_and_still_pages_to_its_end(db, small_limit):
    admin = make_account(db, "admin")
    _records(db, 2 * issuing.PAGE_SIZE + 12)  # three pages; counting stops at 5
    first = issuing.search_records(db, admin)
    assert (first.total, first.more, first.has_next) == (5, True, True)
    assert first.summary == "5+ in all · page 1"
    assert first.describe("learner record") == "5+ learner records · page 1"
    third = issuing.search_records(db, admin, page=3)
    assert (len(third.rows), third.has_next, third.number) == (12, False, 3)
    assert third.summary == "5+ in all · page 3"


def test_a_short_list_is_counted_exactly_and_a_page_past_its_end_is_its_last(db):
    admin = make_account(db, "admin")
    _records(db, issuing.PAGE_SIZE + 1)
    last = issuing.search_records(db, admin, page=99)
    assert (last.number, last.pages, last.has_next, len(last.rows)) == (2, 2, False, 1)
    assert last.summary == f"{issuing.PAGE_SIZE + 1} in all · page 2 of 2"
    one = issuing.search_records(db, admin, query=last.rows[0].candidate_number)
    assert one.describe("learner record") == "1 learner record · page 1 of 1"
    first = issuing.search_records(db, admin, page=1)
    assert first.has_next and not first.more


def test_search_treats_wildcards_as_the_characters_typed(db):
    admin = make_account(db, "admin")
    underscored = make_record(db, email="jo_smith@example.com")
    make_record(db, email="joasmith@example.com")
    make_record(db, email="jo%smith@example.org")
    found = issuing.search_records(db, admin, query="JO_SMITH").rows
    assert [r.id for r in found] == [underscored.id]
    assert [r.email for r in issuing.search_records(db, admin, query="jo%").rows] == ["jo%smith@example.org"]
    assert issuing.search_records(db, admin, query="\\").rows == []


def test_overview_figures_say_when_they_stop_counting(db, small_limit):
    admin = make_account(db, "admin")
    for _ in range(6):
        make_account(db, "learner", status="pending_review")
    for _ in range(2):
        make_account(db, "third_party")
    figures = accounts.overview(db, admin)
    assert figures.pending_registrations == "5+"
    assert figures.third_parties == "2"
    for _ in range(6):
        make_account(db, "learner")
    learners = accounts.overview(db, admin).learners
    if db.get_bind().dialect.name == "postgresql":
        assert learners.startswith("about ")  # the planner's estimate beyond the limit
    else:
        assert learners == "5+"


def test_figures_and_nouns_agree():
    assert [counted(1, "document"), counted(3, "document"), counted("1,000+", "connection")] == [
        "1 document",
        "3 documents",
        "1,000+ connections",
    ]
    assert counted(2, "reply", "replies") == "2 replies"
