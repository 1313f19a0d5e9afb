"""Opening a wiki: check it is a MediaWiki, authenticate, pick the mentor list backend.

Knows nothing of the operator's settings file: the caller (``mentorwatch.wiring``) hands in
the credentials and the page titles.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from mentorwatch.wiki.api import MediaWikiClient
from mentorwatch.wiki.errors import NotAMediaWiki, NotLoggedIn
from mentorwatch.wiki.etiquette import Etiquette, monotonic
from mentorwatch.wiki.growth import GrowthBackend
from mentorwatch.wiki.jsonpage import JsonPageBackend
from mentorwatch.wiki.mentorlist import (
    CONFIG_PAGE,
    MENTOR_LIST_PAGE,
    RULES_PAGE,
    MentorListBackend,
)

BACKENDS = ("auto", "growth", "jsonpage")


@dataclass(frozen=True)
class Credentials:
    """A bot password (``username``/``password``) or an OAuth 2 owner-only token."""

    username: str | None = None
    password: str | None = field(default=None, repr=False)
    oauth_token: str | None = field(default=None, repr=False)


@dataclass(frozen=True)
class Pages:
    """Where the wiki keeps the mentor list and the community configuration."""

    mentor_list: str = MENTOR_LIST_PAGE
    config: str = CONFIG_PAGE
    #: mentorwatch's own rules page (wiki/rules_page.py)
    rules: str = RULES_PAGE


def connect(
    api_url: str,
    credentials: Credentials,
    *,
    contact: str | None,
    require_login: bool,
    sleep: Callable[[float], None] | None = None,
    etiquette: Etiquette | None = None,
    clock: Callable[[], float] | None = None,
) -> MediaWikiClient:
    """A client for ``api_url``, verified to be a MediaWiki and logged in if credentials exist
    (with ``assert=bot`` from then on when the account is a bot and the etiquette says so)."""
    client = MediaWikiClient(
        api_url,
        contact=contact,
        sleep=sleep or time.sleep,
        etiquette=etiquette,
        clock=clock or monotonic,
    )
    generator = str(client.site_info().get("generator", ""))
    if not generator.startswith("MediaWiki"):
        raise NotAMediaWiki(f"{api_url} answered JSON but is not a MediaWiki api.php")
    if credentials.oauth_token:
        client.use_oauth_token(credentials.oauth_token)
    elif credentials.username and credentials.password:
        client.login(credentials.username, credentials.password)
    elif require_login:
        raise NotLoggedIn(
            "no credentials: set MENTORWATCH_USERNAME and MENTORWATCH_PASSWORD (a bot password), "
            "or MENTORWATCH_OAUTH_TOKEN, or give them in a settings file (--settings)"
        )
    client.assert_bot_if_flagged()
    return client


def choose_backend(client: MediaWikiClient, choice: str, pages: Pages) -> MentorListBackend:
    """``growth`` where GrowthExperiments' API exists (for ``auto``), else ``jsonpage``."""
    growth = GrowthBackend(client, pages.mentor_list, pages.config, rules_page=pages.rules)
    if choice == "growth":
        growth.capabilities()  # fails clearly when the wiki has no GrowthExperiments
        return growth
    if choice == "auto" and growth.features.has_manage_module:
        return growth
    return JsonPageBackend(client, pages.mentor_list, pages.config, rules_page=pages.rules)


def backend_named(name: str, client: MediaWikiClient, pages: Pages) -> MentorListBackend:
    """The backend ``name`` (as chosen once by :func:`choose_backend`) for another client."""
    kind = GrowthBackend if name == GrowthBackend.name else JsonPageBackend
    return kind(client, pages.mentor_list, pages.config, rules_page=pages.rules)
