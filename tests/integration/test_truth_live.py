"""What mentorwatch says and does is true (issue 21), on the real GrowthExperiments 1.43 rig:
no churn between runs, an undo that knows the tool's own later edits, failed talk-page
messages retried and then reported, and one status word for a mentor on every surface.

Each test writes mentorwatch's rules on a rules page of its own (the rig is shared by the
session) and checks what the wiki really holds afterwards, not only what mentorwatch printed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from . import growth_e2e as e2e
from .growth_rigs import localwiki

RULES: dict[str, Any] = {
    "MarkInactiveMentorsAway": True,
    "AwayAfterDays": 10,
    "RemoveInactiveMentors": True,
    "RemoveAfterDays": 30,
    "WarnBeforeRemoval": True,
    "WarnDaysBeforeRemoval": 7,
}


@pytest.fixture
def rig(ge143: localwiki.LocalWiki) -> localwiki.LocalWiki:
    return ge143


def rules_page(cast: e2e.Cast) -> str:
    return f"Project:Mentorwatch/Rules-{cast.prefix}.json"


def run(args: list[str], env: dict[str, str], *, code: int = 0) -> str:
    result = e2e.cli(args, env)
    assert result.exit_code == code, result.output
    return result.output


def run_id_of(output: str) -> int:
    return int(output.split("run #", 1)[1].split(")", 1)[0])


def talk_revisions(rig: localwiki.LocalWiki, name: str) -> list[dict[str, Any]]:
    from growthwiki import Api

    result = Api(rig).get(
        action="query",
        prop="revisions",
        titles=f"User talk:{name}",
        rvprop="ids|comment",
        rvlimit="max",
    )
    return list(result["query"]["pages"][0].get("revisions", []))


# --- 1. no churn: runs seconds apart make no edit for mentors waiting on a warning -----------


def test_runs_seconds_apart_make_no_edit_for_mentors_waiting_on_their_warning(
    rig: localwiki.LocalWiki, tmp_path: Path
) -> None:
    with e2e.seeded(rig, "Churn") as c:
        c.seed(
            {
                "Waiting": {"last_edit": 40},  # past removal: warned now, removal waits 7 days
                "Warned": {"last_edit": 45},
                "Quiet": {"last_edit": 15},  # past away only
                "Busy": {"last_edit": 1},
            }
        )
        e2e.write_rules(rig, rules_page(c), RULES)
        env = e2e.operator_env(rig, tmp_path, rules_page=rules_page(c))
        names = [c["Waiting"], c["Warned"], c["Quiet"]]

        first = run(["run", "--wiki", rig.api_url], env)
        assert f"done  warn        {c['Waiting']}" in first, first
        away = e2e.away_preferences(rig, names)
        assert all(away.values()), away
        talk = {name: len(talk_revisions(rig, name)) for name in names}

        for _ in range(2):
            again = run(["run", "--wiki", rig.api_url], env)
            assert "Writes: none" in again, again
            assert e2e.away_preferences(rig, names) == away  # to the second
            shown = json.loads(run(["history", "--run", str(run_id_of(again)), "--json"], env))
            decisions = {d["username"]: d for d in shown["decisions"]}
            for name in names:
                assert decisions[name]["action"] == "keep", decisions[name]["reason"]
        assert {name: len(talk_revisions(rig, name)) for name in names} == talk
