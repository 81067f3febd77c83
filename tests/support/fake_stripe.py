"""Stripe's servers, faked at the SDK's own HTTP-client seam.

The real `stripe.StripeClient` builds real requests (form-encoded, idempotency keys, auth);
this client answers them with the JSON shapes Stripe documents for checkout.session and
refund objects. Webhooks are signed with the real scheme (t=...,v1=HMAC-SHA256).
"""

from __future__ import annotations

import itertools
import json
import re
import time
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import stripe

WEBHOOK_SECRET = "whsec_test_portal_0123456789"  # noqa: S105 - a test secret
_ids = itertools.count(1)


def _form(post_data: Any) -> dict[str, str]:
    if not post_data:
        return {}
    text = post_data.decode() if isinstance(post_data, bytes) else str(post_data)
    return dict(parse_qsl(text, keep_blank_values=True))


class FakeStripe(stripe.HTTPClient):
    name = "fake-stripe"

    def __init__(self) -> None:
        super().__init__()
        self.sessions: dict[str, dict[str, Any]] = {}
        self.by_idempotency_key: dict[str, str] = {}
        self.requests: list[tuple[str, str, dict[str, str]]] = []
        self.refunds: list[dict[str, Any]] = []
        self.refund_keys: dict[str, dict[str, Any]] = {}
        self.fail_next = False
        self.failing = 0  # fail this many requests in a row (the SDK retries twice)

    def request(self, method, url, headers, post_data=None, *, _usage=None):  # noqa: ANN001, ANN201
        path = urlsplit(url).path
        form = _form(post_data)
        self.requests.append((method.upper(), path, form))
        if self.fail_next or self.failing:
            self.fail_next = False
            self.failing = max(0, self.failing - 1)
            return json.dumps({"error": {"type": "api_error", "message": "boom"}}), 500, {}
        key = (headers or {}).get("Idempotency-Key", "")
        if method.lower() == "post" and path == "/v1/checkout/sessions":
            if key and key in self.by_idempotency_key:
                return json.dumps(self.sessions[self.by_idempotency_key[key]]), 200, {}
            session = self._new_session(form)
            if key:
                self.by_idempotency_key[key] = session["id"]
            return json.dumps(session), 200, {}
        match = re.fullmatch(r"/v1/checkout/sessions/([\w]+)", path)
        if method.lower() == "get" and match:
            if match[1] not in self.sessions:
                error = {
                    "type": "invalid_request_error",
                    "message": f"No such checkout.session: '{match[1]}'",
                }
                return json.dumps({"error": error}), 404, {}
            return json.dumps(self.sessions[match[1]]), 200, {}
        if method.lower() == "post" and path == "/v1/refunds":
            if key and key in self.refund_keys:
                return json.dumps(self.refund_keys[key]), 200, {}
            refund = {
                "id": f"re_{next(_ids):024d}",
                "object": "refund",
                "amount": int(form.get("amount", 0)),
                "balance_transaction": None,
                "charge": f"ch_{next(_ids):024d}",
                "created": int(time.time()),
                "currency": "gbp",
                "metadata": {"refund_key": form.get("metadata[refund_key]", "")},
                "payment_intent": form.get("payment_intent"),
                "reason": None,
                "status": "pending",
            }
            self.refunds.append(refund)
            if key:
                self.refund_keys[key] = refund
            return json.dumps(refund), 200, {}
        if method.lower() == "get" and path == "/v1/refunds":
            query = dict(parse_qsl(urlsplit(url).query))
            data = [r for r in self.refunds if r["payment_intent"] == query.get("payment_intent")]
            listing = {"object": "list", "data": data, "has_more": False, "url": "/v1/refunds"}
            return json.dumps(listing), 200, {}
        match = re.fullmatch(r"/v1/refunds/(re_\w+)", path)
        if method.lower() == "get" and match:
            found = [r for r in self.refunds if r["id"] == match[1]]
            if not found:
                error = {"type": "invalid_request_error", "message": f"No such refund: '{match[1]}'"}
                return json.dumps({"error": error}), 404, {}
            return json.dumps(found[0]), 200, {}
        match = re.fullmatch(r"/v1/checkout/sessions/([\w]+)/expire", path)
        if method.lower() == "post" and match:
            session = self.sessions[match[1]]
            if session["status"] != "open":
                error = {"type": "invalid_request_error", "message": "Only open sessions can be expired."}
                return json.dumps({"error": error}), 400, {}
            return json.dumps(self.expire(match[1])), 200, {}
        return json.dumps({"error": {"type": "invalid_request_error", "message": "unknown"}}), 404, {}

    def close(self) -> None:
        pass

    def _new_session(self, form: dict[str, str]) -> dict[str, Any]:
        total = 0
        i = 0
        while f"line_items[{i}][quantity]" in form:
            total += int(form[f"line_items[{i}][quantity]"]) * int(
                form[f"line_items[{i}][price_data][unit_amount]"]
            )
            i += 1
        sid = f"cs_test_{next(_ids):024d}"
        session = {
            "id": sid,
            "object": "checkout.session",
            "amount_subtotal": total,
            "amount_total": total,
            "client_reference_id": form.get("client_reference_id"),
            "created": int(time.time()),
            "currency": form.get("line_items[0][price_data][currency]", "gbp"),
            "customer_email": form.get("customer_email"),
            "expires_at": int(time.time()) + 86400,
            "livemode": False,
            "metadata": {"order_number": form.get("metadata[order_number]", "")},
            "mode": "payment",
            "payment_intent": None,
            "payment_status": "unpaid",
            "status": "open",
            "success_url": form.get("success_url"),
            "cancel_url": form.get("cancel_url"),
            "url": f"https://checkout.stripe.com/c/pay/{sid}",
        }
        self.sessions[sid] = session
        return session

    def pay(self, session_id: str) -> dict[str, Any]:
        """The customer paid on Stripe's page."""
        session = self.sessions[session_id]
        session.update(
            status="complete", payment_status="paid", payment_intent=f"pi_{next(_ids):024d}", url=None
        )
        return session

    def expire(self, session_id: str) -> dict[str, Any]:
        session = self.sessions[session_id]
        session.update(status="expired", url=None)
        return session

    def settle_refund(self, refund_id: str, status: str = "succeeded") -> dict[str, Any]:
        """Stripe finished the refund (cards settle a few seconds to days later)."""
        [refund] = [r for r in self.refunds if r["id"] == refund_id]
        refund["status"] = status
        return refund

    def charge_for(self, payment_intent: str) -> dict[str, Any]:
        """The charge object of a `charge.refunded` event (API 2022-11-15 on: no `refunds` list)."""
        done = [
            r for r in self.refunds if r["payment_intent"] == payment_intent and r["status"] == "succeeded"
        ]
        return {
            "id": f"ch_{payment_intent[3:]}",
            "object": "charge",
            "amount_refunded": sum(r["amount"] for r in done),
            "currency": "gbp",
            "payment_intent": payment_intent,
            "refunded": False,
            "status": "succeeded",
        }


def signed_event(
    session: dict[str, Any], kind: str = "checkout.session.completed", event_id: str | None = None
) -> tuple[bytes, str]:
    """A webhook body and its Stripe-Signature header, as Stripe would send them."""
    event = {
        "id": event_id or f"evt_{next(_ids):024d}",
        "object": "event",
        "api_version": "2025-01-27.acacia",
        "created": int(time.time()),
        "data": {"object": dict(session)},
        "livemode": False,
        "pending_webhooks": 1,
        "request": {"id": None, "idempotency_key": None},
        "type": kind,
    }
    payload = json.dumps(event)
    return payload.encode(), stripe.WebhookSignature.generate_signature_header(payload, WEBHOOK_SECRET)
