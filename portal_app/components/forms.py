"""Form pieces: a labelled field with its message right beside it."""

from __future__ import annotations

from typing import Any

import reflex as rx


def field(
    label: str | rx.Component, control: rx.Component, error: Any = "", hint: str = "", required: bool = False
) -> rx.Component:
    """A label, the control, an optional hint and the field's error message (if any).

    The label names the control (`for` its id), so screen readers and tests find it by name; the
    hint and the error describe it (`aria-describedby`), and an error marks it invalid and is
    announced when it appears (`role="alert"`). FormState focuses the first field in error.
    """
    control_id = getattr(control, "id", None)
    if isinstance(control_id, str):
        _describe(control, control_id, error, hint)
    return rx.vstack(
        rx.text(
            label,
            rx.cond(
                required, rx.text.span(" *", color="var(--red-10)", custom_attrs={"aria-hidden": "true"}), ""
            ),
            as_="label",
            custom_attrs={"htmlFor": control_id} if isinstance(control_id, str) else {},
            size="2",
            weight="medium",
        ),
        control,
        rx.text(hint, size="1", color_scheme="gray", id=f"{control_id}-hint") if hint else rx.fragment(),
        rx.cond(
            error != "",
            rx.text(
                error,
                size="1",
                color="var(--red-11)",
                role="alert",
                class_name="field-error",
                id=f"{control_id}-error",
            ),
        ),
        spacing="1",
        width="100%",
        align="stretch",
    )


def _describe(control: rx.Component, control_id: str, error: Any, hint: str) -> None:
    """Tie the hint and the error to the control (only ids that are on the page)."""
    hint_id = f"{control_id}-hint" if hint else ""
    with_error = f"{hint_id} {control_id}-error".strip()
    if isinstance(error, str):
        described = with_error if error else hint_id
        if described:
            control.custom_attrs["aria-describedby"] = described
        if error:
            control.custom_attrs["aria-invalid"] = "true"
        return
    control.custom_attrs["aria-describedby"] = rx.cond(error != "", with_error, hint_id)
    control.custom_attrs["aria-invalid"] = rx.cond(error != "", "true", "false")


def form_error(message: Any) -> rx.Component:
    return rx.cond(
        message != "",
        rx.callout(message, icon="triangle_alert", color_scheme="red", role="alert", width="100%"),
    )


def form_notice(message: Any) -> rx.Component:
    return rx.cond(
        message != "",
        rx.callout(message, icon="info", color_scheme="blue", width="100%"),
    )


def dialog_actions(submit: rx.Component) -> rx.Component:
    """The footer of a form in a dialog: Cancel (closes it) and the form's submit button."""
    return rx.hstack(
        rx.dialog.close(rx.button("Cancel", variant="soft", color_scheme="gray", type="button")),
        submit,
        justify="end",
        width="100%",
    )


def named_file_input(upload: rx.Component, name: str) -> rx.Component:
    """`rx.upload.root` with its file input named: Reflex builds that input itself (the dropzone's
    hidden `<input type=file>`, still reachable by assistive technology) and gives it no label."""
    pending = [upload]
    while pending:
        component = pending.pop()
        if type(component).__name__ == "Input":
            component.custom_attrs["aria-label"] = name
            return upload
        pending.extend(getattr(component, "children", []))
    raise LookupError("no file input inside this upload")
