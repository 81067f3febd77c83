"""docs/GUIDANCE-COVERAGE.md names a browser test for each action: each one it names exists."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NAMED = re.compile(r"`(test_\w+\.py)::(test_\w+)(?:\[[^\]]*\])?`")


def _tests_in(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    return {
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")
    }


def test_every_test_the_coverage_table_names_exists_in_the_browser_suite():
    table = (ROOT / "docs" / "GUIDANCE-COVERAGE.md").read_text()
    named = NAMED.findall(table)
    assert len(named) > 50, "the table should name a browser test for each guidance step"
    missing = [
        f"{file}::{test}"
        for file, test in named
        if not (ROOT / "tests" / "e2e" / file).exists()
        or test not in _tests_in(ROOT / "tests" / "e2e" / file)
    ]
    assert not missing, f"docs/GUIDANCE-COVERAGE.md names tests that do not exist: {missing}"
