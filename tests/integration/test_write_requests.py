"""A write costs one request (issue 15): the freshness checks for all the mentors about to be
written are read together, and each edit starts from the text of our previous one (the wiki
still detects a change made in between, through ``baserevid``). On the real local wiki."""

from __future__ import annotations

from pathlib import Path

from .conftest import login
from .test_conflicts import bot_with, other_admin_edits
from .test_jsonpage_cycle import MakeCommunity, entries, make_cycle

WRITES = 100


def test_a_run_of_many_writes_makes_about_one_request_per_write(
    community: MakeCommunity, tmp_path: Path
) -> None:
    c = community()
    for index in range(WRITES):
        c.mentor(f"Quiet{index:03d}", 12)
    c.mentor("Active", 1).publish()
    client = login(c.wiki)
    before = client.request_count
    report = make_cycle(c, tmp_path, client).run()
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
