"""A real MediaWiki on 127.0.0.1 for the whole test session, and per-test communities in it.

Each test gets its own mentor list and configuration pages and its own users (names prefixed
per test), so tests share one wiki without seeing each other.
"""

from __future__ import annotations

import itertools
import json
import secrets
import shutil
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import localwiki  # noqa: E402

from mentorwatch.domain.config import legacy_keys_present  # noqa: E402
from mentorwatch.domain.mentors import Mentor, encode_mentor_list  # noqa: E402
from mentorwatch.wiki.api import MediaWikiClient  # noqa: E402
from mentorwatch.wiki.pages import dump_json_page, read_pages  # noqa: E402
from mentorwatch.wiki.rules_page import protect_rules_page, write_rules_page  # noqa: E402

# GrowthExperiments wikis (ge139, ge143, ge143cc), built only for the tests that ask for them
from .growth_rigs import ge139, ge143, ge143cc, pytest_terminal_summary  # noqa: E402, F401

OTHER_ADMIN = "OtherAdmin"
_counter = itertools.count(1)


@pytest.fixture(scope="session")
def wiki(tmp_path_factory: pytest.TempPathFactory) -> Iterator[localwiki.LocalWiki]:
    if shutil.which("php") is None or not (localwiki.MW_ROOT / "maintenance").exists():
        pytest.fail(
            "MediaWiki is not installed: run scripts/install-mediawiki.sh "
            "(scripts/test does it for you)"
        )
    local = localwiki.create(tmp_path_factory.mktemp("wiki"))
    try:
        add_other_admin(local)
        yield local
    finally:
        local.stop()


def add_other_admin(wiki: localwiki.LocalWiki) -> None:
    """An administrator other than mentorwatch's account (``OTHER_ADMIN``), with a bot
    password, once per wiki."""
    if OTHER_ADMIN in wiki.credentials():
        return
    wiki.create_users([{"name": OTHER_ADMIN, "groups": ["sysop", "interface-admin"]}])
    wiki.create_bot_password(
        OTHER_ADMIN,
        "tests",
        "basic,editpage,createeditmovepage,editinterface,editsiteconfig,protect",
    )


def extra_bot_password(wiki: localwiki.LocalWiki, user: str, grants: str) -> tuple[str, str]:
    """Another bot password of ``user`` with only ``grants``, kept out of the wiki's stored
    credentials (which every other test signs in with)."""
    app = f"extra{next(_counter)}"
    password = secrets.token_hex(16)
    wiki.php("createBotPassword.php", "--appid", app, "--grants", grants, user, password)
    return f"{user}@{app}", password


def login(wiki: localwiki.LocalWiki, user: str = localwiki.BOT, **kwargs: Any) -> MediaWikiClient:
    client = MediaWikiClient(wiki.api_url, sleep=lambda _s: None, **kwargs)
    client.login(*wiki.bot_credentials(user))
    return client


@dataclass
class Member:
    name: str
    last_edit_days_ago: float | None
    registered_days_ago: float = 800
    weight: int = 2
    away_until: datetime | None = None
    blocked: bool = False
    message: str | None = None
    user_id: int = 0


@dataclass
class Community:
    """A mentor community inside the session's wiki: its own pages and users."""

    wiki: localwiki.LocalWiki
    prefix: str
    now: datetime
    config: dict[str, Any]
    members: dict[str, Member] = field(default_factory=dict)

    #: a list page in the Project namespace, which mentors can edit themselves (web tests)
    list_in_project: bool = False

    @property
    def list_page(self) -> str:
        if self.list_in_project:
            return f"Project:{self.prefix}Mentors.json"
        return f"MediaWiki:{self.prefix}GrowthMentors.json"

    @property
    def config_page(self) -> str:
        return f"MediaWiki:{self.prefix}Mentorship.json"

    @property
    def rules_page(self) -> str:
        """mentorwatch's rules page for this community (the tests share one wiki)."""
        return f"Project:{self.prefix}Rules.json"

    def mentor(self, short: str, last_edit_days_ago: float | None, **options: Any) -> Community:
        name = f"{self.prefix}{short}"
        self.members[short] = Member(name, last_edit_days_ago, **options)
        return self

    def name(self, short: str) -> str:
        return self.members[short].name

    def id(self, short: str) -> int:
        return self.members[short].user_id

    def publish(self) -> Community:
        """Create users and backdated edits, then the list and configuration pages."""
        ids = self.wiki.create_users(
            {"name": m.name, "registered": self.now - timedelta(days=m.registered_days_ago)}
            for m in self.members.values()
        )
        for member in self.members.values():
            member.user_id = ids[member.name]
        self.wiki.import_edits(
            {
                "user": m.name,
                "title": f"{m.name} sandbox",
                "timestamp": self.now - timedelta(days=m.last_edit_days_ago),
                "text": f"edit by {m.name}",
            }
            for m in self.members.values()
            if m.last_edit_days_ago is not None
        )
        bot = login(self.wiki)
        for member in self.members.values():
            if member.blocked:
                bot.post_with_token(
                    action="block", user=member.name, reason="test", expiry="infinite"
                )
        mentors = [
            Mentor(m.user_id, m.name, m.message, m.weight, m.away_until)
            for m in self.members.values()
        ]
        self.write(self.list_page, encode_mentor_list(mentors), "Set up the mentor list", bot)
        self.write(self.config_page, self.config, "Set up the community configuration", bot)
        return self

    def publish_rules(self, document: Any, *, protect: bool = True) -> int:
        """Create the community's rules page as JSON (as the bot, an administrator), protected
        (edit and move: administrators only) unless told not to; returns its revision."""
        bot = login(self.wiki)
        if isinstance(document, dict):  # the minimum pool at 0 (SMALL_WORLD), unless given
            document = {**SMALL_WORLD_RULES, **document}
        revision = write_rules_page(
            bot, self.rules_page, document, "Set up the rules", base_revid=None
        )
        if protect:
            protect_rules_page(bot, self.rules_page, "test: only administrators set the rules")
        return revision

    def write(self, title: str, document: Any, summary: str, client: MediaWikiClient) -> None:
        client.post_with_token(
            action="edit", title=title, text=dump_json_page(document), summary=summary
        )

    def read(self, title: str | None = None) -> Any:
        """The page's current JSON, through mentorwatch's own page reader."""
        page = title or self.list_page
        current = read_pages(MediaWikiClient(self.wiki.api_url), [page])[page]
        assert current is not None, f"{page} does not exist"
        return json.loads(current["content"])

    def read_wikitext(self, title: str) -> str:
        current = read_pages(MediaWikiClient(self.wiki.api_url), [title])[title]
        assert current is not None, f"{title} does not exist"
        return str(current["content"])

    def history(self, title: str | None = None) -> list[dict[str, Any]]:
        result = MediaWikiClient(self.wiki.api_url).get(
            action="query",
            prop="revisions",
            titles=title or self.list_page,
            rvprop="ids|user|comment|timestamp",
            rvlimit="max",
        )
        return list(result["query"]["pages"][0].get("revisions", []))  # none: no such page


BOTH_ON = {
    "GEMentorshipShouldBeAutoawayed": True,
    "GEMentorshipAutoawayedAfterDays": 10,
    "GEMentorshipShouldBeAutoremoved": True,
    "GEMentorshipAutoremovedAfterDays": 30,
}


#: the tests' small lists (3 mentors, one acted on) would trip the minimum pool (issue 25, at
#: least 3 mentors taking newcomers), which is not their subject: their communities set it to 0
#: unless a test says otherwise (tests/unit/test_pool.py, test_questions_live.py test it). Only
#: on a legacy page that holds rules already: a page holding none of mentorwatch's settings
#: means "no legacy rules" (the minimum alone would make it the rules' source), and such a
#: community's rules come from its rules page (:meth:`Community.publish_rules` sets it there)
SMALL_WORLD = {"MentorwatchMinimumMentorsTakingNewcomers": 0}
SMALL_WORLD_RULES = {"MinimumMentorsTakingNewcomers": 0}


def community_in(wiki: localwiki.LocalWiki, config: dict[str, Any] | None = None) -> Community:
    """A new community in ``wiki`` (the session's plain wiki, or a GrowthExperiments rig)."""
    now = datetime.now(UTC).replace(microsecond=0)
    given = BOTH_ON if config is None else config
    small = SMALL_WORLD if legacy_keys_present(given) else {}
    return Community(wiki, f"T{next(_counter)}", now, {**small, **given})


@pytest.fixture
def community(wiki: localwiki.LocalWiki) -> Callable[..., Community]:
    return lambda config=None: community_in(wiki, config)


def free_port_url() -> str:
    """An api.php URL on a loopback port nobody listens on."""
    return f"http://127.0.0.1:{localwiki.free_port()}/api.php"
