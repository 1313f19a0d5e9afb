"""The README's first command, ``scripts/demo``, end to end on MediaWiki 1.43 +
GrowthExperiments REL1_43 (about 40 s on two cores), and the demo's exit code on failure."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT / "scripts") not in sys.path:
    sys.path.insert(0, str(ROOT / "scripts"))

import demolib  # noqa: E402


def run_demo(directory: Path, *args: str) -> tuple[subprocess.CompletedProcess[str], float]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    started = time.monotonic()
    done = subprocess.run(
        [str(ROOT / "scripts" / "demo"), "--dir", str(directory), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
    )
    return done, time.monotonic() - started


def test_the_demo_runs_end_to_end_on_growthexperiments(tmp_path: Path) -> None:
    done, seconds = run_demo(tmp_path / "demo")
    out = done.stdout
    assert done.returncode == 0, out[-6000:] + done.stderr[-3000:]
    assert "Starting MediaWiki 1.43 + GrowthExperiments REL1_43 on 127.0.0.1" in out
    # the real run: marked away (weight 0), removed, mentees reassigned
    for line in (
        "done  mark_away   Bjorn",
        "done  remove      Farah",
        "done  reassign    Mia (now mentored by",
        "ok: marked away on Special:ManageMentors: ['Bjorn', 'Chen', 'Dalia', 'Kaveh']",
        "ok: each mentor marked away has weight 0 (no new newcomers)",
        "ok: removed from the list: ['Farah', 'Goran', 'Hana']",
        "ok: a mentor's own away is unchanged (never shortened)",
        "ok: the second run made no write (Writes: none)",
        "ok: the mentor list is exactly as before the run",
        "ok: no newcomer was given a mentor mentorwatch marked away or removed",
        "Removing mentor Farah, inactive for 55 days",
        "Undoing mentorwatch run #",
        "The demo ran as described: every step succeeded.",
    ):
        assert line in out, line
    assert out.count(", an active mentor") == 6  # each newcomer's effective mentor
    assert "FAILED" not in out
    assert not (tmp_path / "demo" / "server.pid").exists(), "the wiki was left running"
    assert "MENTORWATCH_PASSWORD" not in out
    print(f"scripts/demo took {seconds:.0f} s")


def test_a_failed_step_makes_the_demo_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wiki: Any = SimpleNamespace(directory=tmp_path, bot_credentials=lambda: ("Bot@demo", "x"))
    steps = demolib.Steps(wiki)
    assert steps.check(True, "fine") and steps.verdict() == 0
    steps.check(False, "a newcomer got an inactive mentor")
    assert steps.verdict() == 1
    assert "FAILED: a newcomer got an inactive mentor" in capsys.readouterr().out


def test_a_mentorwatch_command_that_fails_is_a_failed_step(tmp_path: Path) -> None:
    wiki: Any = SimpleNamespace(directory=tmp_path, bot_credentials=lambda: ("Bot@demo", "x"))
    steps = demolib.Steps(wiki)
    missing = tmp_path / "missing.json"
    result = steps.mentorwatch("config", "check", str(missing))
    assert result.code == 2  # invalid input
    assert steps.failures == [f"`mentorwatch config check {missing}` exited 2, not 0"]
    assert steps.verdict() == 1
