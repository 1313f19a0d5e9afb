"""Helpers for the end-to-end tests on the real GrowthExperiments rigs
(test_growth_end_to_end.py): seeding a cast of mentors, running the command line, and reading
what the wiki really holds (API, and the wiki's own database for what no API returns: another
user's away preference, a newcomer's backup mentor).
"""

from __future__ import annotations

import itertools
import json
import secrets
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import growthwiki
from click.testing import CliRunner, Result

from mentorwatch.cli import main

from .growth_rigs import localwiki

LIST_PAGE = "MediaWiki:GrowthMentors.json"
CONFIG_PAGE = "MediaWiki:GrowthExperimentsMentorship.json"
AWAY_PREFERENCE = "growthexperiments-mentor-away-timestamp"
RULES = {
    "GEMentorshipShouldBeAutoawayed": True,
    "GEMentorshipAutoawayedAfterDays": 10,
    "GEMentorshipShouldBeAutoremoved": True,
    "GEMentorshipAutoremovedAfterDays": 30,
    # the casts' small lists would trip the minimum pool (issue 25), not these tests' subject
    "MentorwatchMinimumMentorsTakingNewcomers": 0,
}
_serial = itertools.count(1)
_configured: set[str] = set()


def second(moment: datetime) -> datetime:
    return moment.replace(microsecond=0)


def now() -> datetime:
    return second(datetime.now(UTC))


# --- configuration ----------------------------------------------------------------------------


def configure(wiki: localwiki.LocalWiki) -> None:
    """The rules on (away after 10 days, removal after 30), once per rig. Imported with
    importDump: CommunityConfiguration refuses to save keys its schema does not know, but
    returns them once the page holds them."""
    if str(wiki.directory) in _configured:
        return
    api = growthwiki.Api(wiki)
    current: dict[str, Any] = {}
    if wiki.flavour.community_configuration:
        current = api.get(action="query", meta="communityconfiguration", ccrprovider="Mentorship")[
            "communityconfiguration"
        ]["data"]
    else:
        page = api.get(
            action="query", prop="revisions", titles=CONFIG_PAGE, rvprop="content", rvslots="main"
        )["query"]["pages"][0]
        if not page.get("missing"):
            current = json.loads(page["revisions"][0]["slots"]["main"]["content"])
    import_json_page(wiki, CONFIG_PAGE, {**current, **RULES})
    _configured.add(str(wiki.directory))


def write_rules(wiki: localwiki.LocalWiki, title: str, document: dict[str, Any]) -> None:
    """A mentorwatch rules page, written by the bot with the JSON content model and protected
    as mentorwatch trusts it (edit and move: administrators only, no expiry)."""
    bot = growthwiki.Api(wiki, localwiki.BOT)
    document = {"MinimumMentorsTakingNewcomers": 0, **document}  # as RULES: a small cast
    bot.post(
        action="edit",
        title=title,
        text=json.dumps(document),
        contentmodel="json",
        summary="e2e: mentorwatch's rules",
    )
    bot.post(
        action="protect",
        title=title,
        protections="edit=sysop|move=sysop",
        expiry="infinite|infinite",
        reason="e2e: only administrators change the rules",
    )


def bot_password(wiki: localwiki.LocalWiki, app: str, grants: str) -> tuple[str, str]:
    """Another bot password of the bot, with only ``grants`` (not stored in the wiki's
    credentials.json, whose bot password the other tests use)."""
    password = secrets.token_hex(16)
    wiki.php("createBotPassword.php", "--appid", app, "--grants", grants, localwiki.BOT, password)
    return f"{localwiki.BOT}@{app}", password


def import_json_page(wiki: localwiki.LocalWiki, title: str, document: dict[str, Any]) -> None:
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    xml = (
        '<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/" version="0.11">'
        f"<page><title>{escape(title)}</title><ns>8</ns><revision><timestamp>{stamp}</timestamp>"
        f"<contributor><username>{localwiki.ADMIN}</username></contributor>"
        "<comment>e2e: rules on</comment><model>json</model><format>application/json</format>"
        f'<text xml:space="preserve">{escape(json.dumps(document))}</text>'
        "</revision></page></mediawiki>"
    )
    dump = wiki.directory / f"e2e-config-{next(_serial)}.xml"
    dump.write_text(xml, encoding="utf-8")
    try:
        wiki.php("importDump.php", "--no-updates", str(dump))
    finally:
        dump.unlink()


# --- a cast of mentors -------------------------------------------------------------------------


@dataclass
class Cast:
    """Mentors of one test (names with a prefix of their own) on a shared rig."""

    wiki: localwiki.LocalWiki
    prefix: str
    names: dict[str, str] = field(default_factory=dict)
    ids: dict[str, int] = field(default_factory=dict)
    blocked: list[str] = field(default_factory=list)

    def __getitem__(self, short: str) -> str:
        return self.names[short]

    def seed(self, mentors: dict[str, dict[str, Any]]) -> Cast:
        """``{short: {"last_edit": days ago, "weight": n, "message": str, "away": days,
        "blocked": bool, "login": bool}}``: users registered 800 days ago, a backdated edit, on
        the list. Those away or with ``login`` get a bot password to act as themselves."""
        at = now()
        self.names.update({short: f"{self.prefix}{short}" for short in mentors})
        spec = [
            {"name": self.names[short], "registered": at - timedelta(days=800)} for short in mentors
        ]
        self.ids.update(self.wiki.create_users(spec))
        for short, options in mentors.items():
            if options.get("login") or "away" in options:
                self.wiki.create_bot_password(
                    self.names[short], growthwiki.MENTOR_APP, growthwiki.MENTOR_GRANTS
                )
        self.wiki.import_edits(
            {
                "user": self.names[short],
                "title": f"{self.names[short]} sandbox",
                "timestamp": at - timedelta(days=options["last_edit"]),
                "text": "an edit",
            }
            for short, options in mentors.items()
        )
        for short, options in mentors.items():
            growthwiki.add_mentor(
                self.wiki,
                self.names[short],
                message=options.get("message"),
                weight=options.get("weight", 2),
            )
            if "away" in options:
                growthwiki.set_own_away(
                    self.wiki, self.names[short], at + timedelta(days=options["away"])
                )
            if options.get("blocked"):
                self.block(self.names[short])
        return self

    def block(self, name: str) -> None:
        bot = growthwiki.Api(self.wiki, localwiki.BOT)
        bot.post(action="block", user=name, expiry="infinite", reason="e2e: blocked mentor")
        self.blocked.append(name)

    def mentees_for(self, short: str, count: int) -> list[str]:
        """``count`` newcomers signed up, then given ``short`` as their mentor."""
        names = [f"{self.prefix}Mentee{short}{index}" for index in range(count)]
        for name in names:
            growthwiki.create_newcomer(self.wiki, name)
            if growthwiki.mentor_of(self.wiki, name, [self.names[short]]) is None:
                growthwiki.set_mentor(self.wiki, name, self.names[short])  # not drawn at signup
        return names

    def clean_up(self) -> None:
        """Off the shared list, unblocked: other tests of the session must not meet them."""
        bot = growthwiki.Api(self.wiki, localwiki.BOT)
        for name in self.blocked:
            bot.post(action="unblock", user=name, reason="e2e: done")
        listed = growthwiki.mentor_list(self.wiki)
        for name in self.names.values():
            if name in listed:
                bot.post(
                    action="growthmanagementorlist",
                    geaction="remove",
                    username=name,
                    summary="e2e: clean up",
                )


def cast(wiki: localwiki.LocalWiki, label: str) -> Cast:
    configure(wiki)
    return Cast(wiki, f"E2e{label}{next(_serial)}")


@contextmanager
def seeded(wiki: localwiki.LocalWiki, label: str) -> Iterator[Cast]:
    mentors = cast(wiki, label)
    try:
        yield mentors
    finally:
        mentors.clean_up()


# --- the command line --------------------------------------------------------------------------


def operator_env(
    wiki: localwiki.LocalWiki,
    tmp_path: Path,
    *,
    rules_page: str | None = None,
    credentials: tuple[str, str] | None = None,
) -> dict[str, str]:
    """The operator's environment: the bot's credentials (or ``credentials``), a settings file
    with the journal and (``rules_page``) a rules page of the test's own, so that rules a test
    writes do not reach the other tests of the shared rig."""
    username, password = credentials or wiki.bot_credentials()
    settings = tmp_path / "settings.toml"
    text = f'database = "sqlite:///{tmp_path / "journal.db"}"\n'
    if rules_page is not None:
        text += f"rules_page = {json.dumps(rules_page)}\n"
    settings.write_text(text)
    return {
        "MENTORWATCH_USERNAME": username,
        "MENTORWATCH_PASSWORD": password,
        "MENTORWATCH_SETTINGS": str(settings),
        "MENTORWATCH_DATABASE": f"sqlite:///{tmp_path / 'journal.db'}",
    }


def cli(args: list[str], env: dict[str, str]) -> Result:
    return CliRunner().invoke(main, args, env=env)


# --- what the wiki holds -----------------------------------------------------------------------


@contextmanager
def database(wiki: localwiki.LocalWiki) -> Iterator[sqlite3.Connection]:
    uri = f"file:{wiki.sqlite_path()}?mode=ro"
    with closing(sqlite3.connect(uri, uri=True, timeout=30)) as connection:
        yield connection


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def away_preferences(wiki: localwiki.LocalWiki, names: Iterable[str]) -> dict[str, str | None]:
    """Each user's away preference as GrowthExperiments stored it (None: never set or cleared).
    No API returns another user's preference; the wiki's database does."""
    wanted = list(names)
    with database(wiki) as db:
        rows = db.execute(
            "SELECT CAST(user_name AS TEXT), up_value FROM user "
            "JOIN user_properties ON up_user = user_id WHERE up_property = ?",
            (AWAY_PREFERENCE,),
        ).fetchall()
    found = {_text(name): (None if value is None else _text(value)) for name, value in rows}
    return {name: found.get(name) or None for name in wanted}


def away_until(wiki: localwiki.LocalWiki, name: str) -> datetime | None:
    value = away_preferences(wiki, [name])[name]
    if value is None:
        return None
    moment = datetime.strptime(value, "%Y%m%d%H%M%S").replace(tzinfo=UTC)
    return moment if moment > datetime.now(UTC) else None


def mentors_of(wiki: localwiki.LocalWiki, mentees: Iterable[str]) -> dict[str, dict[str, str]]:
    """Each mentee's mentors by role (``primary``, ``backup``), from GrowthExperiments' table."""
    wanted = list(mentees)
    with database(wiki) as db:
        rows = db.execute(
            "SELECT CAST(mentee.user_name AS TEXT), CAST(gemm_mentor_role AS TEXT), "
            "CAST(mentor.user_name AS TEXT) FROM growthexperiments_mentor_mentee "
            "JOIN user AS mentee ON mentee.user_id = gemm_mentee_id "
            "JOIN user AS mentor ON mentor.user_id = gemm_mentor_id"
        ).fetchall()
    roles: dict[str, dict[str, str]] = {name: {} for name in wanted}
    for mentee, role, mentor in rows:
        if mentee in roles:
            roles[mentee][role] = mentor
    return roles


def effective_mentor(wiki: localwiki.LocalWiki, roles: dict[str, str]) -> str:
    """GrowthExperiments' effective mentor: the primary, unless the primary is away (then the
    backup)."""
    primary = roles["primary"]
    if away_until(wiki, primary) is not None and "backup" in roles:
        return roles["backup"]
    return primary


def blocked_users(wiki: localwiki.LocalWiki, names: Iterable[str]) -> set[str]:
    wanted = list(names)
    users = growthwiki.Api(wiki).get(
        action="query", list="users", ususers="|".join(wanted), usprop="blockinfo"
    )["query"]["users"]
    return {user["name"] for user in users if "blockid" in user}


def list_history(wiki: localwiki.LocalWiki) -> list[dict[str, Any]]:
    result = growthwiki.Api(wiki).get(
        action="query",
        prop="revisions",
        titles=LIST_PAGE,
        rvprop="ids|user|comment",
        rvlimit="max",
    )
    return list(result["query"]["pages"][0].get("revisions", []))


def setmentor_log(wiki: localwiki.LocalWiki) -> list[dict[str, Any]]:
    """``list=logevents letype=growthexperiments``: every mentee move (newest first)."""
    result = growthwiki.Api(wiki).get(
        action="query", list="logevents", letype="growthexperiments", lelimit="max"
    )
    return [e for e in result["query"]["logevents"] if e["action"] == "setmentor"]


def comparable(entry: dict[str, Any]) -> dict[str, Any]:
    """A list entry without its id: message, weight (and automaticallyAssigned on REL1_39)."""
    return {key: value for key, value in entry.items() if key not in ("id", "username")}
