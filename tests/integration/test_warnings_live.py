"""Warnings before removal on real talk pages: once per episode, never past {{nobots}}."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from mentorwatch.service.cycle import Cycle
from mentorwatch.store.journal import Journal
from mentorwatch.wiki.api import MediaWikiClient
from mentorwatch.wiki.jsonpage import JsonPageBackend

from .conftest import Community, login
from .test_jsonpage_cycle import MakeCommunity, entries

DAY = timedelta(days=1)
REMOVAL_WITH_WARNINGS = {
    "GEMentorshipShouldBeAutoremoved": True,
    "GEMentorshipAutoremovedAfterDays": 30,
    "MentorwatchWarnBeforeRemoval": True,
    "MentorwatchWarnDaysBeforeRemoval": 7,
}


def talk_history(c: Community, short: str) -> list[dict[str, Any]]:
    title = f"User talk:{c.name(short)}"
    result = MediaWikiClient(c.wiki.api_url).get(
        action="query", prop="revisions", titles=title, rvprop="ids|comment|user", rvlimit="max"
    )
    return list(result["query"]["pages"][0].get("revisions", []))


def test_a_mentor_is_warned_once_and_an_edit_saves_them(
    community: MakeCommunity, tmp_path: Path
) -> None:
    c = community(REMOVAL_WITH_WARNINGS)
    c.mentor("Fading", 33).mentor("Shy", 33).mentor("Busy", 9).publish()
    client = login(c.wiki)
    client.post_with_token(
        action="edit",
        title=f"User talk:{c.name('Shy')}",
        text="Please, no bots here. {{nobots}}",
        summary="opting out",
    )
    journal = Journal(f"sqlite:///{tmp_path / 'journal.db'}")

    def run_at(moment: Any) -> Any:
        backend = JsonPageBackend(client, c.list_page, c.config_page)
        return Cycle(client, backend, journal, clock=lambda: moment).run()

    # 25 days inactive: in the warning window (30 - 7), nobody is removed yet
    first = run_at(c.now - 8 * DAY)
    outcomes = {(o.username, o.action): o.status for o in first.outcomes}
    assert outcomes == {(c.name("Fading"), "warn"): "done", (c.name("Shy"), "warn"): "opted_out"}
    (warning,) = talk_history(c, "Fading")
    assert warning["comment"].startswith("Mentor list:")
    page = c.read_wikitext(f"User talk:{c.name('Fading')}")
    assert "Your place on the mentor list" in page and "make an edit" in page
    assert len(talk_history(c, "Shy")) == 1  # only the mentor's own opt-out
    warn_record = next(a for a in journal.actions.find(wiki=client.api_url) if a.action == "warn")
    assert warn_record.revision_id == warning["revid"]

    # a day later: no second warning
    second = run_at(c.now - 7 * DAY)
    assert [o for o in second.outcomes if o.action == "warn"] == []
    assert len(talk_history(c, "Fading")) == 1

    # Fading edits; a week later Shy (warned, opted out) is removed and Fading is kept
    c.wiki.import_edits(
        [
            {
                "user": c.name("Fading"),
                "title": f"{c.name('Fading')} sandbox",
                "timestamp": c.now - 3 * DAY,
                "text": "back again",
            }
        ]
    )
    third = run_at(c.now)
    assert {(o.username, o.action, o.status) for o in third.outcomes} == {
        (c.name("Shy"), "remove", "done")
    }
    listed = entries(c)
    assert str(c.id("Fading")) in listed and str(c.id("Shy")) not in listed
    assert len(talk_history(c, "Fading")) == 1


def test_mentors_are_told_when_they_are_marked_away(
    community: MakeCommunity, tmp_path: Path
) -> None:
    c = community(
        {
            "GEMentorshipShouldBeAutoawayed": True,
            "GEMentorshipAutoawayedAfterDays": 10,
            "MentorwatchNotifyOnAction": True,
        }
    )
    c.mentor("Quiet", 12).mentor("Busy", 1).publish()
    client = login(c.wiki)
    journal = Journal(f"sqlite:///{tmp_path / 'journal.db'}")
    backend = JsonPageBackend(client, c.list_page, c.config_page)
    report = Cycle(client, backend, journal, clock=lambda: c.now).run()
    assert [(o.action, o.status) for o in report.outcomes] == [
        ("mark_away", "done"),
        ("notify", "done"),
    ]
    page = c.read_wikitext(f"User talk:{c.name('Quiet')}")
    assert "You were marked as away" in page and "more than 10 days" in page
    assert talk_history(c, "Busy") == []
    again = Cycle(client, backend, journal, clock=lambda: c.now).run()
    assert again.outcomes == [] and again.edits == 0
    assert len(talk_history(c, "Quiet")) == 1
