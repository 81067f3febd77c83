"""The profile page: personal details, addresses, password, e-mail, data export, deletion request."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import Any, NotRequired, TypedDict

import reflex as rx

from portal_app.components.address_form import AddressForm
from portal_app.models import Account, Address
from portal_app.services import email_addresses, profile
from portal_app.services.countries import country_name
from portal_app.services.email_addresses import EmailAddress
from portal_app.state.base import PortalState, event, portal_event
from portal_app.state.forms import FormState

EMPTY_ADDRESS = {f: "" for f in profile.ADDRESS_FIELDS} | {"country": "GB"}


class DetailsForm(TypedDict):
    first_name: str
    last_name: str
    phone: str
    linkedin_url: str
    website_url: str
    organisation: NotRequired[str]  # a third party's only


class PasswordForm(TypedDict):
    current: str
    new: str
    confirm: str


class EmailForm(TypedDict):
    new_email: str
    email_password: str


class AddEmailForm(TypedDict):
    new_address: str
    add_password: str


class RemoveEmailForm(TypedDict):
    remove_password: str


@dataclass(frozen=True)
class Details:
    """The account's details as the Personal details form shows them."""

    email: str = ""
    kind: str = ""
    first_name: str = ""
    last_name: str = ""
    phone: str = ""
    linkedin_url: str = ""
    website_url: str = ""
    organisation: str = ""
    candidate_number: str = ""

    @classmethod
    def of(cls, account: Account) -> Details:
        return cls(
            email=account.email,
            kind=account.kind,
            first_name=account.first_name,
            last_name=account.last_name,
            phone=account.phone or "",
            linkedin_url=account.linkedin_url or "",
            website_url=account.website_url or "",
            organisation=account.organisation or "",
            candidate_number=account.candidate_number or "",
        )


@dataclass(frozen=True)
class AddressCard:
    """A saved address: its fields (to edit it) and one line to show it."""

    id: str
    one_line: str
    full_name: str
    line1: str
    line2: str
    city: str
    region: str
    postcode: str
    country: str
    phone: str

    @classmethod
    def of(cls, address: Address) -> AddressCard:
        return cls(
            id=str(address.id),
            one_line=address.one_line().replace(f", {address.country}", f", {country_name(address.country)}"),
            **{f: str(getattr(address, f) or "") for f in profile.ADDRESS_FIELDS},
        )


class ProfileState(FormState, PortalState):
    """Four forms (details, address, password, e-mail), one on each tab: `errors` holds the
    fields of the form last sent, and a message shows above the tabs."""

    details: Details = Details()
    addresses: list[AddressCard] = []
    editing_address: str = ""  # "" none, "new", or an address id
    address_values: dict[str, str] = dict(EMPTY_ADDRESS)
    email_sent_to: str = ""
    email_addresses: list[EmailAddress] = []
    removing_email: str = ""  # the address whose removal waits for the password
    _removing_email_id: int = 0
    deletion_requested: bool = False
    notify_on_view: bool = True
    form_version: int = 0

    def _field_id(self, name: str) -> str:
        if self.editing_address and name in profile.ADDRESS_FIELDS:
            return f"address-{name}"
        return f"profile-{name.replace('_', '-')}"

    def _load_account(self, account: Account) -> None:
        self.details = Details.of(account)
        self.deletion_requested = account.deletion_requested_at is not None
        self.notify_on_view = account.notify_on_view

    async def _reload(self) -> None:
        def job(db: Any, actor: Account) -> tuple[Account, list[AddressCard], list[EmailAddress]]:
            cards = [AddressCard.of(a) for a in profile.list_addresses(db, actor)]
            return actor, cards, email_addresses.list_addresses(db, actor)

        account, self.addresses, self.email_addresses = await self._call(job)
        self._load_account(account)

    @portal_event
    async def load(self) -> None:
        await self._open_page()
        self.errors = {}
        self.editing_address = ""
        self.email_sent_to = ""
        self.removing_email, self._removing_email_id = "", 0
        await self._reload()

    @event
    def change_tab(self, _tab: str) -> None:
        """A message, or a field's error, belongs to the tab it was given on."""
        self._clear_messages()
        self.errors = {}

    @portal_event
    async def save_details(self, form: DetailsForm) -> None:
        self.errors = {}
        values = {
            "first_name": form["first_name"],
            "last_name": form["last_name"],
            "phone": form["phone"],
            "linkedin_url": form["linkedin_url"],
            "website_url": form["website_url"],
            "organisation": form.get("organisation", ""),
        }
        self.details = replace(self.details, **values)  # what was typed stays in the form
        account = await self._call(profile.update_details, **values)
        self._load_account(account)
        self.display_name = account.full_name or account.email
        self._note("Your details have been saved.")

    @event
    def edit_address(self, address_id: str) -> None:
        match = next((a for a in self.addresses if a.id == address_id), None)
        self.address_values = (
            {f: getattr(match, f) for f in profile.ADDRESS_FIELDS} if match else dict(EMPTY_ADDRESS)
        )
        self.editing_address = address_id if match else "new"
        self.errors = {}
        self.form_version += 1

    @event
    def cancel_address(self) -> None:
        self.editing_address = ""
        self.errors = {}

    @portal_event
    async def save_address(self, form: AddressForm) -> None:
        self.errors = {}
        self.address_values = {f: str(form.get(f, "")) for f in profile.ADDRESS_FIELDS}
        address_id = int(self.editing_address) if self.editing_address.isdigit() else None
        await self._call(profile.save_address, address_id, dict(self.address_values))
        self.editing_address = ""
        await self._reload()
        self._note("Address saved.")

    @portal_event
    async def delete_address(self, address_id: str) -> None:
        await self._call(profile.delete_address, int(address_id))
        await self._reload()
        self._note("Address deleted.")

    @portal_event
    async def change_password(self, form: PasswordForm) -> None:
        self.errors = {}
        await self._call(
            profile.change_password,
            current=form["current"],
            new=form["new"],
            confirm=form["confirm"],
            keep_session_token=self.session_token,
        )
        self.form_version += 1
        self._note("Password changed. Other devices have been signed out.")

    @portal_event
    async def change_email(self, form: EmailForm) -> None:
        self.errors = {}
        new_email = form["new_email"].strip()
        await self._call(
            profile.request_email_change, new_email=new_email, current_password=form["email_password"]
        )
        self.email_sent_to = new_email

    @portal_event
    async def add_email(self, form: AddEmailForm) -> None:
        self.errors = {}
        row = await self._call(
            email_addresses.add_address, address=form["new_address"], password=form["add_password"]
        )
        self.form_version += 1
        await self._reload()
        self._note(f"We have sent a link to {row.address}. It is added when you click it.")

    @portal_event
    async def make_primary(self, email_id: int) -> None:
        address = await self._call(email_addresses.make_primary, email_id=int(email_id))
        await self._reload()
        self._note(f"{address} now receives your e-mail.")

    @event
    def ask_to_remove(self, email_id: int) -> None:
        chosen = next((e for e in self.email_addresses if e.id == email_id and not e.primary), None)
        self._removing_email_id = chosen.id if chosen else 0
        self.removing_email = chosen.address if chosen else ""
        self.errors = {}

    @event
    def keep_email(self) -> None:
        self.removing_email = ""
        self.errors = {}

    @portal_event
    async def remove_email(self, form: RemoveEmailForm) -> None:
        """The service checks the address is the signed-in account's own, whatever the id."""
        self.errors = {}
        if not self._removing_email_id:
            return
        address = await self._call(
            email_addresses.remove_address, email_id=self._removing_email_id, password=form["remove_password"]
        )
        self.removing_email = ""
        self._removing_email_id = 0
        await self._reload()
        self._note(f"{address} has been removed from your account.")

    @portal_event
    async def export(self) -> Any:
        data = await self._call(profile.export_data)
        return rx.download(
            data=json.dumps(data, indent=2, ensure_ascii=False),
            filename="my-achievement-portal-data.json",
            mime_type="application/json",
        )

    @portal_event
    async def request_deletion(self) -> None:
        await self._call(profile.request_deletion)
        self.deletion_requested = True
        self._note("We have your request. An administrator will delete your account.")

    @portal_event
    async def cancel_deletion(self) -> None:
        await self._call(profile.cancel_deletion)
        self.deletion_requested = False
        self._note("Your deletion request has been cancelled.")

    @portal_event
    async def set_notify_on_view(self, enabled: bool) -> None:
        await self._call(profile.set_view_notices, bool(enabled))
        self.notify_on_view = bool(enabled)
        self._note(
            "We will e-mail you when a third party first opens a document you share."
            if enabled
            else "We will no longer e-mail you when your shared documents are viewed."
        )
