"""Finding an account by e-mail address: its primary address or any extra address it proved.

Every place that finds an account from an address someone typed (sign-in, forgotten password,
registration's "already registered", connection offers and requests, the second factor's reset)
asks here, so an address proven by link reaches the same account everywhere, and an address
still waiting for its link reaches nobody.
"""

from __future__ import annotations

from sqlmodel import Session, col, select

from portal_app.models import Account, AccountEmail
from portal_app.services.text import clean


def normalise_email(email: str) -> str:
    return clean(email, 320).lower()


def account_by_email(db: Session, address: str, *, lock: bool = False) -> Account | None:
    """The account whose primary address, or one of whose proven extra addresses, is `address`."""
    address = normalise_email(address)
    if not address:
        return None
    by_primary = select(Account).where(Account.email == address)
    by_extra = (
        select(Account)
        .join(AccountEmail, col(AccountEmail.account_id) == Account.id)
        .where(AccountEmail.address == address, col(AccountEmail.verified_at).is_not(None))
    )
    for query in (by_primary, by_extra):
        if lock:
            query = query.with_for_update(of=Account)
        account = db.exec(query).first()
        if account is not None:
            return account
    return None


def proven_addresses(db: Session, account: Account) -> list[str]:
    """The account's primary address first, then the extra addresses it proved."""
    extra = db.exec(
        select(AccountEmail.address)
        .where(AccountEmail.account_id == account.id, col(AccountEmail.verified_at).is_not(None))
        .order_by(col(AccountEmail.id))
    ).all()
    return [account.email.lower(), *extra]
