"""The command line as a user meets it: output, errors and exit codes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from mentorwatch.cli import main

SAMPLE = Path(__file__).parents[2] / "examples" / "sample-snapshot.json"


def run(*args: str) -> Any:
    return CliRunner().invoke(main, list(args))


def write(tmp_path: Path, content: object | str) -> str:
    path = tmp_path / "input.json"
    path.write_text(content if isinstance(content, str) else json.dumps(content))
    return str(path)


def test_plan_prints_a_table_with_reasons_and_summary() -> None:
    result = run("plan", str(SAMPLE))
    assert result.exit_code == 0
    assert "MENTOR" in result.output and "ACTION" in result.output
    assert "Farah (remove): Inactive for over 55 days" in result.output
    summary = "Summary: 4 keep, 3 mark_away, 1 renew_away, 3 remove, 0 resume, 0 warn, 1 away_"
    assert summary in result.output


def test_plan_json_has_one_object_per_mentor() -> None:
    result = run("plan", str(SAMPLE), "--json")
    assert result.exit_code == 0
    decisions = json.loads(result.output)["decisions"]
    assert len(decisions) == 12
    assert {"mentor", "action", "reason", "away_until"} <= set(decisions[0])
    by_name = {d["mentor"]: d for d in decisions}
    assert by_name["Bjorn"]["action"] == "mark_away"
    assert by_name["Bjorn"]["away_until"] == "2026-12-18T18:00:00Z"


def test_plan_now_overrides_the_snapshot_time() -> None:
    result = run("plan", str(SAMPLE), "--json", "--now", "2026-11-16T12:00:00Z")
    by_name = {d["mentor"]: d for d in json.loads(result.output)["decisions"]}
    assert by_name["Ivo"]["action"] == "keep"
    assert by_name["Bjorn"]["action"] == "keep"


def test_malformed_json_gives_line_and_column(tmp_path: Path) -> None:
    result = run("plan", write(tmp_path, '{"format": "mentorwatch-snapshot",\n  "version": 1,,}'))
    assert result.exit_code == 2
    assert "input.json:2:16: invalid JSON" in result.output


def test_missing_file_is_one_clear_error() -> None:
    result = run("plan", "/nonexistent/snap.json")
    assert result.exit_code == 2
    assert "no such file" in result.output


def test_invalid_snapshot_names_the_place(tmp_path: Path) -> None:
    document = json.loads(SAMPLE.read_text())
    document["config"]["AwayAfterDays"] = -3
    result = run("plan", write(tmp_path, document))
    assert result.exit_code == 2
    assert "config.AwayAfterDays" in result.output
    assert "-3 is not allowed" in result.output


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        ({"GEMentorshipShouldBeAutoAwayed": True}, 'did you mean "GEMentorshipShouldBeAutoawayed"'),
        ({"GEMentorshipAutoawayedAfterDays": -3}, "-3 is not allowed; use a whole number of days"),
        (
            {
                "GEMentorshipShouldBeAutoawayed": True,
                "GEMentorshipAutoawayedAfterDays": 40,
                "GEMentorshipShouldBeAutoremoved": True,
                "GEMentorshipAutoremovedAfterDays": 30,
            },
            "must be less than GEMentorshipAutoremovedAfterDays (30)",
        ),
    ],
)
def test_config_check_gives_one_clear_error(tmp_path: Path, config: object, expected: str) -> None:
    result = run("config", "check", write(tmp_path, config))
    assert result.exit_code == 2
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(errors) == 1
    assert expected in errors[0]


def test_config_check_accepts_a_valid_page_and_lists_ignored_settings(tmp_path: Path) -> None:
    path = write(tmp_path, {"GEMentorshipEnabled": True, "GEMentorshipShouldBeAutoremoved": True})
    result = run("config", "check", path)
    assert result.exit_code == 0
    assert "Remove inactive mentors: on, after 30 days of inactivity" in result.output
    assert "Mark inactive mentors as Away: off" in result.output
    assert "Ignored (other GrowthExperiments settings): GEMentorshipEnabled" in result.output


def test_config_schema_is_json() -> None:
    result = run("config", "schema")
    assert result.exit_code == 0
    assert json.loads(result.output)["properties"]["RemoveAfterDays"]["default"] == 30


def test_away_check_refuses_longer_than_removal() -> None:
    result = run("away", "check", str(SAMPLE), "--until", "2027-01-10T00:00:00Z")
    assert result.exit_code == 1
    assert "refused: You can be away for at most 30 days" in result.output


def test_away_check_allows_within_removal() -> None:
    result = run("away", "check", str(SAMPLE), "--until", "2026-12-20T00:00:00Z")
    assert result.exit_code == 0
    assert result.output.startswith("allowed:")


def test_away_check_on_a_config_file_with_now(tmp_path: Path) -> None:
    path = write(
        tmp_path, {"GEMentorshipShouldBeAutoremoved": True, "GEMentorshipAutoremovedAfterDays": 14}
    )
    args = ("away", "check", path, "--now", "2026-11-25T00:00:00Z")
    assert run(*args, "--until", "2026-12-09T00:00:00Z").exit_code == 0
    assert run(*args, "--until", "2026-12-09T00:00:01Z").exit_code == 1


def test_away_check_with_a_bad_timestamp_is_a_usage_error() -> None:
    result = run("away", "check", str(SAMPLE), "--until", "next week")
    assert result.exit_code == 2
    assert "not a timestamp" in result.output


def test_plan_header_states_both_rules() -> None:
    first = run("plan", str(SAMPLE)).output.splitlines()[0]
    assert first.endswith("(away after 10 days; removal after 30 days)")


def test_config_check_reports_every_problem_on_its_own_line(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        {"GEMentorshipAutoawayedAfterDays": -3, "GEMentorshipAutoremovedAfterDays": "x"},
    )
    result = run("config", "check", path)
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert [line.removeprefix(f"error: {path}: ").split(":")[0] for line in lines] == [
        "GEMentorshipAutoawayedAfterDays",
        "GEMentorshipAutoremovedAfterDays",
    ]


def test_away_check_names_the_file_of_an_invalid_config(tmp_path: Path) -> None:
    path = write(tmp_path, {"GEMentorshipAutoawayedAfterDays": -3})
    result = run("away", "check", path, "--until", "2026-12-20T00:00:00Z")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {path}: GEMentorshipAutoawayedAfterDays: -3")


def test_errors_map_to_their_messages() -> None:
    from mentorwatch.cli.errors import WIKI_CONFIG_FOOTER, error_lines
    from mentorwatch.domain.config import ConfigError, ConfigProblem
    from mentorwatch.store.journal import RunLocked
    from mentorwatch.wiki.errors import AuthenticationError, WikiUnreachable

    wiki_config = ConfigError([ConfigProblem("A", "bad"), ConfigProblem("B", "worse")])
    assert error_lines(wiki_config) == [
        "error: the wiki's configuration: A: bad",
        "error: the wiki's configuration: B: worse",
        WIKI_CONFIG_FOOTER,
    ]
    assert WIKI_CONFIG_FOOTER == "Nothing was changed. Fix the configuration page and run again."
    login = AuthenticationError("Failed", "login as X failed: wrong password")
    assert error_lines(login) == ["error: login as X failed: wrong password"]
    assert error_lines(WikiUnreachable("cannot reach x")) == ["error: cannot reach x"]
    assert error_lines(RunLocked("another run")) == ["error: another run"]


def test_max_removals_replaces_the_default_cap() -> None:
    from mentorwatch.domain.safety import SafetyLimits

    assert SafetyLimits.with_cap(None) == SafetyLimits()
    exact = SafetyLimits.with_cap(3, allow_all_inactive=True)
    assert exact.removal_cap(1000) == 3 and exact.allow_all_inactive
    help_text = " ".join(run("run", "--help").output.split())
    assert "(default: 10% of the list or 5, whichever is larger)" in help_text


def test_the_readme_lists_exactly_the_exit_codes() -> None:
    from mentorwatch.errors import EXIT_CODES

    readme = (Path(__file__).parents[2] / "README.md").read_text().splitlines()
    start = next(i for i, line in enumerate(readme) if line.startswith("- Exit codes"))
    listed: dict[int, str] = {}
    for line in readme[start + 1 :]:
        if not line.startswith("  - `"):
            if line.startswith("  "):
                continue  # the heading's continuation
            break
        code, meaning = line.removeprefix("  - `").split("` ", 1)
        listed[int(code)] = meaning
    assert listed == EXIT_CODES
