"""The layering holds: the domain is pure, adapters depend inward, one place wires."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from .layers import (
    ALLOWED,
    clock_reads,
    impure_imports,
    is_standard_library,
    layer_of,
    violations,
)

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


def test_the_check_sees_a_layer_imported_by_name_from_the_package(tmp_path: Path) -> None:
    # "from mentorwatch import web" names no module after "from": the names are the modules
    copy = _copy(tmp_path)
    connect = copy / "wiki" / "connect.py"
    connect.write_text("from mentorwatch import __version__, web\n" + connect.read_text())
    away = copy / "domain" / "away.py"
    away.write_text("from .. import store\n" + away.read_text())
    found = {(v.module, v.imported) for v in violations(copy)}
    assert found == {
        ("mentorwatch.wiki.connect", "mentorwatch.web"),
        ("mentorwatch.domain.away", "mentorwatch.store"),
    }


def test_the_domain_imports_only_pure_modules() -> None:
    found = [
        f"{v} ({'standard library' if is_standard_library(v.imported) else 'third party'}, "
        "not in layers.PURE_MODULES)"
        for v in impure_imports(PACKAGE)
    ]
    assert found == []


def test_the_check_catches_io_clock_and_third_party_imports_in_the_domain(
    tmp_path: Path,
) -> None:
    copy = _copy(tmp_path)
    planted = {
        "away.py": "import os\nfrom pathlib import Path\n",
        "facts.py": "from urllib.request import urlopen\nimport time\n",
        "rules.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import requests\n",
        "config/parse.py": "import logging\nimport sqlalchemy as sa\n",
    }
    for name, lines in planted.items():
        module = copy / "domain" / name
        module.write_text(lines + module.read_text())
    domain = "mentorwatch.domain."
    found = {(v.module.removeprefix(domain), v.imported) for v in impure_imports(copy)}
    assert found == {
        ("away", "os"),
        ("away", "pathlib"),
        ("facts", "urllib.request"),
        ("facts", "time"),
        ("rules", "requests"),
        ("config.parse", "logging"),
        ("config.parse", "sqlalchemy"),
    }


def test_the_domain_reads_no_clock() -> None:
    assert [str(read) for read in clock_reads(PACKAGE)] == []


def test_the_check_catches_a_clock_read_in_the_domain(tmp_path: Path) -> None:
    copy = _copy(tmp_path)
    away = copy / "domain" / "away.py"
    away.write_text(
        away.read_text()
        + "\n\ndef _started() -> datetime:\n    return datetime.now(UTC)\n"
        + "\n\ndef _day() -> object:\n    import datetime as dt\n\n"
        + "    return dt.date.today(), dt.datetime.utcnow()\n"
    )
    calls = [read.call for read in clock_reads(copy)]
    assert calls == ["datetime.now", "dt.date.today", "dt.datetime.utcnow"]


def _copy(tmp_path: Path) -> Path:
    copy = tmp_path / "mentorwatch"
    shutil.copytree(PACKAGE, copy)
    return copy


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
