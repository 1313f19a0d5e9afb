"""Undo puts a run's changes back exactly; the safety checks refuse suspicious plans."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from mentorwatch.domain.timeutil import format_timestamp

from .conftest import login
from .test_cli_live import operator_env, run_cli
from .test_jsonpage_cycle import MakeCommunity, entries

DAY = timedelta(days=1)


def test_undo_restores_a_removed_mentor_exactly_and_clears_our_away(
    community: MakeCommunity, tmp_path: Path
) -> None:
    c = community()
    away = c.now + 20 * DAY
    c.mentor("Gone", 45, weight=4, message="Ask me about maps!", away_until=away)
    c.mentor("Quiet", 12).mentor("Busy", 1).mentor("Keen", 2).publish()
    before = entries(c)
    env = operator_env(c, tmp_path)
    ran = run_cli(["run", "--wiki", c.wiki.api_url], env)
    assert ran.exit_code == 0, ran.output
    after_run = entries(c)
    assert str(c.id("Gone")) not in after_run and "awayTimestamp" in after_run[str(c.id("Quiet"))]
    run_id = json.loads(run_cli(["history", "--json", "--wiki", c.wiki.api_url], env).output)[
        "runs"
    ][0]["id"]

    dry = run_cli(["undo", str(run_id), "--dry-run", "--wiki", c.wiki.api_url], env)
    assert dry.exit_code == 0, dry.output
    assert "planned" in dry.output and entries(c) == after_run

    undone = run_cli(["undo", str(run_id), "--wiki", c.wiki.api_url], env)
    assert undone.exit_code == 0, undone.output
    restored = entries(c)
    assert restored == before  # message, weight and the mentor's own away, exactly
    assert restored[str(c.id("Gone"))]["awayTimestamp"] == format_timestamp(away)
    assert any(
        r["comment"].startswith(f"Undoing mentorwatch run #{run_id} for mentor {c.name('Gone')} [")
        for r in c.history()
    )

    history = run_cli(["history", "--mentor", c.name("Gone")], env)
    assert "undo_remove" in history.output and "remove" in history.output
    again = run_cli(
        ["undo", str(run_id), "--wiki", c.wiki.api_url], env
    )  # nothing left to put back: no edit
    assert "already back in the list" in again.output and entries(c) == before


def test_undo_leaves_an_away_the_mentor_changed_since(
    community: MakeCommunity, tmp_path: Path
) -> None:
    c = community().mentor("Quiet", 12).mentor("Busy", 1).publish()
    env = operator_env(c, tmp_path)
    assert run_cli(["run", "--wiki", c.wiki.api_url], env).exit_code == 0
    listed = entries(c)
    own_choice = format_timestamp(c.now + 3 * DAY)
    listed[str(c.id("Quiet"))]["awayTimestamp"] = own_choice
    c.write(c.list_page, {"Mentors": listed}, "I set my own away", login(c.wiki))
    undone = run_cli(["undo", "1", "--wiki", c.wiki.api_url], env)
    assert "entry changed since the run" in undone.output
    assert entries(c)[str(c.id("Quiet"))]["awayTimestamp"] == own_choice


def test_a_plan_where_everyone_looks_inactive_is_refused_without_an_edit(
    community: MakeCommunity, tmp_path: Path
) -> None:
    c = community().mentor("A", 40).mentor("B", 12).mentor("C", 50).publish()
    edits_before = len(c.history())
    env = operator_env(c, tmp_path)
    refused = run_cli(["run", "--wiki", c.wiki.api_url], env)
    assert refused.exit_code == 4, refused.output
    assert "every mentor appears inactive" in refused.output
    assert "--allow-all-inactive" in refused.output
    assert len(c.history()) == edits_before
    allowed = run_cli(["run", "--wiki", c.wiki.api_url, "--allow-all-inactive"], env)
    assert allowed.exit_code == 0, allowed.output
    assert len(c.history()) == edits_before + 3


def test_the_removal_cap_stops_a_mass_removal(community: MakeCommunity, tmp_path: Path) -> None:
    c = community()
    for index in range(3):
        c.mentor(f"Gone{index}", 45)
    c.mentor("Busy", 1).publish()
    env = operator_env(c, tmp_path)
    refused = run_cli(["run", "--wiki", c.wiki.api_url, "--max-removals", "2"], env)
    assert refused.exit_code == 4 and "removes 3 of 4 mentors" in refused.output
    assert len(entries(c)) == 4
