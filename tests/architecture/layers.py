"""Who may import whom inside ``mentorwatch`` (docs/architecture.md has the picture).

Each layer lists the layers its modules may import; a module always may import its own
layer. Imports under ``if TYPE_CHECKING:`` count too: a type is a dependency.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

ALLOWED: dict[str, frozenset[str]] = {
    "errors": frozenset(),
    "domain": frozenset({"errors"}),
    "jsonfile": frozenset({"errors", "domain"}),
    "wiki": frozenset({"errors", "domain"}),
    "store": frozenset({"errors", "domain"}),
    "service": frozenset({"errors", "domain", "wiki", "store"}),
    "settings": frozenset({"errors", "domain", "wiki"}),
    "wiring": frozenset({"errors", "domain", "wiki", "store", "service", "settings"}),
    "web": frozenset({"errors", "domain", "wiki", "store", "service", "settings", "wiring"}),
    "cli": frozenset(
        {
            "errors",
            "domain",
            "wiki",
            "store",
            "service",
            "settings",
            "wiring",
            "web",
            "jsonfile",
        }
    ),
}
TOP = ("__init__", "__main__")


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


def imports_of(path: Path, module: str) -> list[tuple[int, str]]:
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
        for line, imported in imports_of(path, module):
            target = layer_of(imported)
            if target == layer or target in TOP:
                continue
            if allowed is None or target not in allowed:
                found.append(Violation(module, line, imported))
    return found
