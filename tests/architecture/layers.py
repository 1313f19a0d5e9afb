"""Who may import whom inside ``mentorwatch`` (docs/architecture.md has the picture), and
what the pure domain may import from outside it.

Each layer lists the layers its modules may import; a module always may import its own
layer. Imports under ``if TYPE_CHECKING:`` count too: a type is a dependency. ``from
mentorwatch import web`` imports the ``web`` layer (each name imported from the package itself
that is one of its modules or packages counts).

The domain decides from the values it is given: it imports only the standard library's pure
modules (:data:`PURE_MODULES`; no third-party package, nothing that does I/O, reads the clock
or draws random numbers) and calls no clock (:func:`clock_reads`).
"""

from __future__ import annotations

import ast
import sys
from dataclasses import dataclass
from pathlib import Path

ALLOWED: dict[str, frozenset[str]] = {
    "errors": frozenset(),
    "input_files": frozenset({"errors"}),
    "domain": frozenset({"errors"}),
    "jsonfile": frozenset({"errors", "domain", "input_files"}),
    "wiki": frozenset({"errors", "domain"}),
    "store": frozenset({"errors", "domain"}),
    "language": frozenset({"errors", "domain"}),
    "service": frozenset({"errors", "domain", "wiki", "store", "language"}),
    "settings_env": frozenset({"errors"}),
    "settings": frozenset({"errors", "domain", "wiki", "input_files", "settings_env"}),
    "wiring": frozenset(
        {"errors", "domain", "wiki", "store", "service", "settings", "settings_env", "language"}
    ),
    "web": frozenset(
        {
            "errors",
            "domain",
            "wiki",
            "store",
            "service",
            "settings",
            "settings_env",
            "wiring",
            "language",
        }
    ),
    "cli": frozenset(
        {
            "errors",
            "domain",
            "wiki",
            "store",
            "service",
            "settings",
            "settings_env",
            "wiring",
            "web",
            "jsonfile",
            "input_files",
            "language",
        }
    ),
}
TOP = ("__init__", "__main__")

#: The modules outside ``mentorwatch`` the domain may import: standard-library modules that
#: compute on values and touch nothing (``datetime`` for its types; :func:`clock_reads` keeps
#: ``now()`` out). Not on it, deliberately: ``os``, ``pathlib``, ``io``, ``socket``, ``http``,
#: ``urllib``, ``subprocess``, ``threading`` (I/O, processes, shared state), ``time`` and
#: ``zoneinfo`` (the clock, the system's time zone files), ``random``, ``uuid``, ``secrets``
#: (a plan must replay), ``logging`` (a side effect: the domain returns reasons and problems,
#: its callers log them), and every third-party package (requests, SQLAlchemy, Flask, click…).
PURE_MODULES = frozenset(
    {
        "__future__",
        "abc",
        "bisect",
        "collections",
        "dataclasses",
        "datetime",
        "decimal",
        "difflib",
        "enum",
        "fractions",
        "functools",
        "hashlib",  # digests are pure functions of their input (domain/shards.py)
        "heapq",
        "itertools",
        "json",
        "math",
        "operator",
        "re",
        "statistics",
        "string",
        "textwrap",
        "types",
        "typing",
        "unicodedata",
    }
)
#: Calls that read the clock, whatever they are called on (``datetime.now(UTC)``,
#: ``date.today()``, an injected ``clock.now()``): the domain gets ``now`` as a value.
CLOCK_CALLS = frozenset({"now", "utcnow", "today"})


@dataclass(frozen=True)
class Violation:
    module: str
    line: int
    imported: str

    def __str__(self) -> str:
        return f"{self.module}:{self.line} imports {self.imported}"


def layer_of(module: str) -> str:
    """``mentorwatch.wiki.api`` -> ``wiki``; ``mentorwatch.cli`` -> ``cli``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def module_name(root: Path, path: Path) -> str:
    relative = path.relative_to(root.parent).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@dataclass(frozen=True)
class ClockRead:
    module: str
    line: int
    call: str

    def __str__(self) -> str:
        return f"{self.module}:{self.line} reads the clock: {self.call}()"


def all_imports_of(path: Path, module: str, root: Path | None = None) -> list[tuple[int, str]]:
    """Every module ``path`` imports, absolute: for ``from X import a, b``, X; and where X is
    the package itself (``from mentorwatch import web``, ``from .. import web``), each of
    ``X.a``, ``X.b`` that is a module or package under ``root`` (the layer it is; by default
    the package ``module`` is in)."""
    if root is None:
        depth = len(module.split(".")) - (1 if path.name == "__init__.py" else 2)
        root = path.parents[depth]
    found = []
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.append((node.lineno, base))
            if base == root.name:
                found.extend(
                    (node.lineno, f"{base}.{alias.name}")
                    for alias in node.names
                    if _is_our_module(root, f"{base}.{alias.name}")
                )
    return found


def _is_our_module(root: Path, name: str) -> bool:
    """``mentorwatch.web`` -> is there ``web/__init__.py`` or ``web.py`` under ``root``?"""
    first, *parts = name.split(".")
    if first != root.name or not parts:
        return False
    place = root.joinpath(*parts)
    return (place / "__init__.py").exists() or place.with_suffix(".py").exists()


def imports_of(path: Path, module: str, root: Path | None = None) -> list[tuple[int, str]]:
    """The modules of ours that ``path`` imports."""
    found = all_imports_of(path, module, root)
    return [(line, name) for line, name in found if name.split(".")[0] == "mentorwatch"]


def violations(root: Path) -> list[Violation]:
    """Every import in the package at ``root`` that crosses the layers the wrong way."""
    found = []
    for path in sorted(root.rglob("*.py")):
        module = module_name(root, path)
        layer = layer_of(module)
        if layer in TOP or "migrations" in path.parts:
            continue
        allowed = ALLOWED.get(layer)
        for line, imported in imports_of(path, module, root):
            target = layer_of(imported)
            if target == layer or target in TOP:
                continue
            if allowed is None or target not in allowed:
                found.append(Violation(module, line, imported))
    return found


def impure_imports(root: Path) -> list[Violation]:
    """Every import in the domain of a module that is neither ours nor in :data:`PURE_MODULES`
    (a third-party package, or a standard-library module with I/O, a clock or randomness)."""
    found = []
    for path in sorted((root / "domain").rglob("*.py")):
        module = module_name(root, path)
        for line, imported in all_imports_of(path, module, root):
            top = imported.split(".")[0]
            if top != "mentorwatch" and top not in PURE_MODULES:
                found.append(Violation(module, line, imported))
    return found


def is_standard_library(name: str) -> bool:
    return name.split(".")[0] in sys.stdlib_module_names


def clock_reads(root: Path) -> list[ClockRead]:
    """Every call in the domain of a method that reads the clock (:data:`CLOCK_CALLS`)."""
    found = []
    for path in sorted((root / "domain").rglob("*.py")):
        module = module_name(root, path)
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if not isinstance(node, ast.Call):
                continue
            called = node.func
            name = called.attr if isinstance(called, ast.Attribute) else None
            if name in CLOCK_CALLS:
                found.append(ClockRead(module, node.lineno, ast.unparse(called)))
    return found
