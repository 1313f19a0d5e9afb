"""mentorwatch's rules page on the real (plain, jsonpage) wiki: migration, exemptions, undo that
sticks, and the away-limit notice, through the command line as an operator runs it."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

from mentorwatch.wiki.api import MediaWikiClient

from .conftest import SMALL_WORLD_RULES, Community
from .test_cli_live import operator_env, run_cli
from .test_jsonpage_cycle import MakeCommunity, entries

DAY = timedelta(days=1)
RULES = {
    "MarkInactiveMentorsAway": True,
    "AwayAfterDays": 10,
    "RemoveInactiveMentors": True,
    "RemoveAfterDays": 30,
}


def content_model(c: Community, title: str) -> str:
    result = MediaWikiClient(c.wiki.api_url).get(action="query", prop="info", titles=title)
    return str(result["query"]["pages"][0]["contentmodel"])


def protection(c: Community, title: str) -> dict[str, str]:
    """The page's protections in force, as the wiki reports them (``prop=info``)."""
    result = MediaWikiClient(c.wiki.api_url).get(
        action="query", prop="info", inprop="protection", titles=title
    )
    return {p["type"]: p["level"] for p in result["query"]["pages"][0].get("protection", [])}


def last_run(env: dict[str, str], c: Community) -> dict[str, Any]:
    runs = json.loads(run_cli(["history", "--json", "--wiki", c.wiki.api_url], env).output)
    return dict(runs["runs"][0])


def decision_of(env: dict[str, str], run_id: int, name: str) -> dict[str, Any]:
    shown = json.loads(run_cli(["history", "--json", "--run", str(run_id)], env).output)
    (found,) = [d for d in shown["decisions"] if d["username"] == name]
    return dict(found)


def test_legacy_rules_are_read_with_a_note_then_migrated_to_a_json_rules_page(
    community: MakeCommunity, tmp_path: Path
) -> None:
    c = community().mentor("Gone", 45).mentor("Busy", 1).mentor("Keen", 2).publish()
    env = operator_env(c, tmp_path)
    dry = run_cli(["run", "--wiki", c.wiki.api_url, "--dry-run"], env)
    assert dry.exit_code == 0, dry.output
    assert "mentorwatch config migrate" in dry.output and "planned  remove" in dry.output

    moved = run_cli(["config", "migrate", "--wiki", c.wiki.api_url], env)
    assert moved.exit_code == 0, moved.output
    # migrated with the rest: the test worlds' minimum pool of 0 (conftest.SMALL_WORLD)
    assert c.read(c.rules_page) == {**SMALL_WORLD_RULES, **RULES}
    assert content_model(c, c.rules_page) == "json"  # created by the bot with contentmodel=json
    protected, created = c.history(c.rules_page)  # newest first: created, then protected
    assert "rules moved from" in created["comment"] and "config migrate" in created["comment"]
    assert "only administrators may change them" in protected["comment"]
    assert protection(c, c.rules_page) == {"edit": "sysop", "move": "sysop"}
    assert "is protected: only administrators may edit or move it" in moved.output
    again = run_cli(["config", "migrate", "--wiki", c.wiki.api_url], env)
    assert again.exit_code == 4 and "already exists" in again.output

    ran = run_cli(["run", "--wiki", c.wiki.api_url], env)
    assert ran.exit_code == 0, ran.output
    assert "config migrate" not in ran.output  # read from the rules page now
    assert str(c.id("Gone")) not in entries(c)


def test_an_exempt_mentor_is_never_touched_and_the_plan_says_why(
    community: MakeCommunity, tmp_path: Path
) -> None:
    c = community({}).mentor("Gone", 45).mentor("Quiet", 12).mentor("Busy", 1).publish()
    exemption = {"mentor": c.name("Gone"), "reason": "on a field trip", "until": None}
    document = {**RULES, "Exemptions": [exemption]}
    c.publish_rules(document)
    before = entries(c)[str(c.id("Gone"))]
    env = operator_env(c, tmp_path)
    ran = run_cli(["run", "--wiki", c.wiki.api_url], env)
    assert ran.exit_code == 0, ran.output
    assert entries(c)[str(c.id("Gone"))] == before  # not removed, not marked away
    assert "awayTimestamp" in entries(c)[str(c.id("Quiet"))]  # the rules do apply to others
    decision = decision_of(env, last_run(env, c)["id"], c.name("Gone"))
    assert decision["action"] == "keep"
    assert decision["reason"].startswith("Exempt with no end date: on a field trip.")


def test_undo_of_a_removal_is_not_redone_by_the_next_run(
    community: MakeCommunity, tmp_path: Path
) -> None:
    c = community({}).mentor("Gone", 45).mentor("Busy", 1).mentor("Keen", 2).publish()
    c.publish_rules(RULES)
    env = operator_env(c, tmp_path)
    assert run_cli(["run", "--wiki", c.wiki.api_url], env).exit_code == 0
    assert str(c.id("Gone")) not in entries(c)
    run_id = last_run(env, c)["id"]

    undone = run_cli(["undo", str(run_id), "--wiki", c.wiki.api_url], env)
    assert undone.exit_code == 0, undone.output
    assert str(c.id("Gone")) in entries(c)
    (exemption,) = c.read(c.rules_page)["Exemptions"]
    assert exemption["mentor"] == c.name("Gone")
    assert exemption["reason"] == f"undo of mentorwatch run #{run_id}"
    assert exemption["until"] is not None  # until the run after next
    assert f"after the undo of run #{run_id}" in c.history(c.rules_page)[0]["comment"]

    again = run_cli(["run", "--wiki", c.wiki.api_url], env)
    assert again.exit_code == 0, again.output
    assert str(c.id("Gone")) in entries(c)
    decision = decision_of(env, last_run(env, c)["id"], c.name("Gone"))
    assert decision["reason"].startswith("Exempt until ")


def test_a_mentor_away_60_days_with_removal_at_30_is_told_once(
    community: MakeCommunity, tmp_path: Path
) -> None:
    c = community({})
    c.mentor("Long", 1, away_until=c.now + 60 * DAY).mentor("Busy", 1).mentor("Keen", 2)
    c.publish()
    c.publish_rules(RULES)
    env = operator_env(c, tmp_path)
    first = run_cli(["run", "--wiki", c.wiki.api_url], env)
    assert first.exit_code == 0, first.output
    talk = f"User talk:{c.name('Long')}"
    text = c.read_wikitext(talk)
    assert "Your away period and the mentor list" in text and "you will be removed" in text
    second = run_cli(["run", "--wiki", c.wiki.api_url], env)
    assert second.exit_code == 0, second.output
    assert len(c.history(talk)) == 1  # one notice per away period, not one per run
    assert "awayTimestamp" in entries(c)[str(c.id("Long"))]  # the list is not touched
