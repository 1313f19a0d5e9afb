"""The map checks itself: what docs/architecture.md and the error map in errors.py name exists.

A reader following the map (one weekly run, one web save) must find every file it names and
every function or class it names beside a file; the error map must list every error class of
the package under its real base, and nothing that is gone. Each check has a test that plants
the drift it is there to catch.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from dataclasses import dataclass
from pathlib import Path

import mentorwatch
from mentorwatch import errors
from mentorwatch.errors import MentorwatchError

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "mentorwatch"
MAP = ROOT / "docs" / "architecture.md"

#: where a path the map names is looked for: the package's layers, or the repository's folders
LAYERS = ("domain/", "wiki/", "store/", "service/", "web/", "cli/")
REPOSITORY = ("src/", "tests/", "docs/", "bench/", "scripts/", ".ci/")
TOP_MODULES = ("errors.py", "wiring.py", "settings.py", "jsonfile.py")

ITEM = re.compile(r"`([^`\n]+)`|[()]")
LIST_GAP = re.compile(r"^[\s,]*((and|or|→)[\s,]*)?$")
NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")


@dataclass(frozen=True)
class Named:
    """A path the map names, or a name it puts beside a path (``path`` ``name``)."""

    line: int
    path: str
    name: str | None = None

    def __str__(self) -> str:
        what = self.path if self.name is None else f"{self.name} in {self.path}"
        return f"docs/architecture.md:{self.line}: {what}"


def _is_path(token: str) -> bool:
    return token.startswith(LAYERS + REPOSITORY) or token in TOP_MODULES


def _resolve(path: str, root: Path) -> Path:
    if path.startswith(REPOSITORY) or path == "README.md":
        return root / path
    return root / "src" / "mentorwatch" / path


def named_in(text: str) -> list[Named]:
    """Every path in backticks, and every name in backticks put beside a module path:
    right after it (``service/cycle.py`` ``Cycle.run``) or in a list that follows it
    (``domain/planner.py`` (``plan``, ``decide``), ``x.py`` ``a`` (``y.py`` ``b``), ``c``: the
    parenthesis is ``y.py``'s, ``c`` is ``x.py``'s again); a bare file name after a folder
    (``domain/config/`` (``parse.py``)) is that folder's. Prose between breaks the list."""
    found: list[Named] = []
    for number, line in enumerate(text.splitlines(), start=1):
        for part in re.split(r"\||[.;:]\s", line):
            found.extend(_named_in_part(number, part))
    return found


def _named_in_part(number: int, part: str) -> list[Named]:
    found: list[Named] = []
    module: str | None = None
    folder: str | None = None
    outer: list[tuple[str | None, str | None]] = []
    last = 0
    for match in ITEM.finditer(part):
        if not LIST_GAP.match(part[last : match.start()]):
            module = None
        last = match.end()
        if match[0] == "(":
            outer.append((module, folder))
            continue
        if match[0] == ")":
            module, folder = outer.pop() if outer else (None, None)
            continue
        token = match[1]
        if _is_path(token):
            found.append(Named(number, token))
            module = token if token.endswith(".py") else None
            folder = token if token.endswith("/") else folder
        elif token.endswith(".py") and "/" not in token and folder is not None:
            module = folder + token
            found.append(Named(number, module))
        elif module is not None and NAME.match(token):
            found.append(Named(number, module, token))
        else:
            module = None
    return found


def missing(named: list[Named], root: Path) -> list[str]:
    """What the map names that the tree does not hold."""
    absent = []
    sources: dict[Path, set[str]] = {}
    for item in named:
        path = _resolve(item.path, root)
        if not path.exists():
            absent.append(str(item))
            continue
        if item.name is None:
            continue
        if path not in sources:
            sources[path] = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", path.read_text()))
        if not set(item.name.split(".")) <= sources[path]:
            absent.append(str(item))
    return absent


def test_every_file_and_name_the_map_names_exists() -> None:
    named = named_in(MAP.read_text())
    assert len([n for n in named if n.name is not None]) > 40  # the map does name functions
    assert missing(named, ROOT) == []


def test_the_map_check_catches_a_file_or_a_function_gone(tmp_path: Path) -> None:
    text = (
        "| plan | `domain/planner.py` (`plan`, `decide_everything`) | `service/cycle.py` "
        "`Cycle.run`, `service/vanished.py` |\n"
        "The rules: `domain/config/` (`parse.py`, `gone.py`). See `tests/unit/nothing.py`.\n"
    )
    assert missing(named_in(text), ROOT) == [
        "docs/architecture.md:1: decide_everything in domain/planner.py",
        "docs/architecture.md:1: service/vanished.py",
        "docs/architecture.md:2: domain/config/gone.py",
        "docs/architecture.md:2: tests/unit/nothing.py",
    ]


# --- the error map ----------------------------------------------------------------------------

TREE_LINE = re.compile(r"^(?P<indent>(?:[│ ] {3})*)(?:├── |└── )(?P<name>[\w.]+)")


def error_classes() -> set[type[MentorwatchError]]:
    """Every error class the package defines (all its modules imported)."""
    for info in pkgutil.walk_packages(mentorwatch.__path__, "mentorwatch."):
        if "migrations" not in info.name and not info.name.endswith("__main__"):
            importlib.import_module(info.name)
    found: set[type[MentorwatchError]] = set()
    pending: list[type[MentorwatchError]] = [MentorwatchError]
    while pending:
        for subclass in pending.pop().__subclasses__():
            if subclass not in found and subclass.__module__.startswith("mentorwatch."):
                found.add(subclass)
                pending.append(subclass)
    return found


def mapped(doc: str) -> dict[str, str]:
    """The error map: each class's dotted name (below ``mentorwatch``) -> its base's."""
    parents = ["MentorwatchError"]
    tree: dict[str, str] = {}
    for line in doc.splitlines():
        match = TREE_LINE.match(line.removeprefix("    "))
        if match is None:
            continue
        depth = len(match["indent"]) // 4 + 1
        name = match["name"]
        del parents[depth:]
        tree[name] = parents[-1]
        parents.append(name)
    return tree


def dotted(cls: type) -> str:
    module = cls.__module__.removeprefix("mentorwatch.")
    return cls.__name__ if module == "errors" else f"{module}.{cls.__name__}"


def map_problems(doc: str, classes: set[type[MentorwatchError]]) -> list[str]:
    tree = mapped(doc)
    problems = []
    by_name = {dotted(cls): cls for cls in classes}
    for name in sorted(set(by_name) - set(tree)):
        problems.append(f"{name} is not in the error map")
    for name, parent in sorted(tree.items()):
        cls = by_name.get(name)
        if cls is None:
            problems.append(f"{name} is in the error map but not in the code")
        elif parent not in {dotted(base) for base in cls.__bases__}:
            problems.append(f"{name} is mapped under {parent}, not under its base")
    return problems


def test_the_error_map_lists_every_error_class_under_its_base() -> None:
    assert errors.__doc__ is not None
    assert len(mapped(errors.__doc__)) > 30
    assert map_problems(errors.__doc__, error_classes()) == []


def test_the_error_map_check_catches_a_class_missing_misplaced_or_gone() -> None:
    assert errors.__doc__ is not None
    doc = errors.__doc__
    doc = doc.replace("│   ├── wiki.mentorlist.AwayUnknown", "│   ├── wiki.mentorlist.Gone")
    doc = doc.replace(
        "│   │   ├── domain.strict_json.DuplicateKey", "│   ├── domain.strict_json.DuplicateKey"
    )
    problems = map_problems(doc, error_classes())
    assert problems == [
        "wiki.mentorlist.AwayUnknown is not in the error map",
        "domain.strict_json.BrokenJson is mapped under domain.strict_json.DuplicateKey, not "
        "under its base",
        "domain.strict_json.DuplicateKey is mapped under InvalidInput, not under its base",
        "wiki.mentorlist.Gone is in the error map but not in the code",
    ]
