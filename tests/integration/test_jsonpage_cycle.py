"""The whole cycle against a real MediaWiki with the ``jsonpage`` backend."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from mentorwatch.domain.timeutil import parse_timestamp
from mentorwatch.service.cycle import Cycle, RunOptions
from mentorwatch.store.journal import Journal
from mentorwatch.wiki.api import MediaWikiClient
from mentorwatch.wiki.jsonpage import JsonPageBackend

from .conftest import Community, login

DAY = timedelta(days=1)
MakeCommunity = Callable[..., Community]


def make_cycle(
    community: Community, tmp_path: Path, client: MediaWikiClient | None = None, **options: Any
) -> Cycle:
    client = client or login(community.wiki)
    backend = JsonPageBackend(
        client, community.list_page, community.config_page, rules_page=community.rules_page
    )
    return Cycle(
        client,
        backend,
        Journal(f"sqlite:///{tmp_path / 'journal.db'}"),
        clock=lambda: community.now,
        options=RunOptions(**options),
    )


def entries(community: Community) -> dict[str, Any]:
    return dict(community.read()["Mentors"])


def test_inactive_mentors_are_marked_away_and_removed_with_summaries(
    community: MakeCommunity, tmp_path: Path
) -> None:
    c = community()
    c.mentor("Active", 2).mentor("Quiet", 12).mentor("Gone", 45).mentor(
        "Newbie", None, registered_days_ago=40
    )
    c.mentor("Blocked", 100, blocked=True)
    c.publish()

    report = make_cycle(c, tmp_path).run()

    assert {o.username: (o.action, o.status) for o in report.outcomes} == {
        c.name("Quiet"): ("mark_away", "done"),
        c.name("Gone"): ("remove", "done"),
        c.name("Newbie"): ("remove", "done"),
    }
    listed = entries(c)
    assert str(c.id("Gone")) not in listed and str(c.id("Newbie")) not in listed
    quiet = listed[str(c.id("Quiet"))]
    assert parse_timestamp(quiet["awayTimestamp"]) == c.now - 12 * DAY + 30 * DAY + 7 * DAY + DAY
    assert "awayTimestamp" not in listed[str(c.id("Active"))]
    assert "awayTimestamp" not in listed[str(c.id("Blocked"))]  # reported, not acted on
    # each summary ends with a tag naming the run and the mentor (how recovery finds it)
    summaries = [revision["comment"].split(" [mentorwatch ")[0] for revision in c.history()]
    assert f"Marking mentor {c.name('Quiet')} as away, inactive for 12 days" in summaries
    assert f"Removing mentor {c.name('Gone')}, inactive for 45 days" in summaries
    assert report.edits == 3 and not report.failures


def test_a_second_run_makes_no_edit(community: MakeCommunity, tmp_path: Path) -> None:
    c = community().mentor("Quiet", 12).mentor("Active", 1).publish()
    make_cycle(c, tmp_path).run()
    revisions = len(c.history())
    report = make_cycle(c, tmp_path).run()
    assert report.outcomes == [] and len(c.history()) == revisions


def test_dry_run_makes_no_edit_and_journals_the_plan(
    community: MakeCommunity, tmp_path: Path
) -> None:
    c = community().mentor("Quiet", 12).mentor("Gone", 45).publish()
    before = c.history()
    cycle = make_cycle(c, tmp_path, dry_run=True)
    report = cycle.run()
    assert c.history() == before
    assert sorted(o.status for o in report.outcomes) == ["planned", "planned"]
    assert {a.status for a in cycle.journal.actions.find(report.run_id)} == {"planned"}


def test_every_write_is_journaled_with_the_entry_before_and_after(
    community: MakeCommunity, tmp_path: Path
) -> None:
    c = community().mentor("Quiet", 12, message="Ask me!").publish()
    cycle = make_cycle(c, tmp_path)
    report = cycle.run()
    (record,) = cycle.journal.actions.find(report.run_id)
    assert (record.action, record.status) == ("mark_away", "done")
    assert record.before == {"username": c.name("Quiet"), "message": "Ask me!", "weight": 2}
    assert record.after == entries(c)[str(c.id("Quiet"))]
    (run,) = cycle.journal.runs.recent(cycle.wiki, limit=1)
    assert run.status == "finished" and run.summary["edits"] == 1


def test_a_mentor_who_edits_after_the_snapshot_is_not_touched(
    community: MakeCommunity, tmp_path: Path
) -> None:
    c = community().mentor("Quiet", 12).mentor("Gone", 45).publish()
    c.wiki.create_bot_password(c.name("Quiet"), "tests", "basic,editpage")
    cycle = make_cycle(c, tmp_path)
    prepared = cycle.prepare()
    assert [d.action.value for d in prepared.plan.changes()] == ["mark_away", "remove"]

    login(c.wiki, c.name("Quiet")).post_with_token(
        action="edit", title=f"{c.name('Quiet')} sandbox", appendtext=" Back!", summary="back"
    )
    report = cycle.execute(prepared)

    outcomes = {o.username: o for o in report.outcomes}
    assert outcomes[c.name("Quiet")].status == "skipped"
    assert "after the snapshot" in outcomes[c.name("Quiet")].detail
    assert "awayTimestamp" not in entries(c)[str(c.id("Quiet"))]
    assert outcomes[c.name("Gone")].status == "done"  # the others proceed
