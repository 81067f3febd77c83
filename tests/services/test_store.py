"""Store, basket and checkout: what a learner can put in a basket, and what an order costs.

Prices and documents come from the database; whatever else a client sends is refused or ignored.
"""

from __future__ import annotations

import threading

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import Session, col, select

from portal_app.models import BasketItem, Order, OrderLine, Product
from portal_app.services import basket, basket_summary, checkout, store
from portal_app.services.errors import DomainError, NotFound, PermissionDenied, ValidationError
from portal_app.services.money import format_money, parse_money
from tests.factories import (
    make_account,
    make_address,
    make_delivery_option,
    make_document,
    make_learner,
    make_product,
)


@pytest.fixture
def shop(db: Session):
    learner = make_learner(db)
    document = make_document(db, learner.learner_record_id)
    product = make_product(db)
    uk = make_delivery_option(db, "UK", 0)
    world = make_delivery_option(db, "WORLD", 1225)
    home = make_address(db, learner, "GB")
    abroad = make_address(db, learner, "IN", postcode="")
    return learner, document, product, uk, world, home, abroad


def test_add_to_basket_from_many_tabs_at_once_counts_every_item_and_shows_the_new_total(db, shop, use_engine):
    """The store's add: the line and the top bar's count in one unit of work, from eight tabs
    at once (on SQLite the line is committed before counting; on PostgreSQL it is one
    transaction): none is refused or lost, and each tab is told a total that includes its own."""
    from portal_app.infra.db import session_scope
    from portal_app.state.store import _add_and_count

    learner, document, product, *_ = shop
    uow_first = {"product_id": str(product.id), "reference": document.reference, "quantity": "1"}
    with session_scope(use_engine) as session:  # the line exists: the tabs top it up
        assert _add_and_count(session, session.get(type(learner), learner.id), **uow_first) == 1
    barrier = threading.Barrier(8)
    told: list[int] = []

    def add() -> None:
        barrier.wait()
        with session_scope(use_engine) as session:
            actor = session.get(type(learner), learner.id)
            told.append(_add_and_count(session, actor, **{**uow_first, "quantity": "2"}))

    threads = [threading.Thread(target=add) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    db.expire_all()
    assert basket_summary.count(db, learner) == 17
    assert len(told) == 8 and all(3 <= n <= 17 for n in told) and max(told) == 17


def test_money_is_formatted_and_parsed_exactly():
    assert format_money(3050, "GBP") == "£30.50"
    assert format_money(123456789, "GBP") == "£1,234,567.89"
    assert format_money(5, "CHF") == "0.05 CHF"
    assert parse_money("30.5") == 3050
    assert parse_money("£0.07") == 7
    for bad in ("", "abc", "-1", "1.234", "1e3", "10000000"):
        with pytest.raises(ValidationError):
            parse_money(bad)


def test_learner_adds_a_document_to_the_basket_and_the_count_follows(db, shop):
    learner, document, product, *_ = shop
    store.add_to_basket(db, learner, product.id, document.reference, "2")
    store.add_to_basket(db, learner, str(product.id), document.reference, 3)
    db.commit()
    assert basket_summary.count(db, learner) == 5
    [line] = basket.lines(db, learner)
    assert (line.quantity, line.unit_price_pence, line.line_total_pence) == (5, 3050, 15250)


@pytest.mark.parametrize("quantity", [0, 21, -1, "abc", "", "2.5", None])
def test_quantity_must_be_1_to_20(db, shop, quantity):
    learner, document, product, *_ = shop
    with pytest.raises(ValidationError) as error:
        store.add_to_basket(db, learner, product.id, document.reference, quantity)
    assert "quantity" in error.value.fields


def test_a_line_never_passes_20_copies(db, shop):
    learner, document, product, *_ = shop
    store.add_to_basket(db, learner, product.id, document.reference, 15)
    with pytest.raises(ValidationError):
        store.add_to_basket(db, learner, product.id, document.reference, 6)
    with pytest.raises(ValidationError):
        basket.set_quantity(db, learner, basket.lines(db, learner)[0].item_id, 21)


def test_another_learners_document_cannot_be_ordered(db, shop):
    learner, _document, product, *_ = shop
    other = make_learner(db)
    theirs = make_document(db, other.learner_record_id)
    with pytest.raises(ValidationError) as error:
        store.add_to_basket(db, learner, product.id, theirs.reference, 1)
    assert "document" in error.value.fields
    assert db.exec(select(BasketItem)).all() == []


def test_revoked_documents_and_the_wrong_kind_are_refused(db, shop):
    learner, _document, product, *_ = shop
    revoked = make_document(db, learner.learner_record_id, status="revoked")
    transcript = make_document(db, learner.learner_record_id, kind="transcript")
    for reference in (revoked.reference, transcript.reference, "no-such-reference"):
        with pytest.raises(ValidationError):
            store.add_to_basket(db, learner, product.id, reference, 1)
    offered = {d.reference for d in store.orderable_documents(db, learner)}
    assert offered == {_document.reference, transcript.reference}  # never the revoked one


def test_inactive_or_unknown_products_cannot_be_added(db, shop):
    learner, document, product, *_ = shop
    product.active = False
    db.add(product)
    db.commit()
    with pytest.raises(NotFound):
        store.add_to_basket(db, learner, product.id, document.reference, 1)
    with pytest.raises(ValidationError):
        store.add_to_basket(db, learner, "1; DROP TABLE product", document.reference, 1)


def test_only_matched_learners_shop(db, shop):
    _learner, document, product, *_ = shop
    third_party = make_account(db, "third_party")
    unmatched = make_account(db, "learner")
    for actor in (third_party, unmatched):
        with pytest.raises(PermissionDenied):
            store.add_to_basket(db, actor, product.id, document.reference, 1)


def test_someone_elses_basket_line_cannot_be_changed_or_removed(db, shop):
    learner, document, product, *_ = shop
    store.add_to_basket(db, learner, product.id, document.reference, 1)
    db.commit()
    item_id = basket.lines(db, learner)[0].item_id
    intruder = make_learner(db)
    with pytest.raises(NotFound):
        basket.set_quantity(db, intruder, item_id, 20)
    with pytest.raises(NotFound):
        basket.remove(db, intruder, item_id)
    basket.remove(db, learner, item_id)
    db.commit()
    assert basket_summary.count(db, learner) == 0


def test_delivery_options_follow_the_delivery_country(db, shop):
    learner, _d, _p, uk, world, home, abroad = shop
    europe = make_delivery_option(db, "EUROPE", 850)
    france = make_address(db, learner, "FR")
    assert [o.id for o in checkout.delivery_options(db, learner, home.id)] == [uk.id]
    assert [o.id for o in checkout.delivery_options(db, learner, abroad.id)] == [world.id]
    assert [o.id for o in checkout.delivery_options(db, learner, france.id)] == [europe.id]
    assert [checkout.zone_for_country(c) for c in ("GB", "IE", "CH", "US", "")] == [
        "UK",
        "EUROPE",
        "EUROPE",
        "WORLD",
        "WORLD",
    ]


def test_an_order_takes_prices_from_the_database_and_empties_the_basket(db, shop):
    learner, document, product, _uk, world, home, abroad = shop
    store.add_to_basket(db, learner, product.id, document.reference, 2)
    db.commit()
    # the price changes after the item went into the basket: the order uses today's price
    product.price_pence = 3100
    db.add(product)
    db.commit()
    order = checkout.place_order(db, learner, home.id, abroad.id, world.id)
    db.commit()
    assert (order.subtotal_pence, order.delivery_pence, order.total_pence) == (6200, 1225, 7425)
    assert order.status == "pending_payment"
    assert order.delivery_address["country"] == "IN"
    assert order.billing_address["line1"] == home.line1
    [line] = db.exec(select(OrderLine).where(OrderLine.order_id == order.id)).all()
    assert (line.document_reference, line.quantity, line.unit_price_pence) == (document.reference, 2, 3100)
    assert basket_summary.count(db, learner) == 0


def test_a_delivery_option_for_another_zone_is_refused(db, shop):
    learner, document, product, uk, _world, home, abroad = shop
    store.add_to_basket(db, learner, product.id, document.reference, 1)
    db.commit()
    with pytest.raises(ValidationError) as error:
        checkout.place_order(db, learner, home.id, abroad.id, uk.id)  # free UK delivery to India
    assert "delivery" in error.value.fields
    assert db.exec(select(Order)).all() == []


def test_someone_elses_address_is_refused(db, shop):
    learner, document, product, uk, *_ = shop
    other = make_learner(db)
    their_address = make_address(db, other, "GB")
    mine = make_address(db, learner, "GB")
    store.add_to_basket(db, learner, product.id, document.reference, 1)
    db.commit()
    with pytest.raises(ValidationError) as error:
        checkout.place_order(db, learner, their_address.id, mine.id, uk.id)
    assert "billing" in error.value.fields
    with pytest.raises(ValidationError):
        checkout.place_order(db, learner, mine.id, their_address.id, uk.id)


def test_an_empty_basket_makes_no_order(db, shop):
    learner, _d, _p, uk, _w, home, _a = shop
    with pytest.raises(DomainError, match="empty"):
        checkout.place_order(db, learner, home.id, home.id, uk.id)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    lines=st.lists(
        st.tuples(
            st.integers(0, 100_000), st.integers(1, 20), st.sampled_from(["certificate", "transcript"])
        ),
        min_size=1,
        max_size=4,
    ),
    delivery=st.integers(0, 50_000),
    zone_country=st.sampled_from([("UK", "GB"), ("EUROPE", "DE"), ("WORLD", "JP")]),
)
def test_total_is_the_sum_of_lines_plus_delivery(db, lines, delivery, zone_country):
    learner = make_learner(db)
    zone, country = zone_country
    option = make_delivery_option(db, zone, delivery)
    address = make_address(db, learner, country)
    for price, quantity, kind in lines:
        product = make_product(db, price_pence=price, document_kind=kind)
        document = make_document(db, learner.learner_record_id, kind=kind)
        store.add_to_basket(db, learner, product.id, document.reference, quantity)
    db.commit()
    summary = checkout.summary(db, learner, address.id, option.id)
    order = checkout.place_order(db, learner, address.id, address.id, option.id)
    db.commit()
    expected = sum(price * quantity for price, quantity, _ in lines) + delivery
    assert order.total_pence == summary.total_pence == expected
    assert all(isinstance(v, int) for v in (order.total_pence, order.subtotal_pence, order.delivery_pence))
    line_totals = db.exec(select(OrderLine.line_total_pence).where(OrderLine.order_id == order.id)).all()
    assert sum(line_totals) + order.delivery_pence == order.total_pence


def test_concurrent_checkouts_of_one_basket_make_one_order(db, shop, engine):
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite has one writer: concurrency is PostgreSQL's question")
    learner, document, product, uk, _w, home, _a = shop
    store.add_to_basket(db, learner, product.id, document.reference, 3)
    db.commit()
    barrier = threading.Barrier(4)
    outcomes: list[str] = []

    def attempt() -> None:
        with Session(engine, expire_on_commit=False) as session:
            actor = session.get(type(learner), learner.id)
            barrier.wait()
            try:
                checkout.place_order(session, actor, home.id, home.id, uk.id)
                session.commit()
                outcomes.append("order")
            except DomainError as error:
                session.rollback()
                outcomes.append(str(error))

    threads = [threading.Thread(target=attempt) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["Your basket is empty."] * 3 + ["order"]
    orders = db.exec(select(Order).where(Order.account_id == learner.id)).all()
    assert len(orders) == 1
    assert orders[0].total_pence == 3 * product.price_pence


def test_product_prices_stay_non_negative_in_the_database(db):
    with pytest.raises(Exception):  # noqa: B017, PT011 - the CHECK constraint, whatever the driver calls it
        make_product(db, price_pence=-1)
    db.rollback()
    assert db.exec(select(Product).where(col(Product.price_pence) < 0)).all() == []
