"""Links that look like buttons: for going to another page, with the look of an action."""

from __future__ import annotations

from typing import Any

import reflex as rx


def link_button(
    *content: Any, href: Any, is_external: bool | None = None, icon_only: bool = False, **button_props: Any
) -> rx.Component:
    """One element: a link drawn as a Radix button (`as_child` hands the button's look to the link).

    Not a button inside a link (`rx.link(rx.button(...))`): that is two Tab stops for one control,
    and a screen reader announces a link containing a button. `button_props` are the button's
    (variant, size, colour scheme, id, aria-label); `icon_only` draws an icon button.
    """
    button = rx.icon_button if icon_only else rx.button
    link = rx.link(
        *content,
        href=href,
        is_external=is_external,
        underline="none",
        # The link's own colour and hover colour would win over the button's: a solid amber button
        # drew blue, and its text changed colour on hover.
        color_scheme=button_props.get("color_scheme"),
        _hover={},
    )
    return button(link, as_child=True, **button_props)
