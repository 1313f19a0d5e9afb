"""A write costs one request (issue 15): the freshness checks for all the mentors about to be
written are read together, and each edit starts from the text of our previous one (the wiki
still detects a change made in between, through ``baserevid``). On the real local wiki."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from mentorwatch.domain.safety import SafetyLimits
from mentorwatch.wiki.api import MediaWikiClient
from mentorwatch.wiki.jsonpage import JsonPageBackend
from mentorwatch.wiki.mentorlist import EntryChanged

from .conftest import Community, login
from .test_conflicts import bot_with, other_admin_edits
from .test_jsonpage_cycle import MakeCommunity, entries, make_cycle

WRITES = 200


def test_a_run_of_many_writes_makes_about_one_request_per_write(
    community: MakeCommunity, tmp_path: Path
) -> None:
    c = community()
    for index in range(WRITES):
        c.mentor(f"Quiet{index:03d}", 12)
    c.mentor("Active", 1).publish()
    client = login(c.wiki)
    before = client.request_count
    # 200 marks away at once: past the mark-away cap, which this test is not about
    report = make_cycle(c, tmp_path, client, safety=SafetyLimits(allow_mass_away=True)).run()
    requests = client.request_count - before
    assert [o.status for o in report.outcomes] == ["done"] * WRITES
    assert report.edits == WRITES
    assert requests <= 1.1 * WRITES + 25, f"{requests} requests for {WRITES} writes"
    listed = entries(c)
    assert all("awayTimestamp" in listed[str(c.id(f"Quiet{i:03d}"))] for i in range(WRITES))


def test_a_change_to_the_next_mentor_between_two_of_our_writes_is_detected(
    community: MakeCommunity, tmp_path: Path
) -> None:
    c = community().mentor("A", 12).mentor("B", 12).mentor("C", 12).mentor("Z", 1).publish()
    b = str(c.id("B"))
    theirs = other_admin_edits(c, lambda m: m[b].update(message="Back on Monday"))
    cycle = make_cycle(c, tmp_path, bot_with(c, lambda: None, theirs))
    report = cycle.run()
    assert {o.username: o.status for o in report.outcomes} == {
        c.name("A"): "done",
        c.name("B"): "skipped",
        c.name("C"): "done",
    }
    listed = entries(c)
    assert listed[b]["message"] == "Back on Monday" and "awayTimestamp" not in listed[b]
    assert "awayTimestamp" in listed[str(c.id("A"))] and "awayTimestamp" in listed[str(c.id("C"))]


def test_an_edit_elsewhere_between_two_of_our_writes_is_merged(
    community: MakeCommunity, tmp_path: Path
) -> None:
    c = community().mentor("A", 12).mentor("M", 1).mentor("B", 12).mentor("Z", 1).publish()
    z = str(c.id("Z"))
    theirs = other_admin_edits(c, lambda m: m[z].update(message="Edited by another admin"))
    report = make_cycle(c, tmp_path, bot_with(c, lambda: None, theirs)).run()
    assert [o.status for o in report.outcomes] == ["done", "done"]
    listed = entries(c)
    assert listed[z]["message"] == "Edited by another admin"
    assert "awayTimestamp" in listed[str(c.id("A"))] and "awayTimestamp" in listed[str(c.id("B"))]


def mentor_saving(c: Community, short: str) -> tuple[MediaWikiClient, JsonPageBackend]:
    """The mentor signed in on the web app: their backend has read the list (as the away
    page's POST does) and holds a CSRF token, so only the save itself is left to count."""
    c.list_in_project = True  # a page mentors may edit themselves
    c.publish()
    credentials = c.wiki.create_bot_password(c.name(short), "own", "basic,editpage")
    client = MediaWikiClient(c.wiki.api_url, sleep=lambda _s: None)
    client.login(*credentials)
    client.csrf_token()
    backend = JsonPageBackend(client, c.list_page, c.config_page)
    backend.read_list()
    return client, backend


def test_a_mentors_own_away_save_is_one_request_after_the_pages_read(
    community: MakeCommunity,
) -> None:
    c = community().mentor("Mira", 1).mentor("Other", 1)
    client, backend = mentor_saving(c, "Mira")
    entry = dict(backend.read_list().entries[str(c.id("Mira"))])
    before = client.request_count
    until = c.now + timedelta(days=5)
    backend.set_own_away(c.id("Mira"), c.name("Mira"), entry, until, "Mira is away")
    assert client.request_count - before == 1  # the edit; the list was not read again
    assert "awayTimestamp" in entries(c)[str(c.id("Mira"))]
    before = client.request_count
    mira = dict(backend.read_list().entries[str(c.id("Mira"))])
    backend.set_own_active(c.id("Mira"), c.name("Mira"), mira, "Mira is back")
    assert client.request_count - before == 2  # the page's read, the edit
    assert "awayTimestamp" not in entries(c)[str(c.id("Mira"))]


@pytest.mark.parametrize("whose", ["own", "another mentor's"])
def test_a_change_made_after_the_read_is_still_caught_by_the_wiki(
    community: MakeCommunity, whose: str
) -> None:
    c = community().mentor("Mira", 1).mentor("Mid", 1).mentor("Far", 1)
    _client, backend = mentor_saving(c, "Mira")
    entry = dict(backend.read_list().entries[str(c.id("Mira"))])
    changed = "Mira" if whose == "own" else "Far"
    other_admin_edits(c, lambda m: m[str(c.id(changed))].update(message="Edited meanwhile"))()
    until = c.now + timedelta(days=5)
    if whose == "own":
        with pytest.raises(EntryChanged):
            backend.set_own_away(c.id("Mira"), c.name("Mira"), entry, until, "Mira is away")
        assert "awayTimestamp" not in entries(c)[str(c.id("Mira"))]
    else:
        backend.set_own_away(c.id("Mira"), c.name("Mira"), entry, until, "Mira is away")
        assert "awayTimestamp" in entries(c)[str(c.id("Mira"))]
    assert entries(c)[str(c.id(changed))]["message"] == "Edited meanwhile"
