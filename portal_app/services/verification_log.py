"""Public verification, counted: how often employers check a reference (the overview's chart).

Only the outcome and the time are kept: nothing about who asked or which document, so the count
tells staff nothing about a learner. The checks are already rate-limited per client address.
"""

from __future__ import annotations

from sqlmodel import Session

from portal_app.models.audit import VerificationCheck
from portal_app.services.verification import Verification, verify_reference


def verify_and_count(db: Session, reference: str) -> Verification:
    result = verify_reference(db, reference)
    db.add(VerificationCheck(outcome=result.outcome[:16]))
    return result
