"""The one way a state holds a form's messages: field errors, a problem and a notice.

A state that has a form (or a dialog with one) mixes in FormState; its `portal_event` handlers
then show domain errors by the form instead of at the top of the page: a ValidationError's
per-field messages go to `errors` (shown next to each field by `components.forms.field`, which
ties them to the control), its summary to `problem`, and the first field in error gets focus.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from portal_app.services.errors import DomainError, ValidationError


class FormState(rx.State, mixin=True):
    errors: dict[str, str] = {}
    problem: str = ""
    notice: str = ""

    def _field_id(self, name: str) -> str:
        """The id of the control for the field `name` (the form's controls are `<form>-<name>`);
        "" when this state's forms do not follow that, so no field gets focus."""
        return ""

    def _clear_messages(self) -> None:
        self.problem = ""
        self.notice = ""

    def _note(self, message: str) -> None:
        """Say that something worked (shown by the form, `components.forms.form_notice`)."""
        self.notice, self.problem = message, ""

    def _focus_first_error(self) -> Any:
        """Focus the first field in `errors` (an event for the browser), or None."""
        first = self._field_id(next(iter(self.errors))) if self.errors else ""
        return rx.set_focus(first) if first else None

    def _show_problem(self, error: DomainError) -> Any:
        self.notice = ""
        if isinstance(error, ValidationError) and error.fields:
            # each message is shown (and announced) by its field: no summary repeating them
            self.problem = ""
            self.errors = dict(error.fields)
            return self._focus_first_error()
        self.problem = str(error)
        return None
