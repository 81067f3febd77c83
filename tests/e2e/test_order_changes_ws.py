"""Hand-made websocket events against the order-change handlers: another learner and a third party
cannot cancel, redirect, refund or export; the learner cannot refund or export; an administrator
can export. Each refusal is on the server and changes nothing."""

from __future__ import annotations

import re
from base64 import b64decode
from datetime import date, timedelta

import pytest
from sqlmodel import Session, select

from portal_app.infra.db import get_engine
from portal_app.models import Account, Address, Order, Refund
from tests.e2e.test_list_controls_ws import _signed_in
from tests.e2e.test_staff_journey import _paid_order
from tests.support.reflex_client import UPDATE_VARS, run, state_path
from tests.support.second_factor import DEMO_ADMIN

pytestmark = pytest.mark.e2e

BASE = "portal_app.state.base.PortalState"
DETAIL = state_path(BASE, "portal_app.state.orders.OrderDetailState")
ADMIN_DETAIL = state_path(
    BASE, "portal_app.state.orders.OrderDetailState", "portal_app.state.admin_orders.AdminOrderState"
)
ADMIN_LIST = state_path(BASE, "portal_app.state.admin_orders.AdminOrdersState")
SARAHS = "ORD-100001"
YEAR = {"start": (date.today() - timedelta(days=300)).isoformat(), "end": date.today().isoformat()}


def _snapshot(url: str, number: str) -> tuple:
    with Session(get_engine(url)) as db:
        order = db.exec(select(Order).where(Order.number == number)).one()
        refunds = db.exec(select(Refund).where(Refund.order_id == order.id)).all()
        return (order.status, order.delivery_address, order.refunded_pence, len(refunds))


def _address_of(url: str, email: str) -> str:
    with Session(get_engine(url)) as db:
        account = db.exec(select(Account).where(Account.email == email)).one()
        address = db.exec(select(Address.id).where(Address.account_id == account.id)).first()
        return str(address or 1)


async def _attack(portal, email: str, own_address: str, number: str):
    client = await _signed_in(portal, email)
    # Only client-storage vars can be set from a browser, so an attacker reaches an order's number
    # through the pages' own load events, with someone else's order in the path...
    await client.send(DETAIL + ".load", {}, path=f"/orders/{number}")
    await client.send(ADMIN_DETAIL + ".load", {}, path=f"/admin/orders/{number}")
    await client.send(UPDATE_VARS, {"vars": {f"{state_path(BASE)}.account_kind_rx_state_": "admin"}})
    await client.send(DETAIL + ".choose_address", {"value": own_address})
    await client.send(ADMIN_DETAIL + ".set_refund_input", {"value": "10.00"})
    await client.send(ADMIN_DETAIL + ".set_note_input", {"value": "forged"})
    # ...then calls every order-change handler.
    await client.send(DETAIL + ".cancel_order", {})
    await client.send(DETAIL + ".change_address", {})
    await client.send(ADMIN_DETAIL + ".refund", {})
    await client.send(ADMIN_DETAIL + ".move", {"to_status": "cancelled"})
    await client.send(ADMIN_LIST + ".export_finance", {"form": YEAR})
    # a harmless last event: once its answer is back, every event above has been handled
    await client.call(DETAIL + ".choose_address", {"value": "all-done"}, done=(DETAIL, "chosen_address"))
    await client.wait_for(lambda: client.value(DETAIL, "chosen_address") == "all-done", 30)
    await client.close()
    return client


@pytest.mark.parametrize(
    "email",
    ["claire.hammond@example.com", "ted.trew@fleetmotors.example", "sarah.yeoman@example.com"],
    ids=["another-learner", "third-party", "the-learner-on-staff-handlers"],
)
def test_order_change_handlers_refuse_everyone_not_entitled(portal, email):
    # Sarah's seeded order for the others; for Sarah, a fresh one of her own (ORD-100001 stays paid)
    own = email.startswith("sarah")
    number = _paid_order(portal.database_url, email) if own else SARAHS
    before = _snapshot(portal.database_url, number)
    client = run(_attack(portal, email, _address_of(portal.database_url, email), number))
    after = _snapshot(portal.database_url, number)
    if own:
        # her own order: she may cancel it (and so she did, refunded in full); staff handlers refused
        assert after[0] == "cancelled" and after[2] == 3050 and after[3] == 1
    else:
        assert after == before
    frames = repr(client.frames)
    assert _downloads(frames) == []  # no finance CSV reached the browser
    assert "You do not have access to that." in frames  # refused by the services, said plainly
    assert "forged" not in repr([r for r in _refund_reasons(portal.database_url)])


def _downloads(frames: str) -> list[str]:
    """The text of every file the server asked the browser to download (rx.download: base64)."""
    return [b64decode(m).decode() for m in re.findall(r"data:text/csv;base64,([A-Za-z0-9+/=]+)", frames)]


def _refund_reasons(url: str) -> list[str]:
    with Session(get_engine(url)) as db:
        return list(db.exec(select(Refund.reason)).all())


def test_an_administrator_downloads_the_finance_export(portal):
    async def export():
        client = await _signed_in(portal, DEMO_ADMIN)
        await client.send(ADMIN_LIST + ".export_finance", {"form": YEAR})
        await client.wait_for(lambda: "data:text/csv" in repr(client.frames), 30)
        await client.close()
        return client

    frames = repr(run(export()).frames)
    [csv] = _downloads(frames)
    assert (
        csv.startswith("type,date,order_number,order_status,amount_pence,amount,currency") and SARAHS in csv
    )
