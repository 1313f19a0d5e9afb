"""The ``growth`` backend against the real GrowthExperiments (rigs in growth_rigs.py).

Each test checks what the wiki really holds afterwards: the list, ``meta=growthmentorstatus``
asked as the mentor, ``Special:ManageMentors`` and the page history. The rigs are shared by the
session, so every test works with mentors of its own.
"""

from __future__ import annotations

import itertools
import json
import re
import urllib.parse
import urllib.request
from datetime import UTC, datetime, timedelta
from typing import Any
from xml.sax.saxutils import escape

import growthwiki
import pytest

from mentorwatch.wiki.errors import WikiError
from mentorwatch.wiki.growth import GrowthBackend
from mentorwatch.wiki.mentorlist import EntryChanged, away_until_of

from .conftest import login
from .growth_rigs import localwiki

LIST_PAGE = "MediaWiki:GrowthMentors.json"
_serial = itertools.count(1)


def new_mentors(wiki: localwiki.LocalWiki, count: int, **added: Any) -> dict[str, int]:
    """``count`` fresh users, added to the list by the bot; their ids by name."""
    serial = next(_serial)
    names = [f"Real{serial}{letter}" for letter in "ABCDEFGH"[:count]]
    ids = growthwiki.create_mentor_users(wiki, [{"name": name} for name in names])
    for name in names:
        growthwiki.add_mentor(wiki, name, **added)
    return ids


def backend_as(wiki: localwiki.LocalWiki, user: str = localwiki.BOT) -> GrowthBackend:
    return GrowthBackend(login(wiki, user))


def second(moment: datetime) -> datetime:
    return moment.replace(microsecond=0)


def manage_mentors_qqx(wiki: localwiki.LocalWiki) -> str:
    """Special:ManageMentors as a reader gets it, with message keys instead of text."""
    query = urllib.parse.urlencode({"title": "Special:ManageMentors", "uselang": "qqx"})
    with urllib.request.urlopen(f"{wiki.index_url}?{query}", timeout=60) as response:
        return str(response.read().decode())


def status_cell(html: str, name: str) -> tuple[str, str]:
    """(data-sort-value, text) of ``name``'s status cell on Special:ManageMentors."""
    row = re.search(
        rf'<td data-sort-value="{re.escape(name)}">.*?</td>\s*<td[^>]*>[^<]*</td>\s*'
        r'<td[^>]*>[^<]*</td>\s*<td data-sort-value="(-?\d+)">([^<]*)</td>',
        html,
        re.DOTALL,
    )
    assert row is not None, f"{name} has no row on Special:ManageMentors"
    return row[1], row[2]


def history(wiki: localwiki.LocalWiki, limit: int = 5) -> list[dict[str, Any]]:
    result = growthwiki.Api(wiki).get(
        action="query", prop="revisions", titles=LIST_PAGE, rvprop="ids|user|comment", rvlimit=limit
    )
    return list(result["query"]["pages"][0]["revisions"])


# --- 1. away read from Special:ManageMentors (REL1_43) ---------------------------------------


def test_read_list_shows_each_mentors_own_away(ge143: localwiki.LocalWiki) -> None:
    ids = new_mentors(ge143, 2)
    away, active = ids
    ids.update(new_mentors(ge143, 1, weight=0))  # manually assigned: the page's second table
    (manual,) = [name for name in ids if name not in (away, active)]
    back = second(datetime.now(UTC) + timedelta(days=10, hours=3))
    growthwiki.set_own_away(ge143, away, back)
    short = second(datetime.now(UTC) + timedelta(days=2))
    growthwiki.set_own_away(ge143, manual, short)

    backend = backend_as(ge143)
    entries = backend.read_list().entries

    assert away_until_of(entries[str(ids[away])]) == back
    assert away_until_of(entries[str(ids[manual])]) == short
    assert "awayTimestamp" not in entries[str(ids[active])]
    assert backend.capabilities().away_readable
    # what the wiki itself says, asked as each mentor, and what its page shows
    assert growthwiki.mentor_status(ge143, away) == "away"
    assert growthwiki.mentor_status(ge143, active) == "active"
    page = manage_mentors_qqx(ge143)
    sort, text = status_cell(page, away)
    assert int(sort) == int(back.timestamp())
    assert text.startswith("(growthexperiments-manage-mentors-status-away-until: ")
    assert status_cell(page, active) == (
        "-1",
        "(growthexperiments-mentor-dashboard-mentor-tools-mentor-status-active)",
    )
    # the plain list, as GrowthExperiments REL1_43 serves it, has no away at all
    listed = growthwiki.mentor_list(ge143)
    assert "awayTimestamp" not in listed[away]


# --- 1b/3. changes keep an away; away changes make no revision --------------------------------


def test_a_weight_change_keeps_the_mentors_own_away(ge143: localwiki.LocalWiki) -> None:
    ids = new_mentors(ge143, 1, message="Ask me")
    (name,) = ids
    back = second(datetime.now(UTC) + timedelta(days=20))
    growthwiki.set_own_away(ge143, name, back)
    backend = backend_as(ge143)
    entry = backend.read_list().entries[str(ids[name])]
    summary = f"Lowering the weight of {name} (mentorwatch test)"

    written = backend.set_weight(ids[name], name, entry, 1, summary)

    assert growthwiki.mentor_status(ge143, name) == "away"  # a change without isaway clears it
    assert away_until_of(written.entry or {}) == back  # as the wiki echoed it
    assert growthwiki.mentor_list(ge143)[name]["weight"] == 1
    assert growthwiki.mentor_list(ge143)[name]["message"] == "Ask me"
    latest = history(ge143, 1)[0]
    assert latest["comment"] == (
        f"/* growthexperiments-manage-mentors-summary-change-admin-with-reason:{name}|{summary} */"
    )
    assert written.revision_id == latest["revid"]
    assert int(status_cell(manage_mentors_qqx(ge143), name)[0]) == int(back.timestamp())


def test_marking_away_makes_no_revision_and_never_shortens(ge143: localwiki.LocalWiki) -> None:
    ids = new_mentors(ge143, 2)
    long_away, active = ids
    own = second(datetime.now(UTC) + timedelta(days=40))
    growthwiki.set_own_away(ge143, long_away, own)
    backend = backend_as(ge143)
    entries = backend.read_list().entries
    before = history(ge143, 1)[0]["revid"]
    until = second(datetime.now(UTC) + timedelta(days=10))

    kept = backend.set_away(
        ids[long_away], long_away, entries[str(ids[long_away])], until, "Marking away (test)"
    )
    marked = backend.set_away(
        ids[active], active, entries[str(ids[active])], until, "Marking away (test)"
    )

    assert (kept.revision_id, marked.revision_id) == (None, None)
    assert history(ge143, 1)[0]["revid"] == before  # a preference: no revision at all
    assert away_until_of(kept.entry or {}) == own
    assert away_until_of(marked.entry or {}) == until
    assert growthwiki.mentor_status(ge143, active) == "away"
    again = backend.read_list().entries
    assert away_until_of(again[str(ids[long_away])]) == own
    assert away_until_of(again[str(ids[active])]) == until


def test_a_mentor_whose_away_is_hidden_is_not_changed(ge143: localwiki.LocalWiki) -> None:
    ids = new_mentors(ge143, 1)
    (name,) = ids
    growthwiki.set_own_away(ge143, name, datetime.now(UTC) + timedelta(days=30))
    bot = growthwiki.Api(ge143, localwiki.BOT)
    bot.post(action="block", user=name, expiry="1 day", reason="test: block hides away")
    try:
        backend = backend_as(ge143)
        entry = backend.read_list().entries[str(ids[name])]
        assert "awayTimestamp" not in entry  # the page shows "blocked", not the away
        with pytest.raises(WikiError, match="cannot see whether"):
            backend.set_weight(ids[name], name, entry, 1, "must not be sent")
        assert growthwiki.mentor_list(ge143)[name]["weight"] == 2
    finally:
        bot.post(action="unblock", user=name, reason="test done")
    assert growthwiki.mentor_status(ge143, name) == "away"


def test_a_removal_is_found_in_the_history_by_its_wrapped_summary(
    ge143: localwiki.LocalWiki,
) -> None:
    ids = new_mentors(ge143, 2)
    first, second_name = ids
    backend = backend_as(ge143)
    entries = backend.read_list().entries
    summary_a = f"Removing mentor {first}, inactive for 36 days"
    summary_b = f"Removing mentor {second_name}, inactive for 36 days"

    removed_a = backend.remove(ids[first], first, entries[str(ids[first])], summary_a)
    removed_b = backend.remove(
        ids[second_name], second_name, entries[str(ids[second_name])], summary_b
    )

    revisions = history(ge143, 2)
    wrapper = "growthexperiments-manage-mentors-summary-remove-admin-with-reason"
    assert revisions[1]["comment"] == f"/* {wrapper}:{first}|{summary_a} */"
    assert (removed_b.revision_id, removed_a.revision_id) == (
        revisions[0]["revid"],
        revisions[1]["revid"],
    )
    with pytest.raises(EntryChanged):
        backend.remove(ids[first], first, entries[str(ids[first])], summary_a)


# --- 2. a mentor's own away -------------------------------------------------------------------


def test_a_mentor_sets_and_ends_their_own_away_rel143(ge143: localwiki.LocalWiki) -> None:
    ids = new_mentors(ge143, 1, message="Frag mich", weight=4)
    (name,) = ids
    mentor = backend_as(ge143, name)
    entry = mentor.read_list().entries[str(ids[name])]
    before = history(ge143, 1)[0]["revid"]
    until = second(datetime.now(UTC) + timedelta(days=12))

    away = mentor.set_own_away(ids[name], name, entry, until, f"{name} is away (test)")

    assert away.revision_id is None and history(ge143, 1)[0]["revid"] == before
    assert away_until_of(away.entry or {}) == until
    assert mentor.own_away_status() is True
    assert growthwiki.mentor_status(ge143, name) == "away"
    listed = growthwiki.mentor_list(ge143)[name]
    assert (listed["message"], listed["weight"]) == ("Frag mich", 4)

    back = mentor.set_own_active(
        ids[name], name, mentor.read_list().entries[str(ids[name])], f"{name} is back (test)"
    )

    assert back.revision_id is None
    assert "awayTimestamp" not in (back.entry or {})
    assert mentor.own_away_status() is False
    listed = growthwiki.mentor_list(ge143)[name]
    assert (listed["message"], listed["weight"]) == ("Frag mich", 4)


def test_a_mentor_sets_and_ends_their_own_away_rel139(ge139: localwiki.LocalWiki) -> None:
    ids = new_mentors(ge139, 1)
    (name,) = ids
    mentor = backend_as(ge139, name)
    entry = mentor.read_list().entries[str(ids[name])]
    until = datetime.now(UTC) + timedelta(days=5, hours=1)

    away = mentor.set_own_away(ids[name], name, entry, until, "away (test)")

    assert away.revision_id is None
    assert away_until_of(away.entry or {}) is not None
    assert growthwiki.mentor_status(ge139, name) == "away"
    assert not mentor.capabilities().away_readable  # REL1_39: away is not in what we read
    mentor.set_own_active(ids[name], name, entry, "back (test)")
    assert growthwiki.mentor_status(ge139, name) == "active"


# --- 4. the upstream cleaner is detected from what GrowthExperiments offers -------------------


def test_rel143_with_community_configuration_has_no_upstream_cleaner(
    ge143cc: localwiki.LocalWiki,
) -> None:
    config = growthwiki.Api(ge143cc).get(
        action="query", meta="communityconfiguration", ccrprovider="Mentorship"
    )["communityconfiguration"]["data"]
    # the page holds the cleaner's keys (imported: CommunityConfiguration refuses to save them),
    # which is what the old detection took for a cleaner
    data = {
        **config,
        "GEMentorshipShouldBeAutoawayed": True,
        "GEMentorshipAutoawayedAfterDays": 10,
        "GEMentorshipShouldBeAutoremoved": True,
        "GEMentorshipAutoremovedAfterDays": 30,
    }
    import_json_page(ge143cc, "MediaWiki:GrowthExperimentsMentorship.json", data)
    backend = backend_as(ge143cc)
    assert backend.read_config()["GEMentorshipShouldBeAutoremoved"] is True

    assert backend.capabilities().upstream_cleaner is False


def import_json_page(wiki: localwiki.LocalWiki, title: str, document: dict[str, Any]) -> None:
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    xml = (
        '<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/" version="0.11">'
        f"<page><title>{escape(title)}</title><ns>8</ns><revision><timestamp>{stamp}</timestamp>"
        f"<contributor><username>{localwiki.BOT}</username></contributor>"
        "<comment>test: cleaner keys</comment><model>json</model><format>application/json</format>"
        f'<text xml:space="preserve">{escape(json.dumps(document))}</text>'
        "</revision></page></mediawiki>"
    )
    dump = wiki.directory / "cleaner-keys.xml"
    dump.write_text(xml, encoding="utf-8")
    try:
        wiki.php("importDump.php", "--no-updates", str(dump))
    finally:
        dump.unlink()


# --- 5. an empty list ---------------------------------------------------------------------------


def test_an_empty_list_reads_as_empty(ge143cc: localwiki.LocalWiki) -> None:
    bot = growthwiki.Api(ge143cc, localwiki.BOT)
    listed = growthwiki.mentor_list(ge143cc)
    for name in listed:
        bot.post(action="growthmanagementorlist", geaction="remove", username=name, summary="test")
    try:
        raw = growthwiki.Api(ge143cc).get(action="query", list="growthmentorlist")
        assert raw["growthmentorlist"] == []  # a JSON list, not an object

        backend = backend_as(ge143cc)

        assert backend.read_list().entries == {}
        assert backend.capabilities().away_readable  # the page says "None" twice: understood
    finally:  # the rig is shared: put the session's mentors back as they were
        for name, entry in listed.items():
            growthwiki.add_mentor(
                ge143cc,
                name,
                message=entry["message"],
                weight=entry["weight"] or 2,
                auto_assigned=entry["weight"] != 0,
            )
