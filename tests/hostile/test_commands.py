"""Hostile input through the commands that read files and the journal: ``plan``,
``config check``, ``away check``, ``history``. Each ends with its documented exit code, a
clear error, no traceback and nothing raw for the terminal."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from mentorwatch.cli import main
from mentorwatch.store.journal import Intent, Journal

from .shapes import BROKEN_TEXTS, HOSTILE_NAMES, assert_clean, document_shapes, json_text

SAMPLE = json.loads((Path(__file__).parents[2] / "examples" / "sample-snapshot.json").read_text())
CONFIG = SAMPLE["config"]
UNTIL = "2026-12-10T00:00:00Z"
WIKI = "http://wiki.test/w/api.php"
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), env={"MENTORWATCH_SETTINGS": ""})


def written(tmp_path: Path, text: str) -> str:
    path = tmp_path / "input.json"
    path.write_text(text, encoding="utf-8")
    return str(path)


# --- broken JSON text: every file-reading command says so, exit 2 -------------------------


@pytest.mark.parametrize("text", BROKEN_TEXTS.values(), ids=BROKEN_TEXTS.keys())
@pytest.mark.parametrize(
    "command", [["plan"], ["config", "check"], ["away", "check", "--until", UNTIL]]
)
def test_broken_json_is_exit_2(tmp_path: Path, command: list[str], text: str) -> None:
    result = run(*command, written(tmp_path, text))
    assert_clean(result, {2})
    assert "input.json" in result.output


def test_an_unreadable_file_is_exit_2(tmp_path: Path) -> None:
    (tmp_path / "input.json").write_bytes(b"\xff\xfe{\x00")
    assert_clean(run("plan", str(tmp_path / "input.json")), {2})
    assert_clean(run("plan", str(tmp_path / "missing.json")), {2})


# --- configuration documents of every wrong shape -----------------------------------------

CONFIG_SHAPES = dict(document_shapes(CONFIG))


@pytest.mark.parametrize("document", CONFIG_SHAPES.values(), ids=CONFIG_SHAPES.keys())
def test_config_check_and_away_check_on_odd_configurations(tmp_path: Path, document: Any) -> None:
    path = written(tmp_path, json_text(document))
    assert_clean(run("config", "check", path), {0, 2})
    assert_clean(
        run("away", "check", path, "--until", UNTIL, "--now", "2026-11-25T00:00:00Z"), {0, 1, 2}
    )


# --- snapshots of every wrong shape -------------------------------------------------------


def snapshot_shapes() -> dict[str, Any]:
    shapes: dict[str, Any] = {}
    top = {
        key: SAMPLE[key] for key in ("now", "run_interval_days", "config", "mentors", "activity")
    }
    for label, document in document_shapes(top):
        if not isinstance(document, dict):
            shapes[label] = document
            continue
        shapes[label] = {**SAMPLE, **document}
    for key, entry_shape in document_shapes(SAMPLE["mentors"]["Mentors"]["3"]):
        changed = copy.deepcopy(SAMPLE)
        changed["mentors"]["Mentors"]["3"] = entry_shape
        shapes[f"entry.{key}"] = changed
    for label, name in HOSTILE_NAMES.items():
        changed = copy.deepcopy(SAMPLE)
        changed["mentors"]["Mentors"]["3"]["username"] = name
        changed["mentors"]["Mentors"]["4"]["message"] = name
        shapes[f"name-{label}"] = changed
    for label, key in (("id-word", "abc"), ("id-zero-padded", "03"), ("id-huge", "9" * 60)):
        changed = copy.deepcopy(SAMPLE)
        changed["mentors"]["Mentors"][key] = changed["mentors"]["Mentors"].pop("3")
        shapes[label] = changed
    return shapes


SNAPSHOTS = snapshot_shapes()


@pytest.mark.parametrize("document", SNAPSHOTS.values(), ids=SNAPSHOTS.keys())
def test_plan_and_away_check_on_odd_snapshots(tmp_path: Path, document: Any) -> None:
    path = written(tmp_path, json_text(document))
    assert_clean(run("plan", path), {0, 2})
    assert_clean(run("plan", path, "--json"), {0, 2})
    assert_clean(run("away", "check", path, "--until", UNTIL), {0, 1, 2})


def test_hostile_names_are_planned_and_printed_escaped(tmp_path: Path) -> None:
    result = run("plan", written(tmp_path, json_text(SNAPSHOTS["name-ansi"])))
    assert_clean(result, {0})
    assert "\\u001b[31mRed" in result.output


@pytest.mark.parametrize(
    "value", ["yesterday", "2026-13-45T00:00:00Z", "9" * 5000, "2026-11-25T00:00:00", "²"]
)
def test_odd_times_on_the_command_line(value: str) -> None:
    sample = str(Path(__file__).parents[2] / "examples" / "sample-snapshot.json")
    assert_clean(run("plan", sample, "--now", value), {2})
    assert_clean(run("away", "check", sample, "--until", value), {2})


# --- the journal: what history prints of wiki data ----------------------------------------


@pytest.fixture(scope="module")
def hostile_journal(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('journal') / 'journal.db'}"
    journal = Journal(url)
    run_id = journal.runs.start(WIKI, "jsonpage", False, NOW, {"config": {}})
    rows = [
        {"user_id": i, "username": name, "action": "remove", "reason": name, "evidence": {}}
        for i, name in enumerate(HOSTILE_NAMES.values(), start=1)
    ]
    journal.runs.record_decisions(run_id, rows)
    for row in rows:
        intent = Intent(
            row["user_id"], row["username"], "remove", row["reason"], {"m": row["username"]}
        )
        action = journal.actions.begin(run_id, WIKI, intent, NOW)
        journal.actions.finish(action, "failed", NOW, row["username"], None, None)
    journal.runs.finish(run_id, "finished", NOW, {"edits": 0, "note": HOSTILE_NAMES["ansi"]})
    return url


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["--run", "1"],
        ["--json"],
        ["--run", "1", "--json"],
        ["--mentor", HOSTILE_NAMES["ansi"]],
        ["--wiki", HOSTILE_NAMES["bidi"]],
        ["--run", "99999999999999999999"],
        ["--run", "-1"],
    ],
    ids=["runs", "one-run", "json", "one-run-json", "mentor", "wiki", "huge-run", "negative-run"],
)
def test_history_prints_hostile_names_escaped(hostile_journal: str, args: list[str]) -> None:
    result = run("history", "--db", hostile_journal, *args)
    assert_clean(result, {0, 2})
    if "--json" in args:
        json.loads(result.output)  # escaped, and still JSON
