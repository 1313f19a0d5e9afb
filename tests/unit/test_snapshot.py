"""The snapshot format and the GrowthMentors.json codec."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from mentorwatch.domain.mentors import (
    MentorListError,
    decode_mentor_list,
    encode_mentor,
    encode_mentor_list,
)
from mentorwatch.domain.planner import plan
from mentorwatch.domain.snapshot import SnapshotError, decode_snapshot, encode_snapshot
from mentorwatch.domain.timeutil import TimestampError, parse_timestamp
from mentorwatch.service.plan_json import plan_to_json

from .builders import DAY, NOW

SAMPLE = Path(__file__).parents[2] / "examples" / "sample-snapshot.json"


def sample() -> dict[str, Any]:
    return json.loads(SAMPLE.read_text())


def error_path(document: object) -> str:
    with pytest.raises(SnapshotError) as caught:
        decode_snapshot(document)
    return caught.value.path


def test_sample_round_trips() -> None:
    document = sample()
    assert encode_snapshot(decode_snapshot(document)) == document


def test_now_override() -> None:
    assert decode_snapshot(sample(), now_override=NOW + DAY).now == NOW + DAY


@pytest.mark.parametrize(
    ("mutate", "path"),
    [
        (lambda d: d.pop("format"), "format"),
        (lambda d: d.update(version=4), "version"),
        (lambda d: d.pop("now"), "now"),
        (lambda d: d.update(now="2026-11-25 12:00"), "now"),
        (lambda d: d.update(run_interval_days=0), "run_interval_days"),
        (
            lambda d: d["config"].update(AwayAfterDays=-3),
            "config.AwayAfterDays",
        ),
        (lambda d: d["mentors"]["Mentors"]["3"].update(weight=3), "mentors.Mentors.3.weight"),
        (lambda d: d["mentors"]["Mentors"]["3"].pop("username"), "mentors.Mentors.3.username"),
        (lambda d: d["mentors"]["Mentors"].update(abc={}), "mentors.Mentors.abc"),
        (lambda d: d["activity"]["3"].update(last_edit_at=12), "activity.3.last_edit_at"),
        (lambda d: d["activity"]["3"].update(blocked="no"), "activity.3.blocked"),
        (lambda d: d.update(activity=[]), "activity"),
    ],
)
def test_errors_name_the_place_in_the_file(mutate: Any, path: str) -> None:
    document = copy.deepcopy(sample())
    mutate(document)
    assert error_path(document) == path


def test_naive_timestamps_are_refused() -> None:
    with pytest.raises(TimestampError, match="no time zone"):
        parse_timestamp("2026-11-25T12:00:00")


def test_mediawiki_timestamps_are_read() -> None:
    assert parse_timestamp("20261125120000") == NOW


def test_legacy_automatically_assigned_false_means_weight_zero() -> None:
    (mentor,) = decode_mentor_list(
        {
            "Mentors": {
                "5": {"username": "C", "message": None, "weight": 2, "automaticallyAssigned": False}
            }
        }
    )
    assert mentor.weight == 0 and not mentor.auto_assigned


def test_missing_weight_defaults_to_two_and_php_empty_list_is_no_mentors() -> None:
    (mentor,) = decode_mentor_list({"Mentors": {"3": {"username": "A"}}})
    assert mentor.weight == 2 and mentor.message is None
    assert decode_mentor_list({"Mentors": []}) == []


def test_encoding_writes_away_timestamp_only_when_set() -> None:
    (away, active) = decode_mentor_list(
        {
            "Mentors": {
                "3": {
                    "username": "A",
                    "message": "hi",
                    "weight": 4,
                    "awayTimestamp": "20261201000000",
                },
                "4": {"username": "B", "message": None, "weight": 1},
            }
        }
    )
    assert encode_mentor(away) == {
        "username": "A",
        "message": "hi",
        "weight": 4,
        "awayTimestamp": "2026-12-01T00:00:00Z",
    }
    assert "awayTimestamp" not in encode_mentor(active)
    assert list(encode_mentor_list([away, active])["Mentors"]) == ["3", "4"]


def test_a_bad_away_timestamp_names_its_place() -> None:
    with pytest.raises(MentorListError) as caught:
        decode_mentor_list({"Mentors": {"3": {"username": "A", "awayTimestamp": "soon"}}})
    assert caught.value.path == "Mentors.Mentors.3.awayTimestamp"


def test_a_version_1_snapshot_without_its_rules_source_plans_exactly_as_before() -> None:
    current = sample()
    old = {key: value for key, value in current.items() if key != "rules"}
    old["version"] = 1
    before, after = decode_snapshot(old), decode_snapshot(current)
    assert before.rules is None and after.rules is not None
    assert plan(before).decisions == plan(after).decisions
    assert encode_snapshot(before) == old  # stays a version 1 snapshot
    assert plan_to_json(plan(before))["rules"] is None


def test_a_version_2_snapshot_says_where_its_rules_came_from() -> None:
    snapshot = decode_snapshot(sample())
    assert snapshot.rules is not None
    assert (snapshot.rules.page, snapshot.rules.revision, snapshot.rules.editor) == (
        "Project:Mentorwatch/Rules.json",
        1234,
        "ExampleAdmin",
    )
    said = plan_to_json(plan(snapshot))["rules"]
    assert {key: said[key] for key in sample()["rules"]} == sample()["rules"]
    # the words an older snapshot recorded, beside the English, as messages
    assert said["basis_message"] == {
        "key": "mentorwatch-words",
        "params": {"words": sample()["rules"]["basis"]},
    }
    without = {key: value for key, value in sample().items() if key != "rules"}
    assert error_path(without) == "rules"
    assert error_path({**sample(), "rules": {**sample()["rules"], "trust": "yes"}}) == "rules.trust"
