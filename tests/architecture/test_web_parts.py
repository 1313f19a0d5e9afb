"""The web package is an entry point over the services, its parts visibly apart
(docs/architecture.md, "Layers"): pages call services and render; views make what pages show
from plain data; runtime runs the app. None of it talks to the wiki's API itself, builds a
journal, or tells backends apart by their class."""

from __future__ import annotations

import ast
from pathlib import Path

from .layers import imports_of, module_name

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "mentorwatch"
WEB = PACKAGE / "web"
#: the wiki client's request methods: a call of one with ``action=`` is a raw API call
REQUESTS = frozenset({"get", "post", "post_with_token", "request"})


def web_modules() -> list[tuple[str, Path, ast.Module]]:
    return [
        (module_name(PACKAGE, path), path, ast.parse(path.read_text(), str(path)))
        for path in sorted(WEB.rglob("*.py"))
    ]


def test_the_web_package_has_pages_views_runtime_and_its_entry_point() -> None:
    top = sorted(path.name for path in WEB.glob("*.py"))
    assert top == ["__init__.py", "server.py"]
    parts = {path.name for path in WEB.iterdir() if (path / "__init__.py").exists()}
    assert parts == {"pages", "views", "runtime"}
    names = [path.name for path in WEB.rglob("*.py") if path.name != "__init__.py"]
    assert len(names) == len(set(names)), "two web modules share a name"


def test_views_depend_on_neither_pages_nor_runtime_nor_flask() -> None:
    for module, path, tree in web_modules():
        if ".views" not in module:
            continue
        imported = [name for _line, name in imports_of(path, module)]
        assert not [
            n
            for n in imported
            if n.startswith(("mentorwatch.web.pages", "mentorwatch.web.runtime"))
        ], module
        third_party = {
            alias.name.split(".")[0]
            for node in ast.walk(tree)
            if isinstance(node, ast.Import)
            for alias in node.names
        } | {
            (node.module or "").split(".")[0]
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and not node.level
        }
        assert not third_party & {"flask", "werkzeug", "requests"}, module


def findings(module: str, tree: ast.Module) -> list[str]:
    """What a web module must not do: import requests or the growth backend, call the
    wiki's API, build a journal, or test a backend's class."""
    found = []
    for node in ast.walk(tree):
        where = f"{module}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = {alias.name for alias in node.names}
            if isinstance(node, ast.ImportFrom):
                names.add(node.module or "")
            if names & {"requests", "mentorwatch.wiki.growth", "mentorwatch.wiki.growth_features"}:
                found.append(f"{where}: imports {sorted(names)}")
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if called in REQUESTS and "action" in {keyword.arg for keyword in node.keywords}:
            found.append(f"{where}: an API call (the wiki adapter makes them)")
        if called == "Journal":
            found.append(f"{where}: a journal built (wiring.open_journal opens it)")
        if called == "isinstance" and any(
            isinstance(arg, ast.Name) and arg.id.endswith(("Backend", "Features"))
            for arg in ast.walk(node.args[-1])
        ):
            found.append(f"{where}: a backend told apart by its class (ask its capability)")
    return found


def test_no_web_module_calls_the_api_builds_a_journal_or_tests_a_backends_class() -> None:
    assert [
        problem for module, _path, tree in web_modules() for problem in findings(module, tree)
    ] == []


def test_the_check_catches_what_the_web_package_once_did() -> None:
    old = ast.parse(
        "import requests\n"
        "from mentorwatch.wiki.growth_features import GrowthFeatures\n"
        'client.get(action="query", list="usercontribs", ucuser=name)\n'
        "journal = journal or Journal(config.settings.database)\n"
        "ok = not isinstance(operator, GrowthFeatures)\n"
    )
    assert len(findings("mentorwatch.web.old", old)) == 5
