"""Small modules with one job: no function over 60 lines, no module over 400 in src/."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "mentorwatch"
MAX_FUNCTION_LINES = 60
MAX_MODULE_LINES = 400


def sources() -> list[Path]:
    return [p for p in sorted(PACKAGE.rglob("*.py")) if "versions" not in p.parts]


def test_no_module_is_over_400_lines() -> None:
    too_long = {
        str(path.relative_to(PACKAGE)): lines
        for path in sources()
        if (lines := path.read_text().count("\n")) > MAX_MODULE_LINES
    }
    assert too_long == {}


def test_no_function_is_over_60_lines() -> None:
    too_long = {}
    for path in sources():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                assert node.end_lineno is not None
                lines = node.end_lineno - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    too_long[f"{path.relative_to(PACKAGE)}:{node.lineno} {node.name}"] = lines
    assert too_long == {}
