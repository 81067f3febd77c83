"""The basket count shown in the top bar, in one indexed query."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, select

from portal_app.models import Account, BasketItem


def count(db: Session, account: Account) -> int:
    if account.kind != "learner":
        return 0
    total = db.exec(
        select(func.coalesce(func.sum(BasketItem.quantity), 0)).where(BasketItem.account_id == account.id)
    ).one()
    return int(total)
