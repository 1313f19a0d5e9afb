"""A first run with a new journal says something about pauses only when it matters: when
mentorwatch itself set mentors to no automatic assignment with another journal (its tagged edits
in the list page's history), naming them and what to do. On GrowthExperiments REL1_43 a mentor
marked away also gets weight 0 (kept in the journal that made it)."""

from __future__ import annotations

from pathlib import Path

from . import growth_e2e as e2e
from .growth_rigs import localwiki


def test_a_new_journal_names_the_mentors_another_journal_paused_and_what_to_do(
    ge143: localwiki.LocalWiki, tmp_path: Path
) -> None:
    env = e2e.operator_env(ge143, tmp_path)
    env["MENTORWATCH_WRITE_PAUSE"] = "0"
    with e2e.seeded(ge143, "Elsewhere") as cast:
        cast.seed({"Quiet": {"last_edit": 12}, "Manual": {"last_edit": 1, "weight": 0}})
        first = e2e.cli(["run", "--wiki", ge143.api_url], env)
        assert first.exit_code == 0, first.output
        assert f"done  mark_away   {cast['Quiet']}" in first.output

        same = e2e.cli(["snapshot", "--wiki", ge143.api_url], env)
        assert same.exit_code == 0 and "another journal" not in same.stderr

        new = f"sqlite:///{tmp_path / 'new.db'}"
        fresh = e2e.cli(["snapshot", "--wiki", ge143.api_url, "--db", new], env)
        assert fresh.exit_code == 0, fresh.output
        (note,) = [line for line in fresh.stderr.splitlines() if "another journal" in line]
        assert cast["Quiet"] in note and cast["Manual"] not in note  # Manual chose it
        assert "--db URL" in note and "Special:ManageMentors" in note
