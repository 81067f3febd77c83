"""The basket count shown in the top bar, in one indexed query."""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Session

from portal_app.models import Account, BasketItem, table_of

# Built once and on the table, not the ORM entity: it runs on every page load.
_basket = table_of(BasketItem).c
_COUNT = sa.select(sa.func.coalesce(sa.func.sum(_basket.quantity), 0)).where(
    _basket.account_id == sa.bindparam("account_id")
)


def count(db: Session, account: Account) -> int:
    if account.kind != "learner":
        return 0
    return int(db.execute(_COUNT, {"account_id": account.id}).scalar_one())
