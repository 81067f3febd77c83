"""GET /api/verify/<reference>: the public JSON verification, rate-limited per client."""

from __future__ import annotations

import pytest
from limits.storage import MemoryStorage
from starlette.testclient import TestClient

from portal_app.api import routes
from portal_app.infra.ratelimit import Limit
from tests.factories import make_record, make_signed_document


@pytest.fixture
def client(use_engine, monkeypatch):
    import portal_app.infra.ratelimit as ratelimit

    monkeypatch.setattr(ratelimit, "verify_limiter", Limit("api", "5 per minute", MemoryStorage()))
    return TestClient(routes.api)


def test_json_shows_outcome_and_minimum_data(db, client):
    record = make_record(db, first_name="Claire", last_name="Hammond")
    doc = make_signed_document(db, record)
    response = client.get(f"/api/verify/{doc.reference}")
    assert response.status_code == 200
    body = response.json()
    assert (body["outcome"], body["holder"]) == ("valid", "C. Hammond")
    assert record.candidate_number not in response.text and "date_of_birth" not in response.text
    assert client.get("/api/verify/00000000-01-NONE").status_code == 404


def test_too_many_requests_get_429(db, client):
    codes = [client.get("/api/verify/00000000-01-NONE").status_code for _ in range(6)]
    assert codes == [404] * 5 + [429]
