"""Activity read from the real wiki: last edits (grouped or one by one), registration, blocks."""

from __future__ import annotations

from datetime import timedelta

import pytest

from mentorwatch.wiki import activity as activity_module
from mentorwatch.wiki.activity import ActivityReader

from .conftest import login
from .test_jsonpage_cycle import MakeCommunity

DAY = timedelta(days=1)


def test_last_edit_registration_and_block_per_mentor(community: MakeCommunity) -> None:
    c = community()
    c.mentor("Few", 3).mentor("Never", None, registered_days_ago=40).mentor(
        "Blocked", 20, blocked=True
    )
    c.mentor("Busy", 5)
    c.publish()
    busy = c.name("Busy")
    # 120 older edits: more than FEW_EDITS, so Busy is asked for alone
    c.wiki.import_edits(
        {"user": busy, "title": f"{busy} log", "timestamp": c.now - (10 + n) * DAY, "text": str(n)}
        for n in range(120)
    )
    found, names = ActivityReader(login(c.wiki)).activity(
        [c.id(s) for s in ("Few", "Never", "Blocked", "Busy")]
    )
    assert found[c.id("Few")].last_edit_at == c.now - 3 * DAY
    assert found[c.id("Busy")].last_edit_at == c.now - 5 * DAY
    assert found[c.id("Never")].last_edit_at is None
    assert found[c.id("Never")].registered_at == c.now - 40 * DAY
    assert found[c.id("Blocked")].blocked and not found[c.id("Few")].blocked
    assert names[c.id("Few")] == c.name("Few")


def test_an_answer_cut_short_asks_the_rest_one_by_one(
    community: MakeCommunity, monkeypatch: pytest.MonkeyPatch
) -> None:
    c = community()
    for n in range(6):
        c.mentor(f"M{n}", n + 1)
    c.publish()
    c.wiki.import_edits(
        {"user": c.name(f"M{n}"), "title": "Old", "timestamp": c.now - 300 * DAY, "text": str(n)}
        for n in range(6)
    )
    monkeypatch.setattr(activity_module, "GROUP_ROWS", 3)  # every group answer is cut short
    monkeypatch.setattr(activity_module, "GROUP_USERS", 6)
    ids = [c.id(f"M{n}") for n in range(6)]
    counts = {user_id: 1 for user_id in ids}  # understated on purpose: really 2 edits each
    edits = ActivityReader(login(c.wiki)).last_edits(ids, counts)
    assert edits == {c.id(f"M{n}"): c.now - (n + 1) * DAY for n in range(6)}


def test_unknown_user_ids_are_left_out(community: MakeCommunity) -> None:
    c = community().mentor("Real", 2).publish()
    found, names = ActivityReader(login(c.wiki)).activity([c.id("Real"), 987654])
    assert set(found) == {c.id("Real")} and 987654 not in names
