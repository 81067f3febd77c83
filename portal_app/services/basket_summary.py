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
# The same count as a column of a query on the account table (the page load's session check).
OF_ACCOUNT = (
    sa.select(sa.func.coalesce(sa.func.sum(_basket.quantity), 0))
    .where(_basket.account_id == table_of(Account).c.id)
    .scalar_subquery()
)


def shown(account: Account, counted: int) -> int:
    """What the top bar shows: only a learner has a basket."""
    return int(counted) if account.kind == "learner" else 0


def count(db: Session, account: Account) -> int:
    if account.kind != "learner":
        return 0
    return int(db.execute(_COUNT, {"account_id": account.id}).scalar_one())
