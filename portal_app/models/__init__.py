"""All tables, one module per aggregate. Importing this package registers them all."""

from portal_app.models._base import id_of, table_of
from portal_app.models.accounts import (
    Account,
    AccountEmail,
    Address,
    AuthSession,
    EmailToken,
    LearnerRecord,
)
from portal_app.models.audit import AuditEvent
from portal_app.models.connections import Connection, ConnectionDocument, DocumentAccess
from portal_app.models.documents import Document, IssueReport, SigningKey
from portal_app.models.mail import OutboundEmail
from portal_app.models.store import (
    BasketItem,
    DeliveryOption,
    Order,
    OrderLine,
    Payment,
    Product,
    Refund,
)

__all__ = [
    "id_of",
    "table_of",
    "Account",
    "AccountEmail",
    "Address",
    "AuditEvent",
    "AuthSession",
    "BasketItem",
    "Connection",
    "ConnectionDocument",
    "DeliveryOption",
    "Document",
    "DocumentAccess",
    "EmailToken",
    "IssueReport",
    "LearnerRecord",
    "Order",
    "OrderLine",
    "OutboundEmail",
    "Payment",
    "Refund",
    "Product",
    "SigningKey",
]
