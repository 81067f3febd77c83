"""Fixed sample data for the component gallery (`pages/dev_components.py`): development and demo
mode only, sent to a tab when it opens the gallery. Nothing here reads the database; the handlers
only move through the samples."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import reflex as rx

from portal_app.services.documents import KIND_LABELS, DocumentRow
from portal_app.services.orders import STATUS_LABELS
from portal_app.services.paging import Page
from portal_app.services.verification import qr_data_uri
from portal_app.state.base import PortalState, event
from portal_app.state.paging import PagedList

PAGE_SIZE = 5
# Fixed, not the portal's address: the samples (and their QR codes) look the same on every port.
SAMPLE_BASE_URL = "http://localhost:3000"


@dataclass
class SampleConnection:
    name: str
    email: str
    status: str
    initiated_by: str
    documents: int
    expires: str


@dataclass
class DocumentSample:
    """The fields `components.official_document` reads, as `DocumentViewState` holds them."""

    row: DocumentRow
    grade: str = ""
    criteria: str = ""
    badge_image: str = ""
    status_reason: str = ""
    replaced_by: str = ""
    signature_valid: bool = True
    units: list[dict[str, str]] = field(default_factory=list)
    verify_url: str = ""
    qr_code: str = ""


NAMES = [
    "Ted Trew",
    "Admissions, Cardiff City College",
    "Priya Patel",
    "Hannah Lowe",
    "Fleet Motors HR",
    "Jo Bloggs",
]
STATUSES = ["active", "pending", "expired", "declined", "revoked", "valid", "superseded"]
CONNECTIONS = [
    SampleConnection(
        name=NAMES[i % len(NAMES)] + (f" ({i // len(NAMES) + 1})" if i >= len(NAMES) else ""),
        email=f"contact{i + 1}@company.example",
        status=STATUSES[i % len(STATUSES)],
        initiated_by="By me" if i % 2 == 0 else "By a third party",
        documents=i % 4,
        expires=f"{(i % 28) + 1:02d} Dec 2026",
    )
    for i in range(12)
]
ORDERS = [
    {
        "full_name": "Sarah Yeoman",
        "number": f"ORD-1000{n:02d}",
        "status": status,
        "status_label": label,
        "delivery": "Royal Mail Signed",
        "total": "£61.00",
        "created_by": "Sarah Yeoman",
        "created": "20 Oct 2026, 10:42",
        "created_kind": "Learner",
    }
    for n, (status, label) in enumerate(STATUS_LABELS.items(), start=1)
]
UNITS = [
    {"code": "HEV301", "title": "Health and safety when working on high-voltage vehicles", "grade": "Pass"},
    {"code": "HEV302", "title": "Isolating and reinstating high-voltage systems", "grade": "Pass"},
    {"code": "HEV303", "title": "Removing and replacing high-voltage components", "grade": "Merit"},
]
HEV = "Level 3 Award in Heavy Electric/Hybrid Vehicle System Repair and Replacement"


def _document(reference: str, kind: str, title: str, status: str = "valid", **extra: Any) -> DocumentSample:
    url = f"{SAMPLE_BASE_URL}/verify/{reference}"
    row = DocumentRow(
        reference, kind, KIND_LABELS.get(kind, kind), "00021124", "Claire Hammond", "603/4182/8", title,
        "13 Nov 2024", status,
    )  # fmt: skip
    return DocumentSample(row=row, verify_url=url, qr_code=qr_data_uri(url), **extra)


def _page(rows: list[Any], number: int, noun: str) -> Page[Any]:
    start = (number - 1) * PAGE_SIZE
    return Page(
        rows=rows[start : start + PAGE_SIZE], number=number, size=PAGE_SIZE, total=len(rows), more=False,
        has_next=start + PAGE_SIZE < len(rows),
    )  # fmt: skip


EMPTY_DOCUMENT = DocumentSample(row=DocumentRow("", "", "", "", "", "", "", "", ""))


class GalleryState(PortalState):
    """Tables, documents and form samples; the alert and dialog buttons.

    The vars start empty and `show_samples` fills them when the gallery opens: a hydrate sends a
    tab every state's vars, and the samples copy demo learners' records (Claire Hammond's
    references and address, Sarah Yeoman's orders), which no other page's tab may receive."""

    connections: list[SampleConnection] = []
    phone_connections: list[SampleConnection] = []
    no_connections: list[SampleConnection] = []
    search: str = ""
    certificate: DocumentSample = EMPTY_DOCUMENT
    transcript: DocumentSample = EMPTY_DOCUMENT
    badge: DocumentSample = EMPTY_DOCUMENT
    revoked: DocumentSample = EMPTY_DOCUMENT
    superseded: DocumentSample = EMPTY_DOCUMENT
    tampered: DocumentSample = EMPTY_DOCUMENT
    address: dict[str, str] = {}
    address_errors: dict[str, str] = {}
    dob_day: str = ""
    dob_month: str = ""
    dob_year: str = ""

    @event
    async def show_samples(self) -> None:
        """The gallery page's on_load: every sample, in this tab only."""
        self.connections, self.phone_connections, self.search = CONNECTIONS[:4], CONNECTIONS[:2], "Ted"
        self.certificate = _document("29567186-01-PJPC", "certificate", HEV, grade="Pass")
        self.transcript = _document("98077739-01-KVHT", "transcript", HEV, units=UNITS)
        self.badge = _document(
            "07171402-01-P6NA", "badge", "High-Voltage Technician", badge_image="/badge-hv.svg",
            criteria="Passed all three high-voltage units of " + HEV + ".",
        )  # fmt: skip
        self.revoked = _document(
            "55501234-01-RVKD", "certificate", HEV, "revoked", grade="Pass",
            status_reason="Awarded in error: the assessment was not completed.",
        )  # fmt: skip
        self.superseded = _document(
            "61234567-01-TYRE", "certificate", HEV, "superseded", grade="Merit",
            status_reason="Misspelt qualification title corrected.", replaced_by="61234567-02-TYRE",
        )  # fmt: skip
        self.tampered = _document("29567186-01-PJPC", "certificate", HEV, grade="Pass", signature_valid=False)
        self.address = {"full_name": "Claire Hammond", "line1": "29 Upper Kincraig Street", "line2": "",
                        "city": "Cardiff", "region": "", "postcode": "", "country": "GB", "phone": ""}  # fmt: skip
        self.address_errors = {"postcode": "Enter the postcode, for example CF24 3HA."}
        self.dob_day, self.dob_month, self.dob_year = "21", "13", "1999"
        for paged in (await self.get_state(GalleryPagedState), await self.get_state(GalleryOrdersState)):
            paged.page = 1
            await paged._reload()

    @rx.var
    def searched(self) -> list[SampleConnection]:
        term = self.search.strip().lower()
        return [c for c in CONNECTIONS if term in c.name.lower() or term in c.email.lower()]

    @event
    def set_search(self, value: str) -> None:
        self.search = value

    @event
    def show_alert(self, kind: str) -> None:
        if kind == "error":
            self._alert("Something went wrong on our side. Please try again; what you typed has been kept.")
        else:
            self._alert("Your connection with Ted Trew was deleted.", "success")

    @event
    def confirmed(self) -> None:
        self._alert("Confirmed. In the gallery nothing happens.", "success")

    @event
    def pick(self, value: Any = None) -> None:
        """Any other control's change: the gallery keeps its samples as they are."""

    @event
    def set_dob_day(self, value: str) -> None:
        self.dob_day = value

    @event
    def set_dob_month(self, value: str) -> None:
        self.dob_month = value

    @event
    def set_dob_year(self, value: str) -> None:
        self.dob_year = value


class GalleryPagedState(PagedList, PortalState):
    """The data table with paging, over twelve sample connections."""

    _noun: str = "connection"
    rows: list[SampleConnection] = []  # filled by GalleryState.show_samples

    async def _reload(self) -> None:
        self.rows = self._paged(_page(CONNECTIONS, self.page, self._noun))


class GalleryOrdersState(PagedList, PortalState):
    """The orders table (search, status filter, pages) over one sample order in each status."""

    _noun: str = "order"
    rows: list[dict[str, str]] = []  # filled by GalleryState.show_samples
    search: str = ""
    status: str = "all"

    async def _reload(self) -> None:
        term = self.search.lower()
        found = [
            o for o in ORDERS
            if (self.status in ("all", o["status"])) and (not term or term in " ".join(o.values()).lower())
        ]  # fmt: skip
        self.rows = self._paged(_page(found, self.page, self._noun))

    @event
    async def run_search(self, form: dict[str, Any]) -> None:
        self.search, self.page = str(form.get("search", "")), 1
        await self._reload()

    @event
    async def filter_status(self, value: str) -> None:
        self.status, self.page = value, 1
        await self._reload()
