"""The demo's sample community on a real GrowthExperiments wiki, and what that wiki shows.

Seeding goes through the wiki's real API as the people who would do it (``growthwiki``):
the bot adds mentors and sets mentees, a mentor marks themselves away logged in as
themselves, the administrator blocks a mentor, mentees and newcomers sign up anonymously.
Only registrations and edits are backdated, with the maintenance scripts of ``localwiki``.

What the wiki shows is read where the wiki shows it: each mentor's weight and away on
``Special:ManageMentors`` (on REL1_43 away is a private preference no API returns), and who
mentors whom (primary and backup) from GrowthExperiments' own table
``growthexperiments_mentor_mentee`` (no API returns a mentee's backup mentor).
"""

from __future__ import annotations

import html
import json
import re
import sqlite3
import urllib.parse
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import growthwiki
from demolib import CONFIG, CONFIG_PAGE
from localwiki import ADMIN, BOT, LocalWiki


@dataclass(frozen=True)
class Member:
    name: str
    last_edit: int | None  # days ago; None: never edited
    registered: int  # days ago
    weight: int
    own_away: int | None = None  # days from now the mentor set themselves away for
    blocked: bool = False
    message: str | None = None
    mentees: tuple[str, ...] = ()


COMMUNITY = [
    Member("Alice", 1, 2400, 2, message="Happy to help with sources.", mentees=("Sam",)),
    Member("Bjorn", 14, 4000, 4, mentees=("Rosa",)),
    Member("Chen", 24, 2100, 1, message="Ask me about images and Commons."),
    Member("Dalia", 19, 3000, 2),
    Member("Emeka", 13, 3500, 0, own_away=40, message="On holiday for a while."),
    Member("Farah", 55, 3800, 2, message="English and Arabic.", mentees=("Mia", "Noah", "Omar")),
    Member("Goran", 102, 5000, 0, mentees=("Pia",)),
    Member("Hana", None, 36, 2, mentees=("Quinn",)),
    Member("Ivo", 9, 5400, 2),
    Member("Jun", 177, 4500, 2, blocked=True),
    Member("Kaveh", 12, 1900, 1),
    Member("Lena", 3, 1700, 4, message="Frag mich gerne!"),
]
AWAY_AFTER, REMOVE_AFTER = 10, 30


def inactive_days(member: Member) -> int:
    return member.registered if member.last_edit is None else member.last_edit


#: what the rules decide for each mentor (the demo checks the wiki against it)
ACTIVE = {m.name for m in COMMUNITY if inactive_days(m) <= AWAY_AFTER}
TO_REMOVE = {m.name for m in COMMUNITY if inactive_days(m) > REMOVE_AFTER and not m.blocked}
TO_MARK_AWAY = {
    m.name
    for m in COMMUNITY
    if AWAY_AFTER < inactive_days(m) <= REMOVE_AFTER and not m.blocked and m.own_away is None
}
OWN_AWAY = {m.name for m in COMMUNITY if m.own_away is not None}
BLOCKED = {m.name for m in COMMUNITY if m.blocked}
NEWCOMERS = ["Tomas", "Uma", "Vera", "Wen", "Xavi", "Yara"]


def seed(wiki: LocalWiki, now: datetime) -> None:
    """The community: mentors with backdated activity, one away, one blocked, mentees, and
    the rules switched on."""
    wiki.create_users(
        {"name": m.name, "registered": now - timedelta(days=m.registered)}
        for m in COMMUNITY
        if m.own_away is None
    )
    growthwiki.create_mentor_users(  # these log in as themselves (a bot password each)
        wiki,
        [
            {"name": m.name, "registered": now - timedelta(days=m.registered)}
            for m in COMMUNITY
            if m.own_away is not None
        ],
    )
    wiki.create_bot_password(ADMIN, "demo", "basic,blockusers")
    wiki.import_edits(
        {
            "user": m.name,
            "title": f"Draft:{m.name}'s notes",
            "timestamp": now - timedelta(days=m.last_edit + extra),
            "text": f"{extra}",
        }
        for m in COMMUNITY
        if m.last_edit is not None
        for extra in (90, 30, 0)  # a little history; the newest is the one that counts
    )
    bot = growthwiki.Api(wiki, BOT)  # one login for all the bot's writes
    for m in COMMUNITY:
        growthwiki.add_mentor(
            wiki,
            m.name,
            message=m.message,
            weight=m.weight,
            summary="Sample mentor community",
            api=bot,
        )
    for m in COMMUNITY:
        if m.own_away is not None:
            growthwiki.set_own_away(wiki, m.name, now + timedelta(days=m.own_away), "On holiday")
        if m.blocked:
            growthwiki.Api(wiki, ADMIN).post(
                action="block", user=m.name, expiry="infinite", reason="Demo block"
            )
    for m in COMMUNITY:
        for mentee in m.mentees:
            growthwiki.create_newcomer(wiki, mentee)
            try:
                growthwiki.set_mentor(wiki, mentee, m.name, "Sample mentee", api=bot)
            except growthwiki.ApiError as error:  # the signup already drew this mentor
                if error.code != "growthexperiments-homepage-claimmentee-already-mentor":
                    raise
    bot.post(
        action="edit",
        title=CONFIG_PAGE,
        summary="Switch on: away after 10 days, removal after 30 days",
        text=json.dumps(CONFIG, indent="\t"),
    )


# --- what the wiki shows ----------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """A mentor's row on Special:ManageMentors."""

    name: str
    weight: int
    weight_label: str
    status: str  # "Active", "Away until 4 January 2027", "Blocked"…
    back: int  # the status cell's sort value: -1 active, else the back time (Unix seconds)


ROW = re.compile(
    r'<td data-sort-value="(?P<name>[^"]*)">.*?</td>\s*'
    r"<td[^>]*>[^<]*</td>\s*"  # last active
    r'<td data-sort-value="(?P<weight>-?\d+)">(?P<label>[^<]*)</td>\s*'
    r'<td data-sort-value="(?P<back>-?\d+)">(?P<status>[^<]*)</td>',
    re.DOTALL,
)


def manage_mentors(wiki: LocalWiki) -> dict[str, Row]:
    """Every mentor as Special:ManageMentors shows them (both tables: auto and manual)."""
    url = f"{wiki.index_url}?{urllib.parse.urlencode({'title': 'Special:ManageMentors'})}"
    with urllib.request.urlopen(url, timeout=60) as response:
        page = response.read().decode()
    rows = {}
    for match in ROW.finditer(page):
        name = html.unescape(match["name"])
        rows[name] = Row(
            name,
            int(match["weight"]),
            html.unescape(match["label"]),
            html.unescape(match["status"]),
            int(match["back"]),
        )
    return rows


def mentorships(wiki: LocalWiki) -> dict[str, dict[str, str]]:
    """``{mentee: {"primary": mentor, "backup": mentor}}`` from GrowthExperiments' table."""
    uri = f"file:{wiki.sqlite_path()}?mode=ro"
    with sqlite3.connect(uri, uri=True) as db:
        rows = db.execute(
            "SELECT mentee.user_name, gemm_mentor_role, mentor.user_name "
            "FROM growthexperiments_mentor_mentee "
            "JOIN user AS mentee ON mentee.user_id = gemm_mentee_id "
            "JOIN user AS mentor ON mentor.user_id = gemm_mentor_id"
        ).fetchall()
    found: dict[str, dict[str, str]] = {}
    for mentee, role, mentor in rows:
        found.setdefault(_text(mentee), {})[_text(role)] = _text(mentor)
    return found


def _text(value: str | bytes) -> str:
    return value.decode() if isinstance(value, bytes) else value


def show_list(wiki: LocalWiki) -> dict[str, Row]:
    """Print the mentor list as Special:ManageMentors shows it, with each mentor's mentees."""
    rows = manage_mentors(wiki)
    mentees: dict[str, list[str]] = {}
    for mentee, roles in sorted(mentorships(wiki).items()):
        if "primary" in roles:
            mentees.setdefault(roles["primary"], []).append(mentee)
    print(f"{'mentor':<7} {'weight':<30} {'status':<26} mentees (primary mentor of)")
    for row in rows.values():
        weight = f"{row.weight} {row.weight_label}"
        print(f"{row.name:<7} {weight:<30} {row.status:<26} {', '.join(mentees.get(row.name, []))}")
    gone = sorted(set(mentees) - set(rows))
    for name in gone:
        print(f"{name:<7} {'(not on the list)':<57} {', '.join(mentees[name])}")
    print(f"({len(rows)} mentors; the page: {wiki.index_url}?title=Special:ManageMentors)")
    return rows


def now_utc() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)
