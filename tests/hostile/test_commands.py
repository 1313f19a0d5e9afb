"""Hostile input through the commands that read files and the journal: ``plan``,
``config check``, ``away check``, ``history``. Each ends with its documented exit code, a
clear error, no traceback and nothing raw for the terminal."""

from __future__ import annotations

import copy
import json
import os
import resource
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from mentorwatch.cli import main
from mentorwatch.store.journal import Intent, Journal
from tests.integration.test_cli_live import operator_env
from tests.integration.test_jsonpage_cycle import MakeCommunity

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


# --- the operator's settings: validated as input, nothing done ----------------------------

DEEP_TOML = "a = " + "[" * 5000 + "]" * 5000
HOSTILE_SETTINGS: dict[str, tuple[str, str]] = {
    "lease-nan": ("lock_lease_seconds = nan", "lock_lease_seconds"),
    "lease-inf": ("lock_lease_seconds = inf", "lock_lease_seconds"),
    "lease-huge": ("lock_lease_seconds = 1e300", "lock_lease_seconds"),
    "lag-nan": ("maxlag_budget_seconds = nan", "maxlag_budget_seconds"),
    "pause-inf": ("write_pause_seconds = inf", "write_pause_seconds"),
    "contact-crlf": ('contact = "User:Op\\r\\nX-Injected: 1"', "contact"),
    "contact-zero-width": ('contact = "User:Op\\u200b"', "contact"),
    "contact-number": ("contact = 5", "contact"),
    "username-newline": ('username = "Bot\\n@tool"', "username"),
    "deep-toml": (DEEP_TOML, "nested too deeply"),
    "password-file-directory": ('password_file = "/"', "password_file"),
    "password-file-not-text": ("password_file = 7", "password_file"),
}


def run_with_settings(tmp_path: Path, text: str, *extra: str) -> tuple[Result, Path]:
    journal = tmp_path / "journal.db"
    settings = tmp_path / "settings.toml"
    settings.write_text(f'database = "sqlite:///{journal}"\n{text}\n', encoding="utf-8")
    env = {"MENTORWATCH_SETTINGS": "", "MENTORWATCH_WRITE_PAUSE": None}
    result = CliRunner().invoke(
        main, ["run", "--wiki", WIKI, "--settings", str(settings), *extra], env=env
    )
    return result, journal


@pytest.mark.parametrize("text,key", HOSTILE_SETTINGS.values(), ids=HOSTILE_SETTINGS.keys())
def test_hostile_settings_are_refused_naming_the_key_and_nothing_is_done(
    tmp_path: Path, text: str, key: str
) -> None:
    result, journal = run_with_settings(tmp_path, text)
    assert_clean(result, {2})
    assert f"error: settings: {key}" in result.output or key in result.output
    assert not journal.exists()  # no journal made, no wiki asked


def test_every_settings_problem_is_reported_at_once(tmp_path: Path) -> None:
    result, _ = run_with_settings(
        tmp_path, 'lock_lease_seconds = nan\nwrite_pause_seconds = inf\ncontact = "a\\nb"'
    )
    assert_clean(result, {2})
    lines = [line for line in result.output.splitlines() if line.startswith("error: settings:")]
    assert [line.split(":")[2].strip() for line in lines] == [
        "contact",
        "lock_lease_seconds",
        "write_pause_seconds",
    ]


def test_a_password_file_far_larger_than_a_password_is_refused_unread(tmp_path: Path) -> None:
    huge = tmp_path / "password"
    with huge.open("wb") as file:
        file.truncate(2 * 1024 * 1024 * 1024)  # 2 GiB, sparse
    result, journal = run_with_settings(tmp_path, f'password_file = "{huge}"')
    assert_clean(result, {2})
    assert "password_file" in result.output and "allowed" in result.output
    assert not journal.exists()


def test_a_password_file_that_never_ends_is_refused_before_a_byte_is_read(tmp_path: Path) -> None:
    """``/dev/zero``: the process may not take more than 1 GiB (it took 23 GB)."""
    settings = tmp_path / "settings.toml"
    settings.write_text(f'password_file = "/dev/zero"\ndatabase = "sqlite:///{tmp_path}/j.db"\n')
    limit = 1024**3
    command = ["run", "--wiki", WIKI, "--settings", str(settings)]
    done = subprocess.run(
        [sys.executable, "-c", "from mentorwatch.cli import main; main()", *command],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path), "MENTORWATCH_SETTINGS": ""},
        preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (limit, limit)),
    )
    assert done.returncode == 2, done.stderr[-500:]
    assert "password_file" in done.stderr and "not a regular file" in done.stderr
    assert "Traceback" not in done.stderr


def test_an_endless_write_pause_stops_a_real_run_before_its_first_write(
    community: MakeCommunity, tmp_path: Path
) -> None:
    """It crashed the run between two writes (``time.sleep(inf)``), one mentor done."""
    c = community().mentor("Quiet", 12).mentor("Gone", 45).mentor("Busy", 1).publish()
    env = {**operator_env(c, tmp_path), "MENTORWATCH_WRITE_PAUSE": None}
    settings = Path(str(env["MENTORWATCH_SETTINGS"]))
    settings.write_text(settings.read_text() + "write_pause_seconds = inf\n")
    before = c.history()
    result = CliRunner().invoke(main, ["run", "--wiki", c.wiki.api_url], env=env)
    assert_clean(result, {2})
    assert "write_pause_seconds: inf" in result.output
    assert c.history() == before


@pytest.mark.parametrize("label", ["zero-width", "newline", "separator", "soft-hyphen-and-tags"])
def test_invisible_characters_and_line_breaks_in_names_are_shown_not_obeyed(
    tmp_path: Path, label: str
) -> None:
    path = written(tmp_path, json_text(SNAPSHOTS[f"name-{label}"]))
    text = run("plan", path)
    assert_clean(text, {0})
    lines = text.output.splitlines()
    (reason,) = [line for line in lines if line.startswith("- ") and "\\u" in line]
    assert reason.startswith(("- Ze\\u200bro", "- Line\\u000aerror", "- Para\\u2029", "- Soft"))
    as_json = run("plan", path, "--json")
    assert_clean(as_json, {0})
    names = {d["mentor"] for d in json.loads(as_json.output)["decisions"]}
    assert HOSTILE_NAMES[label] in names  # JSON: the name exactly as it is
