"""The command line's logs: timestamped, levelled, on stderr; JSON lines on request."""

from __future__ import annotations

import json
import re
import socket
import time

import pytest
from click.testing import CliRunner

from mentorwatch.cli import main


def closed_port_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}/w/api.php"


@pytest.fixture(autouse=True)
def no_waiting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(time, "sleep", lambda _seconds: None)


def test_logs_are_timestamped_text_by_default() -> None:
    result = CliRunner().invoke(main, ["snapshot", "--wiki", closed_port_url()], env={})
    assert result.exit_code == 3
    retry = next(line for line in result.stderr.splitlines() if "retrying" in line)
    assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ WARNING mentorwatch\.wiki\.api: ", retry)


def test_logs_as_json_lines_for_collectors() -> None:
    args = ["--log-format", "json", "snapshot", "--wiki", closed_port_url()]
    result = CliRunner().invoke(main, args, env={})
    assert result.exit_code == 3
    logged = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    assert logged and {entry["level"] for entry in logged} == {"warning"}
    assert all(re.match(r"\d{4}-\d\d-\d\dT", entry["time"]) for entry in logged)
    assert "connection refused" in logged[0]["message"]
    assert result.stderr.splitlines()[-1].startswith("error: ")  # the error itself, for people


def test_the_log_level_is_a_threshold() -> None:
    args = ["--log-level", "error", "snapshot", "--wiki", closed_port_url()]
    result = CliRunner().invoke(main, args, env={})
    assert "retrying" not in result.stderr and result.exit_code == 3
