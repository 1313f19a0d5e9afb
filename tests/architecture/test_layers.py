"""The layering holds: the domain is pure, adapters depend inward, one place wires."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from .layers import ALLOWED, layer_of, violations

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "mentorwatch"


def test_no_module_imports_across_the_layers_the_wrong_way() -> None:
    assert [str(v) for v in violations(PACKAGE)] == []


def test_every_part_of_the_package_belongs_to_a_layer() -> None:
    layers = {layer_of(f"mentorwatch.{path.stem}") for path in PACKAGE.glob("*.py")}
    layers |= {path.name for path in PACKAGE.iterdir() if (path / "__init__.py").exists()}
    assert layers - set(ALLOWED) <= {"__init__", "__main__"}


def test_the_check_catches_the_old_wiki_to_settings_to_store_import(tmp_path: Path) -> None:
    # what the code did before: wiki.connect imported settings, and settings the store
    copy = tmp_path / "mentorwatch"
    shutil.copytree(PACKAGE, copy)
    connect = copy / "wiki" / "connect.py"
    connect.write_text("from mentorwatch.settings import Settings\n" + connect.read_text())
    settings = copy / "settings.py"
    settings.write_text("from mentorwatch.store.journal import Journal\n" + settings.read_text())
    found = {(v.module, v.imported) for v in violations(copy)}
    assert ("mentorwatch.wiki.connect", "mentorwatch.settings") in found
    assert ("mentorwatch.settings", "mentorwatch.store.journal") in found


def test_the_check_sees_relative_and_type_checking_imports(tmp_path: Path) -> None:
    copy = tmp_path / "mentorwatch"
    shutil.copytree(PACKAGE, copy)
    rules = copy / "domain" / "rules.py"
    rules.write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ..wiki import api\n"
        + rules.read_text()
    )
    assert [v.imported for v in violations(copy)] == ["mentorwatch.wiki"]


def test_importing_the_wiki_adapter_loads_no_database_code() -> None:
    probe = (
        "import sys, mentorwatch.wiki.connect, mentorwatch.domain.planner; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('sqlalchemy', 'alembic', 'flask', 'click')))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(PACKAGE.parent)},
    ).stdout.strip()
    assert loaded == "[]"
