"""The Radix theme, with only the CSS the portal uses.

Radix's all-in-one stylesheet carries all 30 palettes and every responsive variant of every class
for five breakpoints; the portal loads the token base, the palettes in PALETTES, components and
utilities, and drops the responsive rules of breakpoints no page uses (docs/PERFORMANCE.md).
A `color_scheme=` not listed here renders without colour: add it to PALETTES. Responsive values
need nothing: which breakpoints are used is read from the pages at every compile.
"""

from __future__ import annotations

import dataclasses
import types
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Union, get_args, get_origin

import reflex as rx
from reflex.constants import Dirs
from reflex.vars.base import LiteralVar, Var
from reflex_components_radix.themes.base import RadixThemesComponent

PALETTES = ("indigo", "slate", "gray", "red", "amber", "green", "blue", "orange", "yellow", "grass", "sky")
BREAKPOINTS = ("xs", "sm", "md", "lg", "xl")
POSTCSS_PLUGIN = Path(__file__).with_name("radix_breakpoints.cjs")


def _may_be_responsive(var_type: Any) -> bool:
    """Whether a value of this type could be a breakpoints mapping (unknown until run time)."""
    origin = get_origin(var_type) or var_type
    if origin in (Union, types.UnionType):
        return any(_may_be_responsive(arg) for arg in get_args(var_type))
    return origin in (Any, object) or (isinstance(origin, type) and issubclass(origin, Mapping))


def responsive_breakpoints(component: RadixThemesComponent) -> set[str]:
    """Breakpoints named by the component's responsive props; all of them if a state var could be one."""
    found: set[str] = set()
    for name in component.get_props():
        value = getattr(component, name, None)
        if not isinstance(value, Var):
            continue
        if isinstance(value, LiteralVar):
            if isinstance(value._var_value, Mapping):
                found.update(key for key in value._var_value if key in BREAKPOINTS)
        elif _may_be_responsive(value._var_type):
            return set(BREAKPOINTS)
    return found


@dataclasses.dataclass
class PortalTheme(rx.plugins.RadixThemesPlugin):
    # Only grows (a dev server recompiles without resetting): keeping an unused breakpoint is safe.
    used_breakpoints: set[str] = dataclasses.field(default_factory=set, init=False, repr=False)
    saw_radix_component: bool = dataclasses.field(default=False, init=False, repr=False)

    def get_stylesheet_paths(self, **context: Any) -> tuple[str, ...]:
        if not self.enabled:
            return ()
        return (
            "@radix-ui/themes/tokens/base.css",
            *(f"@radix-ui/themes/tokens/colors/{name}.css" for name in PALETTES),
            "@radix-ui/themes/components.css",
            "@radix-ui/themes/utilities.css",
        )

    def enter_component(self, comp: Any, /, **context: Any) -> None:
        super().enter_component(comp, **context)
        if isinstance(comp, RadixThemesComponent):
            self.saw_radix_component = True
            self.used_breakpoints |= responsive_breakpoints(comp)

    def kept_breakpoints(self) -> list[str]:
        # No component seen means no information (not "none used"): keep everything.
        used = self.used_breakpoints if self.saw_radix_component else set(BREAKPOINTS)
        return [name for name in BREAKPOINTS if name in used]

    def pre_compile(self, **context: Any) -> None:
        super().pre_compile(**context)
        context["add_save_task"](lambda: (POSTCSS_PLUGIN.name, POSTCSS_PLUGIN.read_text()))
        context["add_modify_task"](Dirs.POSTCSS_JS, self._add_postcss_plugin)

    def _add_postcss_plugin(self, config: str) -> str:
        """Run the plugin right after postcss-import has inlined Radix's stylesheets."""
        lines = [line for line in config.splitlines() if POSTCSS_PLUGIN.name not in line]
        at = next((i for i, line in enumerate(lines) if '"postcss-import"' in line), None)
        if at is None:
            raise RuntimeError(f"{Dirs.POSTCSS_JS} has no postcss-import to run after")
        keep = ", ".join(f'"{name}"' for name in self.kept_breakpoints())
        lines.insert(at + 1, f'    "./{POSTCSS_PLUGIN.name}": {{ keep: [{keep}] }},')
        return "\n".join(lines) + "\n"


def portal_theme() -> PortalTheme:
    return PortalTheme(
        theme=rx.theme(accent_color="indigo", gray_color="slate", radius="medium", appearance="light")
    )
