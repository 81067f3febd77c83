"""Payment gateways: one interface, two implementations.

`StripeGateway` talks to Stripe Checkout through the official SDK (its HTTP client is the seam
tests use to stand in for Stripe's servers). `TestGateway` is the offline default when no
STRIPE_SECRET_KEY is set: it hands the learner to our own /pay/test/<number> page, which is
labelled TEST MODE and takes only Stripe's well-known test cards.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any, Protocol

import stripe
from stripe.params.checkout import SessionCreateParams

from portal_app.infra.settings import Settings, settings

log = logging.getLogger("portal.payments")


class GatewayError(Exception):
    """The provider could not be reached or refused the request (message is safe to log)."""


class BadSignature(Exception):
    """A webhook whose signature does not verify."""


@dataclass(frozen=True)
class CheckoutRequest:
    order_number: str
    currency: str
    lines: list[tuple[str, int, int]]  # (description, unit amount in pence, quantity)
    customer_email: str
    success_url: str
    cancel_url: str


@dataclass(frozen=True)
class CheckoutSession:
    id: str
    url: str
    status: str  # open | complete | expired
    payment_status: str  # paid | unpaid | no_payment_required
    amount_total: int
    currency: str
    order_number: str
    payment_intent: str = ""
    raw: dict[str, Any] = field(default_factory=dict, repr=False)

    @classmethod
    def from_stripe(cls, data: dict[str, Any]) -> CheckoutSession:
        intent = data.get("payment_intent") or ""
        if isinstance(intent, dict):
            intent = intent.get("id", "")
        return cls(
            id=str(data.get("id", "")),
            url=str(data.get("url") or ""),
            status=str(data.get("status") or ""),
            payment_status=str(data.get("payment_status") or ""),
            amount_total=int(data.get("amount_total") or 0),
            currency=str(data.get("currency") or "").upper(),
            order_number=str(
                data.get("client_reference_id") or (data.get("metadata") or {}).get("order_number", "")
            ),
            payment_intent=str(intent),
            raw=data,
        )


class PaymentGateway(Protocol):
    provider: str
    test_mode: bool

    def create_checkout(self, request: CheckoutRequest) -> CheckoutSession: ...

    def retrieve_checkout(self, session_id: str) -> CheckoutSession: ...

    def refund(self, payment_reference: str, amount_pence: int, idempotency_key: str) -> str: ...

    def expire_checkout(self, session_id: str) -> None: ...


class TestGateway:
    """Offline payments for demos and tests; completion happens on /pay/test/<number>.

    Off (`enabled` False) in production, where no Stripe key is a mistake to be fixed, not a
    reason to take the test card: see Settings.test_payments_allowed.
    """

    provider = "test"
    test_mode = True

    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled

    def create_checkout(self, request: CheckoutRequest) -> CheckoutSession:
        if not self.enabled:
            raise GatewayError("no payment provider: set STRIPE_SECRET_KEY (PORTAL_TEST_PAYMENTS for a demo)")
        total = sum(unit * quantity for _, unit, quantity in request.lines)
        return CheckoutSession(
            id=f"test_cs_{request.order_number}",
            url=f"/pay/test/{request.order_number}",
            status="open",
            payment_status="unpaid",
            amount_total=total,
            currency=request.currency,
            order_number=request.order_number,
        )

    def retrieve_checkout(self, session_id: str) -> CheckoutSession:
        raise GatewayError("the test gateway keeps no sessions; payments complete on /pay/test")

    def refund(self, payment_reference: str, amount_pence: int, idempotency_key: str) -> str:
        return f"test_re_{idempotency_key}"

    def expire_checkout(self, session_id: str) -> None:
        return None


class StripeGateway:
    provider = "stripe"
    test_mode = False

    def __init__(
        self, secret_key: str, webhook_secret: str = "", http_client: stripe.HTTPClient | None = None
    ):
        self.client = stripe.StripeClient(secret_key, http_client=http_client, max_network_retries=2)
        self.webhook_secret = webhook_secret
        self.test_mode = secret_key.startswith("sk_test_")

    def create_checkout(self, request: CheckoutRequest) -> CheckoutSession:
        params: SessionCreateParams = {
            "mode": "payment",
            "client_reference_id": request.order_number,
            "metadata": {"order_number": request.order_number},
            "customer_email": request.customer_email,
            "success_url": request.success_url,
            "cancel_url": request.cancel_url,
            "line_items": [
                {
                    "quantity": quantity,
                    "price_data": {
                        "currency": request.currency.lower(),
                        "unit_amount": unit,
                        "product_data": {"name": description[:250]},
                    },
                }
                for description, unit, quantity in request.lines
            ],
        }
        try:
            session = self.client.v1.checkout.sessions.create(
                params=params,
                options={"idempotency_key": f"checkout-{request.order_number}"},
            )
        except stripe.StripeError as error:
            raise GatewayError(
                f"Stripe refused the checkout session: {error.user_message or error}"
            ) from error
        return CheckoutSession.from_stripe(session.to_dict())

    def retrieve_checkout(self, session_id: str) -> CheckoutSession:
        try:
            session = self.client.v1.checkout.sessions.retrieve(session_id)
        except stripe.StripeError as error:
            raise GatewayError(f"Stripe could not return session {session_id}: {error}") from error
        return CheckoutSession.from_stripe(session.to_dict())

    def refund(self, payment_reference: str, amount_pence: int, idempotency_key: str) -> str:
        try:
            refund = self.client.v1.refunds.create(
                params={
                    "payment_intent": payment_reference,
                    "amount": amount_pence,
                    "metadata": {"refund_key": idempotency_key},
                },
                options={"idempotency_key": idempotency_key},
            )
        except stripe.StripeError as error:
            raise GatewayError(f"Stripe refused the refund: {error.user_message or error}") from error
        return str(refund.id)

    def list_refunds(self, payment_intent: str) -> list[dict[str, Any]]:
        """The refunds of one payment (a `charge.refunded` event no longer lists them)."""
        try:
            page = self.client.v1.refunds.list(params={"payment_intent": payment_intent, "limit": 100})
        except stripe.StripeError as error:
            raise GatewayError(f"Stripe could not list refunds for {payment_intent}: {error}") from error
        return [refund.to_dict() for refund in page.data]

    def retrieve_refund(self, refund_id: str) -> dict[str, Any]:
        """One refund as Stripe holds it now (`Refund.retrieve`): the reconciler's question when
        its webhook never came."""
        try:
            refund = self.client.v1.refunds.retrieve(refund_id)
        except stripe.StripeError as error:
            raise GatewayError(f"Stripe could not return refund {refund_id}: {error}") from error
        return refund.to_dict()

    def expire_checkout(self, session_id: str) -> None:
        """Close an open Checkout Session, so a cancelled order cannot be paid afterwards."""
        try:
            self.client.v1.checkout.sessions.expire(session_id)
        except stripe.StripeError as error:
            raise GatewayError(f"Stripe could not expire session {session_id}: {error}") from error

    def verify_webhook(self, payload: bytes, signature: str | None) -> dict[str, Any]:
        """The event as a dict, only if Stripe's signature over the raw body verifies."""
        if not self.webhook_secret:
            raise BadSignature("no STRIPE_WEBHOOK_SECRET configured")
        try:
            event = stripe.Webhook.construct_event(payload, signature, self.webhook_secret)
        except (ValueError, stripe.SignatureVerificationError) as error:
            raise BadSignature(str(error)) from error
        return event.to_dict()


_override: PaymentGateway | None = None


def get_gateway(cfg: Settings = settings) -> PaymentGateway:
    """Stripe when a secret key is configured, else the offline test gateway (working only
    where test payments are allowed)."""
    if _override is not None:
        return _override
    if cfg.stripe_secret_key:
        return StripeGateway(cfg.stripe_secret_key, cfg.stripe_webhook_secret)
    return TestGateway(enabled=cfg.test_payments_allowed)


def use_gateway(gateway: PaymentGateway | None) -> None:
    """Install a gateway for the whole process (tests: a StripeGateway over a fake HTTP client)."""
    global _override
    _override = gateway
