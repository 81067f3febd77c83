"""Checkout: addresses, delivery options by destination zone, the order summary, and turning a
basket into a pending order.

The browser only ever names things (address ids, a delivery option id); prices, quantities and
documents are read from the database here. Placing an order locks the account's row first, so
two checkouts of one basket (two tabs, a double click) make one order.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlmodel import Session, col, delete, select

from portal_app.infra.settings import settings
from portal_app.models import Account, Address, BasketItem, DeliveryOption, Order, OrderLine
from portal_app.services import addresses, audit
from portal_app.services.basket import BasketLine, lines, subtotal
from portal_app.services.errors import DomainError, ValidationError
from portal_app.services.store import require_learner

EUROPE = frozenset(
    "AD AL AT BA BE BG BY CH CY CZ DE DK EE ES FI FO FR GG GI GR HR HU IE IM IS IT JE LI LT LU "
    "LV MC MD ME MK MT NL NO PL PT RO RS SE SI SK SM UA VA XK".split()
)


def zone_for_country(country: str) -> str:
    """GB -> UK, European countries -> EUROPE, everywhere else -> WORLD."""
    code = (country or "").upper()
    if code == "GB":
        return "UK"
    return "EUROPE" if code in EUROPE else "WORLD"


@dataclass(frozen=True)
class DeliveryChoice:
    id: int
    name: str
    description: str
    price_pence: int
    currency: str


@dataclass(frozen=True)
class Summary:
    lines: list[BasketLine]
    subtotal_pence: int
    delivery: DeliveryChoice | None
    currency: str

    @property
    def delivery_pence(self) -> int:
        return self.delivery.price_pence if self.delivery else 0

    @property
    def total_pence(self) -> int:
        return self.subtotal_pence + self.delivery_pence


def delivery_options(db: Session, actor: Account, delivery_address_id: object) -> list[DeliveryChoice]:
    """Active options for the zone of the chosen delivery address, cheapest first by sort order."""
    address = addresses.own_address(db, actor, delivery_address_id)
    rows = db.exec(
        select(DeliveryOption)
        .where(DeliveryOption.zone == zone_for_country(address.country))
        .where(col(DeliveryOption.active).is_(True))
        .order_by(col(DeliveryOption.sort_order), col(DeliveryOption.id))
    ).all()
    return [DeliveryChoice(o.id or 0, o.name, o.description, o.price_pence, o.currency) for o in rows]


def _chosen_option(
    db: Session, actor: Account, delivery_address_id: object, option_id: object
) -> DeliveryChoice:
    for option in delivery_options(db, actor, delivery_address_id):
        if str(option.id) == str(option_id):
            return option
    raise ValidationError.single("delivery", "Choose a delivery option for the delivery address.")


def summary(
    db: Session, actor: Account, delivery_address_id: object = None, option_id: object = None
) -> Summary:
    basket = lines(db, actor)
    delivery = None
    if delivery_address_id and option_id:
        try:
            delivery = _chosen_option(db, actor, delivery_address_id, option_id)
        except ValidationError:
            delivery = None
    return Summary(basket, subtotal(basket), delivery, settings.currency)


def _new_number(db: Session) -> str:
    while True:
        number = f"ORD-{secrets.randbelow(90_000_000) + 10_000_000}"
        if db.exec(select(Order.id).where(Order.number == number)).first() is None:
            return number


def place_order(
    db: Session, actor: Account, billing_address_id: object, delivery_address_id: object, option_id: object
) -> Order:
    """A pending-payment order from the actor's basket, which is emptied."""
    require_learner(actor)
    errors: dict[str, str] = {}
    billing = delivery_address = None
    try:
        billing = addresses.own_address(db, actor, billing_address_id)
    except DomainError:
        errors["billing"] = "Choose or add a billing address."
    try:
        delivery_address = addresses.own_address(db, actor, delivery_address_id)
    except DomainError:
        errors["delivery_address"] = "Choose or add a delivery address."
    if errors or billing is None or delivery_address is None:
        raise ValidationError(errors)
    option = _chosen_option(db, actor, delivery_address.id, option_id)

    # Serialise checkouts of this account: the second waits here, then finds the basket empty.
    db.exec(select(Account.id).where(Account.id == actor.id).with_for_update()).one()
    basket = lines(db, actor)
    if not basket:
        raise DomainError("Your basket is empty.")
    currency = settings.currency
    if any(line.currency != currency for line in basket) or option.currency != currency:
        raise DomainError("Some items are priced in another currency; please contact us.")

    order = Order(
        number=_new_number(db),
        account_id=actor.id or 0,
        status="pending_payment",
        full_name=actor.full_name or delivery_address.full_name,
        billing_address=addresses.snapshot(billing),
        delivery_address=addresses.snapshot(delivery_address),
        delivery_option_name=option.name,
        delivery_pence=option.price_pence,
        subtotal_pence=subtotal(basket),
        total_pence=subtotal(basket) + option.price_pence,
        currency=currency,
        created_by_name=actor.full_name or actor.email,
        created_by_kind=actor.kind,
        payment_provider="test" if settings.payments_test_mode else "stripe",
    )
    db.add(order)
    db.flush()
    for line in basket:
        db.add(
            OrderLine(
                order_id=order.id or 0,
                product_name=line.product_name,
                document_id=line.document_id,
                document_reference=line.document_reference,
                qualification_number=line.qualification_number,
                learner_name=actor.full_name,
                unit_price_pence=line.unit_price_pence,
                quantity=line.quantity,
                line_total_pence=line.line_total_pence,
            )
        )
    db.exec(delete(BasketItem).where(col(BasketItem.account_id) == actor.id))
    audit.record(db, actor, "order.placed", "order", order.id, order.number)
    db.flush()
    return order


@dataclass(frozen=True)
class CheckoutView:
    addresses: list[tuple[int, str, str]]  # (id, one line, country code)
    options: list[DeliveryChoice]
    summary: Summary
    delivery_address_id: int | None
    option_id: int | None
    billing_address_id: int | None = None


def last_used(db: Session, actor: Account, book: list[Address]) -> tuple[int | None, int | None]:
    """(billing, delivery): the saved addresses the learner's latest order went to, each role on
    its own; a role whose address is no longer saved falls back to the profile's first address."""
    if not book:
        return None, None
    latest = db.exec(
        select(Order)
        .where(Order.account_id == actor.id)
        .order_by(col(Order.created_at).desc(), col(Order.id).desc())
        .limit(1)
    ).first()

    def saved(snapshot: dict[str, object] | None) -> int | None:
        return next((a.id for a in book if snapshot and addresses.snapshot(a) == snapshot), None)

    default = book[0].id
    if latest is None:
        return default, default
    return saved(latest.billing_address) or default, saved(latest.delivery_address) or default


def _last_option(db: Session, actor: Account, delivery_address_id: int | None) -> int | None:
    """The delivery option of the learner's latest order, if it is still offered for this address."""
    if delivery_address_id is None:
        return None
    name = db.exec(
        select(Order.delivery_option_name)
        .where(Order.account_id == actor.id)
        .order_by(col(Order.created_at).desc(), col(Order.id).desc())
        .limit(1)
    ).first()
    return next((o.id for o in delivery_options(db, actor, delivery_address_id) if o.name == name), None)


def view(
    db: Session,
    actor: Account,
    delivery_address_id: object = None,
    option_id: object = None,
    billing_address_id: object = None,
    preselect: bool = False,
) -> CheckoutView:
    """What the checkout page shows; unknown or foreign ids fall back to nothing chosen.

    `preselect` (opening the page) chooses the last used addresses for each role; afterwards only
    the learner changes a role, so adding an address for one role never moves the other."""
    book = addresses.list_addresses(db, actor)
    ids = {a.id for a in book}
    if preselect:
        billing_address_id, delivery_address_id = last_used(db, actor, book)
        option_id = _last_option(db, actor, delivery_address_id)
    chosen = next((a.id for a in book if str(a.id) == str(delivery_address_id)), None)
    billing = next((a.id for a in book if str(a.id) == str(billing_address_id)), None)
    options = delivery_options(db, actor, chosen) if chosen in ids and chosen is not None else []
    option = next(
        (o.id for o in options if str(o.id) == str(option_id)), options[0].id if len(options) == 1 else None
    )
    return CheckoutView(
        addresses=[(a.id or 0, addresses.one_line(addresses.snapshot(a)), a.country) for a in book],
        options=options,
        summary=summary(db, actor, chosen, option),
        delivery_address_id=chosen,
        option_id=option,
        billing_address_id=billing,
    )
