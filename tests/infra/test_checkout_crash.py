"""The backend dies in the middle of a checkout: no order is lost or duplicated.

A separate process places an order and is killed (SIGKILL) after the order is written but
before its transaction commits, as a crashed worker would be. Nothing of it is left behind,
the basket is still whole, and placing the order again makes exactly one order.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sqlmodel import Session, select

from portal_app.models import BasketItem, Order
from portal_app.services import checkout, store
from portal_app.services.errors import DomainError
from tests.factories import make_address, make_delivery_option, make_document, make_learner, make_product

ROOT = Path(__file__).resolve().parents[2]
CRASHING_CHECKOUT = """
import sys, time
from sqlmodel import Session
from portal_app.infra.db import get_engine
from portal_app.models import Account
from portal_app.services import checkout
url, account_id, address_id, option_id = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
with Session(get_engine(url)) as db:
    checkout.place_order(db, db.get(Account, account_id), address_id, address_id, option_id)
    db.flush()
    print("ORDER WRITTEN, NOT COMMITTED", flush=True)
    time.sleep(120)
"""


def _orders(engine, account_id: int) -> list[Order]:
    with Session(engine) as fresh:
        return list(fresh.exec(select(Order).where(Order.account_id == account_id)).all())


def _basket(engine, account_id: int) -> list[BasketItem]:
    with Session(engine) as fresh:
        return list(fresh.exec(select(BasketItem).where(BasketItem.account_id == account_id)).all())


def test_a_worker_killed_mid_checkout_leaves_no_order_and_the_basket_whole(db, engine, pg_url):
    if engine.dialect.name != "postgresql":
        pytest.skip("the killed process needs a database server of its own")
    learner = make_learner(db)
    document = make_document(db, learner.learner_record_id)
    product = make_product(db)
    option = make_delivery_option(db, "UK")
    address = make_address(db, learner)
    store.add_to_basket(db, learner, product.id, document.reference, 2)
    db.commit()

    worker = subprocess.Popen(
        [sys.executable, "-c", CRASHING_CHECKOUT, pg_url, str(learner.id), str(address.id), str(option.id)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        env=dict(os.environ),
    )
    try:
        assert worker.stdout.readline().strip() == "ORDER WRITTEN, NOT COMMITTED"
    finally:
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=30)

    assert _orders(engine, learner.id) == []  # nothing half-written survives the crash
    assert [item.quantity for item in _basket(engine, learner.id)] == [2]  # nothing lost either

    order = checkout.place_order(db, learner, address.id, address.id, option.id)
    db.commit()
    with pytest.raises(DomainError):  # the basket is now empty: a retry makes no second order
        checkout.place_order(db, learner, address.id, address.id, option.id)
    db.rollback()
    assert [o.number for o in _orders(engine, learner.id)] == [order.number]
    assert _basket(engine, learner.id) == []
