"""The profile page: personal details, addresses, password, e-mail, data export, deletion request."""

from __future__ import annotations

import json
from typing import Any

import reflex as rx

from portal_app.models import Account
from portal_app.services import profile
from portal_app.services.countries import country_name
from portal_app.services.errors import ValidationError
from portal_app.state.base import PortalState
from portal_app.state.notices import noting

EMPTY_ADDRESS = {f: "" for f in profile.ADDRESS_FIELDS} | {"country": "GB"}


def _text(form: dict[str, Any], name: str, limit: int = 300) -> str:
    return str(form.get(name, "") or "")[:limit]


class ProfileState(PortalState):
    details: dict[str, str] = {}
    detail_errors: dict[str, str] = {}
    addresses: list[dict[str, str]] = []
    editing_address: str = ""  # "" none, "new", or an address id
    address_values: dict[str, str] = dict(EMPTY_ADDRESS)
    address_errors: dict[str, str] = {}
    password_errors: dict[str, str] = {}
    email_errors: dict[str, str] = {}
    email_sent_to: str = ""
    deletion_requested: bool = False
    form_version: int = 0
    notice: str = ""
    problem: str = ""

    def _load_account(self, account: Account) -> None:
        self.details = {
            "email": account.email,
            "kind": account.kind,
            "first_name": account.first_name,
            "last_name": account.last_name,
            "phone": account.phone or "",
            "linkedin_url": account.linkedin_url or "",
            "website_url": account.website_url or "",
            "organisation": account.organisation or "",
            "candidate_number": account.candidate_number or "",
        }
        self.deletion_requested = account.deletion_requested_at is not None

    async def _reload(self) -> None:
        def job(db: Any, actor: Account) -> tuple[Account, list[dict[str, str]]]:
            rows = profile.list_addresses(db, actor)
            return actor, [
                {
                    **{f: str(getattr(a, f)) for f in profile.ADDRESS_FIELDS},
                    "id": str(a.id),
                    "one_line": a.one_line().replace(f", {a.country}", f", {country_name(a.country)}"),
                }
                for a in rows
            ]

        account, self.addresses = await self._call(job)
        self._load_account(account)

    @rx.event
    @noting
    async def load(self) -> Any:
        redirect = await self._refresh_account()
        if redirect:
            return redirect
        self.detail_errors, self.password_errors, self.email_errors, self.address_errors = {}, {}, {}, {}
        self.editing_address = ""
        self.email_sent_to = ""
        await self._reload()
        return None

    @rx.event
    def change_tab(self, _tab: str) -> None:
        self.notice = ""
        self.problem = ""

    @rx.event
    @noting
    async def save_details(self, form: dict[str, Any]) -> Any:
        self.detail_errors = {}
        values = {
            k: _text(form, k)
            for k in ("first_name", "last_name", "phone", "linkedin_url", "website_url", "organisation")
        }
        self.details = {**self.details, **values}
        try:
            account = await self._call(profile.update_details, **values)
        except ValidationError as error:
            self.detail_errors = error.fields
            return None
        self._load_account(account)
        self.display_name = account.full_name or account.email
        self.notice = "Your details have been saved."
        return None

    @rx.event
    def edit_address(self, address_id: str) -> None:
        match = next((a for a in self.addresses if a["id"] == address_id), None)
        self.address_values = {f: match[f] for f in profile.ADDRESS_FIELDS} if match else dict(EMPTY_ADDRESS)
        self.editing_address = address_id if match else "new"
        self.address_errors = {}
        self.form_version += 1

    @rx.event
    def cancel_address(self) -> None:
        self.editing_address = ""
        self.address_errors = {}

    @rx.event
    @noting
    async def save_address(self, form: dict[str, Any]) -> Any:
        self.address_values = {f: _text(form, f, 200) for f in profile.ADDRESS_FIELDS}
        address_id = int(self.editing_address) if self.editing_address.isdigit() else None
        try:
            await self._call(profile.save_address, address_id, dict(self.address_values))
        except ValidationError as error:
            self.address_errors = error.fields
            return None
        self.editing_address = ""
        self.address_errors = {}
        await self._reload()
        self.notice = "Address saved."
        return None

    @rx.event
    @noting
    async def delete_address(self, address_id: str) -> Any:
        await self._call(profile.delete_address, int(address_id))
        await self._reload()
        self.notice = "Address deleted."
        return None

    @rx.event
    @noting
    async def change_password(self, form: dict[str, Any]) -> Any:
        self.password_errors = {}
        try:
            await self._call(
                profile.change_password,
                _text(form, "current", 2000),
                _text(form, "new", 2000),
                _text(form, "confirm", 2000),
                self.session_token,
            )
        except ValidationError as error:
            self.password_errors = error.fields
            return None
        self.form_version += 1
        self.notice = "Password changed. Other devices have been signed out."
        return None

    @rx.event
    @noting
    async def change_email(self, form: dict[str, Any]) -> Any:
        self.email_errors = {}
        new_email = _text(form, "new_email", 254).strip()
        try:
            await self._call(profile.request_email_change, new_email, _text(form, "email_password", 2000))
        except ValidationError as error:
            self.email_errors = error.fields
            return None
        self.email_sent_to = new_email
        return None

    @rx.event
    @noting
    async def export(self) -> Any:
        data = await self._call(profile.export_data)
        return rx.download(
            data=json.dumps(data, indent=2, ensure_ascii=False),
            filename="my-achievement-portal-data.json",
            mime_type="application/json",
        )

    @rx.event
    @noting
    async def request_deletion(self) -> Any:
        await self._call(profile.request_deletion)
        self.deletion_requested = True
        self.notice = "We have your request. An administrator will delete your account."
        return None

    @rx.event
    @noting
    async def cancel_deletion(self) -> Any:
        await self._call(profile.cancel_deletion)
        self.deletion_requested = False
        self.notice = "Your deletion request has been cancelled."
        return None
