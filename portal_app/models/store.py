"""Printed duplicates: products, delivery options, baskets, orders and payments.

Money is integer minor units with an ISO currency; an order keeps snapshots of prices and
addresses so that later catalogue or profile changes never rewrite history.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field

from portal_app.models._base import Table, created_at_field, one_of, trigram_index, utc_field

ORDER_STATUSES = (
    "pending_payment",
    "paid",
    "processing",
    "dispatched",
    "cancelled",
    "refunded",
)
DELIVERY_ZONES = ("UK", "EUROPE", "WORLD")
MAX_QUANTITY = 20


class Product(Table, table=True):
    __tablename__ = "product"
    __table_args__ = (sa.CheckConstraint("price_pence >= 0", name="ck_product_price"),)

    name: str = Field(max_length=200)
    description: str = Field(default="", max_length=2000)
    document_kind: str = Field(default="certificate", max_length=16)
    price_pence: int
    currency: str = Field(default="GBP", max_length=3)
    active: bool = Field(default=True)
    created_at: datetime = created_at_field()


class DeliveryOption(Table, table=True):
    __tablename__ = "delivery_option"
    __table_args__ = (
        sa.CheckConstraint("price_pence >= 0", name="ck_delivery_option_price"),
        one_of("zone", DELIVERY_ZONES, "ck_delivery_option_zone"),
    )

    name: str = Field(max_length=200)
    description: str = Field(default="", max_length=500)
    zone: str = Field(max_length=16, index=True)
    price_pence: int
    currency: str = Field(default="GBP", max_length=3)
    active: bool = Field(default=True)
    sort_order: int = Field(default=0)


class BasketItem(Table, table=True):
    __tablename__ = "basket_item"
    __table_args__ = (
        sa.UniqueConstraint("account_id", "product_id", "document_id"),
        sa.CheckConstraint(f"quantity >= 1 AND quantity <= {MAX_QUANTITY}", name="ck_basket_quantity"),
    )

    account_id: int = Field(foreign_key="account.id", index=True)
    product_id: int = Field(foreign_key="product.id")
    document_id: int = Field(foreign_key="document.id")
    quantity: int = Field(default=1)
    created_at: datetime = created_at_field()


class Order(Table, table=True):
    __tablename__ = "order"
    __table_args__ = (
        one_of("status", ORDER_STATUSES, "ck_order_status"),
        sa.CheckConstraint("subtotal_pence >= 0", name="ck_order_subtotal"),
        sa.CheckConstraint("delivery_pence >= 0", name="ck_order_delivery"),
        sa.CheckConstraint("total_pence = subtotal_pence + delivery_pence", name="ck_order_total"),
        sa.Index("ix_order_account_created", "account_id", "created_at"),
        sa.Index("ix_order_status_created", "status", "created_at"),
        sa.Index("ix_order_created", "created_at", "id"),
        trigram_index("ix_order_number_trgm", "number"),
        trigram_index("ix_order_full_name_trgm", "full_name"),
        trigram_index("ix_order_delivery_option_name_trgm", "delivery_option_name"),
        trigram_index("ix_order_created_by_name_trgm", "created_by_name"),
    )

    number: str = Field(max_length=32, unique=True)
    account_id: int = Field(foreign_key="account.id")
    status: str = Field(default="pending_payment", max_length=16)
    full_name: str = Field(max_length=200)
    billing_address: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)
    delivery_address: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)
    delivery_option_name: str = Field(max_length=200)
    delivery_pence: int
    subtotal_pence: int
    total_pence: int
    currency: str = Field(default="GBP", max_length=3)
    created_by_name: str = Field(max_length=200)
    created_by_kind: str = Field(max_length=16)
    payment_provider: str = Field(default="test", max_length=16)
    checkout_session_id: str | None = Field(default=None, max_length=255, unique=True)
    tracking_reference: str | None = Field(default=None, max_length=100)
    status_note: str | None = Field(default=None, max_length=1000)
    created_at: datetime = created_at_field()
    paid_at: datetime | None = utc_field()
    dispatched_at: datetime | None = utc_field()
    cancelled_at: datetime | None = utc_field()
    # What the provider has confirmed returning (refunds in `refund`, status succeeded).
    refunded_pence: int = Field(default=0, sa_column_kwargs={"server_default": "0"})


class OrderLine(Table, table=True):
    __tablename__ = "order_line"
    __table_args__ = (
        sa.CheckConstraint("quantity >= 1", name="ck_order_line_quantity"),
        sa.CheckConstraint("unit_price_pence >= 0", name="ck_order_line_price"),
        sa.CheckConstraint("line_total_pence = unit_price_pence * quantity", name="ck_order_line_total"),
    )

    order_id: int = Field(foreign_key="order.id", index=True)
    product_name: str = Field(max_length=200)
    document_id: int | None = Field(default=None, foreign_key="document.id")
    document_reference: str = Field(max_length=32)
    qualification_number: str = Field(default="", max_length=32)
    learner_name: str = Field(default="", max_length=200)
    unit_price_pence: int
    quantity: int
    line_total_pence: int


class Payment(Table, table=True):
    """A payment event from a provider; unique on the provider's event id (idempotency)."""

    __tablename__ = "payment"
    __table_args__ = (
        sa.UniqueConstraint("provider", "event_id"),
        sa.CheckConstraint("amount_pence >= 0", name="ck_payment_amount"),
    )

    order_id: int = Field(foreign_key="order.id", index=True)
    provider: str = Field(max_length=16)
    event_id: str = Field(max_length=255)
    provider_reference: str = Field(default="", max_length=255)
    kind: str = Field(default="payment", max_length=16)
    amount_pence: int
    currency: str = Field(default="GBP", max_length=3)
    created_at: datetime = created_at_field()


REFUND_STATUSES = ("pending", "succeeded", "failed", "canceled")


class Refund(Table, table=True):
    """Money going back: asked of the provider (pending), then confirmed by its webhook.

    The idempotency key is ours and unique, so a retried request never refunds twice; the
    provider's refund id (Stripe `re_...`) is how its webhooks find the row."""

    __tablename__ = "refund"
    __table_args__ = (
        one_of("status", REFUND_STATUSES, "ck_refund_status"),
        sa.CheckConstraint("amount_pence > 0", name="ck_refund_amount"),
        sa.Index("ix_refund_created", "created_at"),
    )

    order_id: int = Field(foreign_key="order.id", index=True)
    provider: str = Field(max_length=16)
    idempotency_key: str = Field(max_length=64, unique=True)
    provider_reference: str | None = Field(default=None, max_length=255, unique=True)
    amount_pence: int
    currency: str = Field(default="GBP", max_length=3)
    status: str = Field(default="pending", max_length=16)
    reason: str = Field(default="", max_length=1000)
    requested_by_name: str = Field(default="", max_length=200)
    created_at: datetime = created_at_field()
    confirmed_at: datetime | None = utc_field()
