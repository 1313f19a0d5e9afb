"""Opening a wiki: check it is a MediaWiki, authenticate, pick the mentor list backend.

Knows nothing of the operator's settings file: the caller (``mentorwatch.wiring``) hands in
the credentials and the page titles.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit, urlunsplit

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
    general = client.get(action="query", meta="siteinfo").get("query", {}).get("general", {})
    generator = str(general.get("generator", ""))
    if not generator.startswith("MediaWiki"):
        raise NotAMediaWiki(f"{api_url} answered JSON but is not a MediaWiki api.php")
    client.wiki_key = wiki_key(api_url, general)
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


def wiki_key(api_url: str, general: Mapping[str, Any]) -> str:
    """The wiki as it names itself (``$wgServer`` + ``$wgScriptPath`` + ``/api.php`` from
    ``meta=siteinfo``), so that two spellings of one wiki's address (``HTTP://LOCALHOST:80/``,
    ``http://127.0.0.1/``) share one lock and one memory. A protocol-relative server takes the
    scheme the operator used; without siteinfo the address given, lowercased, is the key."""
    given = urlsplit(api_url)
    server = str(general.get("server") or "")
    if server.startswith("//"):
        server = f"{given.scheme.lower()}:{server}"
    if not server:
        return urlunsplit(given._replace(scheme=given.scheme.lower(), netloc=given.netloc.lower()))
    script_path = str(general.get("scriptpath") or "")
    return f"{server.rstrip('/')}{script_path}/api.php"


def choose_backend(client: MediaWikiClient, choice: str, pages: Pages) -> MentorListBackend:
    """``growth`` where GrowthExperiments' API exists (for ``auto``), else ``jsonpage``."""
    growth = GrowthBackend(client, pages.mentor_list, pages.config)
    growth.rules_page = pages.rules
    if choice == "growth":
        growth.capabilities()  # fails clearly when the wiki has no GrowthExperiments
        return growth
    if choice == "auto" and "growthmanagementorlist" in growth.modules():
        return growth
    backend = JsonPageBackend(client, pages.mentor_list, pages.config)
    backend.rules_page = pages.rules
    return backend


def backend_named(name: str, client: MediaWikiClient, pages: Pages) -> MentorListBackend:
    """The backend ``name`` (as chosen once by :func:`choose_backend`) for another client."""
    kind = GrowthBackend if name == GrowthBackend.name else JsonPageBackend
    backend = kind(client, pages.mentor_list, pages.config)
    backend.rules_page = pages.rules
    return backend
