"""A run on a real GrowthExperiments wiki SIGKILLed after its removal, and after the first of
the removed mentor's mentees was reassigned: the next run journals the removal as done (its
revision), reassigns the mentees left behind, and nobody is removed or moved twice."""

from __future__ import annotations

from pathlib import Path

import growthwiki
import pytest

from mentorwatch.store.journal import Journal
from tests.integration import growth_e2e as e2e
from tests.integration.growth_rigs import localwiki

from .killer import kill_spec
from .wikistate import killed

GROWTH = "mentorwatch.wiki.growth:GrowthBackend"
#: (rig, step): the removal on every rig; the reassignment on REL1_43
CASES = [
    ("ge139", "removed"),
    ("ge143", "removed"),
    ("ge143cc", "removed"),
    ("ge143", "first mentee reassigned"),
]
KILLS = {
    "removed": kill_spec(GROWTH, "remove"),
    "first mentee reassigned": kill_spec(GROWTH, "set_mentor"),
}


@pytest.mark.parametrize(("rig_name", "step"), CASES)
def test_a_growth_run_killed_around_a_removal_is_finished_once(
    request: pytest.FixtureRequest, tmp_path: Path, rig_name: str, step: str
) -> None:
    rig: localwiki.LocalWiki = request.getfixturevalue(rig_name)
    env = e2e.operator_env(rig, tmp_path)
    with e2e.seeded(rig, "Crash") as c:
        c.seed({"Gone": {"last_edit": 45}, "Stay": {"last_edit": 1}})
        mentees = c.mentees_for("Gone", 2)
        moves_before = len(e2e.setmentor_log(rig))
        killed(["run", "--wiki", rig.api_url], env, KILLS[step])
        assert c["Gone"] not in growthwiki.mentor_list(rig)  # removed, then killed
        left = growthwiki.mentees_of(rig, c["Gone"])
        assert len(left) == (2 if step == "removed" else 1)  # left behind
        journal = Journal(env["MENTORWATCH_DATABASE"])
        assert "remove" in [p.action for p in journal.actions.pending(rig.api_url)]

        result = e2e.cli(["run", "--wiki", rig.api_url], env)

        assert result.exit_code == 0 and "recovered: " in result.output, result.output
        assert journal.actions.pending(rig.api_url) == []
        (record,) = [
            r
            for r in journal.actions.find(wiki=rig.api_url, username=c["Gone"])
            if r.action == "remove"
        ]
        ours = [r for r in e2e.list_history(rig) if f"Removing mentor {c['Gone']}," in r["comment"]]
        assert len(ours) == 1 and record.status == "done"  # not removed twice
        assert record.revision_id == ours[0]["revid"]
        assert growthwiki.mentees_of(rig, c["Gone"]) == []
        roles = e2e.mentors_of(rig, mentees)
        assert {roles[m]["primary"] for m in mentees}.isdisjoint({c["Gone"]})
        assert len(e2e.setmentor_log(rig)) - moves_before == 2  # each mentee moved once
        moved = [r for r in journal.actions.find(wiki=rig.api_url) if r.action == "reassign"]
        assert sorted(r.username for r in moved if r.status == "done") == sorted(mentees)
