"""Activity read from real wikis (MediaWiki 1.39 and 1.43): last edits in windows, registration,
blocks, edits per namespace; always equal to asking each user alone (``uclimit=1``)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import localwiki
import pytest

from mentorwatch.wiki.activity import WINDOWS, ActivityReader
from mentorwatch.wiki.api import MediaWikiClient

from .conftest import login
from .test_jsonpage_cycle import MakeCommunity

DAY = timedelta(days=1)
_worlds = itertools.count(1)


def test_last_edit_registration_and_block_per_mentor(community: MakeCommunity) -> None:
    c = community()
    c.mentor("Few", 3).mentor("Never", None, registered_days_ago=40).mentor(
        "Blocked", 20, blocked=True
    )
    c.mentor("Busy", 5)
    c.publish()
    busy = c.name("Busy")
    c.wiki.import_edits(
        {"user": busy, "title": f"{busy} log", "timestamp": c.now - (10 + n) * DAY, "text": str(n)}
        for n in range(120)
    )
    found, names = ActivityReader(login(c.wiki)).activity(
        [c.id(s) for s in ("Few", "Never", "Blocked", "Busy")], now=c.now
    )
    assert found[c.id("Few")].last_edit_at == c.now - 3 * DAY
    assert found[c.id("Busy")].last_edit_at == c.now - 5 * DAY
    assert found[c.id("Never")].last_edit_at is None
    assert found[c.id("Never")].registered_at == c.now - 40 * DAY
    assert found[c.id("Blocked")].blocked and not found[c.id("Few")].blocked
    assert names[c.id("Few")] == c.name("Few")


def test_answers_cut_short_ask_the_rest_again(
    community: MakeCommunity, monkeypatch: pytest.MonkeyPatch
) -> None:
    c = community()
    for n in range(6):
        c.mentor(f"M{n}", n + 1)
    c.publish()
    c.wiki.import_edits(
        {
            "user": c.name(f"M{n}"),
            "title": "Old",
            "timestamp": c.now - (n + 2) * DAY,
            "text": str(n),
        }
        for n in range(6)
    )
    reader = ActivityReader(login(c.wiki))
    monkeypatch.setattr(reader, "row_limit", lambda: 3)  # every answer is cut short
    ids = [c.id(f"M{n}") for n in range(6)]
    edits = reader.last_edits(ids, now=c.now)
    assert edits == {c.id(f"M{n}"): c.now - (n + 1) * DAY for n in range(6)}


def test_unknown_user_ids_are_left_out(community: MakeCommunity) -> None:
    c = community().mentor("Real", 2).publish()
    found, names = ActivityReader(login(c.wiki)).activity([c.id("Real"), 987654], now=c.now)
    assert set(found) == {c.id("Real")} and 987654 not in names


# --- every kind of mentor, on each MediaWiki ------------------------------------------------


@dataclass
class World:
    """Mentors of every kind in one wiki, and an account that may hide and see hidden edits."""

    wiki: localwiki.LocalWiki
    now: datetime
    ids: dict[str, int] = field(default_factory=dict)
    revdeleter: MediaWikiClient | None = None


KINDS = ("Never", "Light", "Busy1", "Busy2", "Busy3", "Mid", "Ancient", "Renamed")
HIDDEN = ("UserHidden", "TextHidden", "Suppressed")


def build_world(wiki: localwiki.LocalWiki) -> World:
    now = datetime.now(UTC).replace(microsecond=0)
    prefix = f"K{next(_worlds)}x"
    world = World(wiki, now)
    names = [prefix + kind for kind in (*KINDS, *HIDDEN)]
    world.ids = {
        name.removeprefix(prefix): user_id
        for name, user_id in wiki.create_users(
            {"name": name, "registered": now - 3000 * DAY} for name in names
        ).items()
    }
    edits = []
    for kind in (*KINDS, *HIDDEN):
        days = {"Never": [], "Light": [3, 4], "Mid": [200 + n for n in range(100)]}.get(kind)
        if kind == "Ancient":
            days = [2000 + 5 * n for n in range(5)]  # older than the largest window
        if days is None:  # prolific: 300 edits over three years, the last 2 days ago
            days = [2 + 3.6 * n for n in range(300)]
        edits += [
            {"user": prefix + kind, "title": f"{prefix}{kind} p{n % 7}", "timestamp": now - d * DAY}
            for n, d in enumerate(days)
        ]
    # someone edits the hidden mentors' pages later: their newest revisions are not current
    edits += [
        {"user": prefix + "Light", "title": f"{prefix}{kind} p0", "timestamp": now - DAY}
        for kind in HIDDEN
    ]
    wiki.import_edits(edits)
    wiki.rename_user(prefix + "Renamed", prefix + "Renamed2")
    hider = f"{prefix}Revdeleter"
    wiki.create_users([{"name": hider, "groups": ["sysop", "suppress"]}])
    world.revdeleter = MediaWikiClient(wiki.api_url, sleep=lambda _s: None)
    world.revdeleter.login(
        *wiki.create_bot_password(hider, "revdel", "basic,highvolume,delete,oversight")
    )
    for kind, hide in (("UserHidden", "user"), ("TextHidden", "content"), ("Suppressed", "user")):
        newest = alone(world.revdeleter, world.ids[kind], "ids")[0]["revid"]
        world.revdeleter.post_with_token(
            action="revisiondelete", type="revision", ids=str(newest), hide=hide,
            suppress="yes" if kind == "Suppressed" else "nochange", reason="test",
        )  # fmt: skip
    return world


def alone(client: MediaWikiClient, user_id: int, prop: str = "timestamp") -> list[dict[str, str]]:
    answer = client.get(
        action="query", list="usercontribs", ucuserids=str(user_id), uclimit="1", ucprop=prop
    )
    return list(answer["query"]["usercontribs"])


def one_by_one(client: MediaWikiClient, ids: list[int]) -> dict[int, datetime | None]:
    rows = {user_id: alone(client, user_id) for user_id in ids}
    return {u: datetime.fromisoformat(r[0]["timestamp"]) if r else None for u, r in rows.items()}


@pytest.mark.parametrize("rig", ["wiki", "ge143"])
def test_every_kind_of_mentor_as_asked_one_by_one(rig: str, request: pytest.FixtureRequest) -> None:
    wiki: localwiki.LocalWiki = request.getfixturevalue(rig)
    world = build_world(wiki)
    ids = list(world.ids.values())
    assert world.revdeleter is not None
    clients = {
        "bot": login(wiki),
        "anonymous": MediaWikiClient(wiki.api_url, sleep=lambda _s: None),
        "revdeleter": world.revdeleter,
    }
    for label, client in clients.items():
        reader = ActivityReader(client)
        reader.batch_size()
        before = client.request_count
        found = reader.last_edits(ids, now=world.now)
        if label != "anonymous":  # high limits: everyone in one request a window
            assert client.request_count - before <= len(WINDOWS), label
        assert found == one_by_one(client, ids), label
        activity, _names = reader.activity(ids, now=world.now)
        assert {u: a.last_edit_at for u, a in activity.items()} == found, label
    found = ActivityReader(clients["bot"]).last_edits(ids, now=world.now)
    assert found[world.ids["Never"]] is None
    assert found[world.ids["Ancient"]] == world.now - 2000 * DAY
    assert found[world.ids["Renamed"]] == world.now - 2 * DAY
    assert found[world.ids["Busy1"]] == world.now - 2 * DAY
    assert found[world.ids["TextHidden"]] == world.now - 2 * DAY  # content hidden: still an edit
    # a suppressed edit is seen only by who may see suppressed edits
    assert found[world.ids["Suppressed"]] == world.now - 5.6 * DAY
    seen = ActivityReader(clients["revdeleter"]).last_edits(ids, now=world.now)
    assert seen[world.ids["Suppressed"]] == world.now - 2 * DAY


@pytest.mark.parametrize("rig", ["wiki", "ge143"])
def test_namespace_edit_counts(
    rig: str, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    wiki: localwiki.LocalWiki = request.getfixturevalue(rig)
    now = datetime.now(UTC).replace(microsecond=0)
    prefix = f"N{next(_worlds)}x"
    ids = wiki.create_users({"name": f"{prefix}{n}"} for n in range(3))
    titles = ("Article", "Talk:Article", "User:Someone", "Article2")
    wiki.import_edits(
        {"user": name, "title": f"{titles[k % 4]} {prefix}", "timestamp": now - (k + 1) * DAY}
        for n, name in enumerate(ids)
        for k in range(10 * n)
    )
    reader = ActivityReader(login(wiki))
    monkeypatch.setattr(reader, "row_limit", lambda: 4)  # follows continuation
    counts = reader.namespace_edit_counts(ids.values(), [0, 1], now - 12.5 * DAY)
    by_name = {name: counts[user_id] for name, user_id in ids.items()}
    assert by_name == {
        f"{prefix}0": {0: 0, 1: 0},
        f"{prefix}1": {0: 5, 1: 3},  # days 1..10: k = 0,3,4,7,8 in 0; 1,5,9 in 1
        f"{prefix}2": {0: 6, 1: 3},  # days 1..12
    }
