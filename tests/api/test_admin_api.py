"""Plain HTTP beside the pages: the audit log's CSV (administrators' session only) and the
public verification JSON counting each check for the overview."""

from __future__ import annotations

import pytest
from sqlmodel import select
from starlette.testclient import TestClient

from portal_app.api import routes
from portal_app.infra.clock import utcnow
from portal_app.models import AuditEvent
from portal_app.models.audit import VerificationCheck
from portal_app.services import auth
from tests.factories import make_account, make_learner


@pytest.fixture
def client(use_engine):
    return TestClient(routes.api)


def _session(uow, account) -> str:
    return uow(lambda db, a: auth.open_session(db, a, utcnow()).token, account)


def test_the_audit_csv_is_for_an_administrators_session_only(db, uow, client):
    today = utcnow().date().isoformat()
    url = f"/api/admin/audit.csv?from={today}&to={today}"
    assert client.get(url).status_code == 401
    learner = make_learner(db)
    client.cookies.set("portal_session", _session(uow, learner))
    assert client.get(url).status_code == 403
    admin = make_account(db, kind="admin", email="csv@example.com")
    client.cookies.set("portal_session", _session(uow, admin))
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert response.headers["content-disposition"] == f'attachment; filename="audit-{today}-to-{today}.csv"'
    assert response.text.startswith("time_utc,actor_email,")
    exported = db.exec(select(AuditEvent).where(AuditEvent.action == "audit.exported")).one()
    assert exported.client_address == "testclient"  # the request's address, recorded
    bad = client.get(f"/api/admin/audit.csv?from={today}&to=2000-01-01")
    assert bad.status_code == 400 and "end date" in bad.text


def test_each_public_check_is_counted_with_its_outcome_only(db, client):
    client.get("/api/verify/00000000-01-NONE")
    checks = db.exec(select(VerificationCheck)).all()
    assert [c.outcome for c in checks] == ["not_found"]
