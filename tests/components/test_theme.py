"""Which Radix breakpoints the compiled stylesheet keeps: read from the components' props."""

from __future__ import annotations

import reflex as rx
from reflex.vars.base import Var
from reflex_base.breakpoints import Breakpoints

from portal_app.components.theme import BREAKPOINTS, PortalTheme, portal_theme, responsive_breakpoints

# Vars as a state's fields compile to: a plain string and a value that could be responsive.
COLUMNS = Var(_js_expr="columns", _var_type=str)
LAYOUT = Var(_js_expr="layout", _var_type=Breakpoints[str, str])


def test_literal_responsive_props_name_their_breakpoints():
    grid = rx.grid(columns=rx.breakpoints(initial="1", sm="2"))
    data_list = rx.data_list.root(orientation=rx.breakpoints(initial="vertical", md="horizontal"))
    assert responsive_breakpoints(grid) == {"sm"}
    assert responsive_breakpoints(data_list) == {"md"}


def test_plain_and_state_scalar_props_name_none():
    assert responsive_breakpoints(rx.grid(columns="2", gap="3")) == set()
    assert responsive_breakpoints(rx.grid(columns=COLUMNS)) == set()
    cond = rx.cond(COLUMNS == "1", "2", "3")
    assert responsive_breakpoints(rx.grid(columns=cond)) == set()


def test_a_state_var_that_could_be_responsive_keeps_every_breakpoint():
    assert responsive_breakpoints(rx.grid(columns=LAYOUT)) == set(BREAKPOINTS)


def test_without_components_seen_every_breakpoint_is_kept():
    theme = portal_theme()
    assert theme.kept_breakpoints() == list(BREAKPOINTS)
    theme.enter_component(
        rx.grid(columns=rx.breakpoints(initial="1", md="2")), page_context=None, compile_context=None
    )
    theme.enter_component(rx.text("plain"), page_context=None, compile_context=None)
    assert theme.kept_breakpoints() == ["md"]


def test_postcss_plugin_runs_after_postcss_import_once():
    config = 'export default {\n  plugins: {\n    "postcss-import": {},\n    autoprefixer: {},\n  },\n};\n'
    theme = PortalTheme()
    theme.saw_radix_component = True
    theme.used_breakpoints = {"sm"}
    once = theme._add_postcss_plugin(config)
    assert theme._add_postcss_plugin(once) == once
    lines = once.splitlines()
    assert (
        lines[lines.index('    "postcss-import": {},') + 1]
        == '    "./radix_breakpoints.cjs": { keep: ["sm"] },'
    )
