"""Checkout preselects each role's last used address and never moves a role the learner did not
touch (issue 12: adding a delivery address in India also switched billing to it)."""

from __future__ import annotations

from portal_app.services import checkout
from tests.factories import make_address, make_delivery_option, make_document, make_learner, make_product
from tests.support.unit_of_work import as_actor


def _basket(db, learner) -> None:
    from portal_app.services import store

    document = make_document(db, learner.learner_record_id)
    as_actor(learner, store.add_to_basket, make_product(db).id, document.reference, 1)


def test_two_saved_addresses_preselect_the_profiles_first_for_both_roles(db, use_engine):
    learner = make_learner(db)
    home = make_address(db, learner)
    make_address(db, learner, "IN", line1="14 MG Road", city="Bengaluru", postcode="560001")
    _basket(db, learner)
    shown = as_actor(learner, checkout.view, None, None, None, True)
    assert (shown.billing_address_id, shown.delivery_address_id) == (home.id, home.id)


def test_each_role_preselects_the_address_the_last_order_used_for_it(db, use_engine):
    learner = make_learner(db)
    home = make_address(db, learner)
    abroad = make_address(db, learner, "IN", line1="14 MG Road", city="Bengaluru", postcode="560001")
    world = make_delivery_option(db, "WORLD", 1225)
    _basket(db, learner)
    as_actor(learner, checkout.place_order, home.id, abroad.id, world.id)
    _basket(db, learner)
    shown = as_actor(learner, checkout.view, None, None, None, True)
    assert (shown.billing_address_id, shown.delivery_address_id) == (home.id, abroad.id)
    assert [o.name for o in shown.options] == ["International Courier - Worldwide"]
    assert shown.option_id == world.id  # and the delivery option it went by


def test_choosing_a_delivery_address_leaves_billing_where_the_learner_put_it(db, use_engine):
    learner = make_learner(db)
    home = make_address(db, learner)
    abroad = make_address(db, learner, "IN", line1="14 MG Road", city="Bengaluru", postcode="560001")
    make_delivery_option(db, "WORLD", 1225)
    _basket(db, learner)
    shown = as_actor(learner, checkout.view, abroad.id, None, home.id)
    assert (shown.billing_address_id, shown.delivery_address_id) == (home.id, abroad.id)
    nothing_chosen = as_actor(learner, checkout.view, abroad.id, None, "")
    assert nothing_chosen.billing_address_id is None  # not filled in from the delivery address
