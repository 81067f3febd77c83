"""The Radix theme, with only the colour palettes the portal uses.

Radix's all-in-one stylesheet carries all 30 palettes; loading the token base, the palettes in
PALETTES, components and utilities instead keeps first-load CSS smaller (docs/PERFORMANCE.md).
A `color_scheme=` not listed here renders without colour: add it to PALETTES.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import reflex as rx

PALETTES = ("indigo", "slate", "gray", "red", "amber", "green", "blue", "orange", "yellow", "grass", "sky")


@dataclasses.dataclass
class PortalTheme(rx.plugins.RadixThemesPlugin):
    def get_stylesheet_paths(self, **context: Any) -> tuple[str, ...]:
        if not self.enabled:
            return ()
        return (
            "@radix-ui/themes/tokens/base.css",
            *(f"@radix-ui/themes/tokens/colors/{name}.css" for name in PALETTES),
            "@radix-ui/themes/components.css",
            "@radix-ui/themes/utilities.css",
        )


def portal_theme() -> PortalTheme:
    return PortalTheme(
        theme=rx.theme(accent_color="indigo", gray_color="slate", radius="medium", appearance="light")
    )
