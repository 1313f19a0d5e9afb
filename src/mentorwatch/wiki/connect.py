"""Opening a wiki: check it is a MediaWiki, authenticate, pick the mentor list backend."""

from __future__ import annotations

import time
from collections.abc import Callable

from mentorwatch.settings import Settings
from mentorwatch.wiki.api import MediaWikiClient
from mentorwatch.wiki.errors import NotAMediaWiki
from mentorwatch.wiki.growth import GrowthBackend
from mentorwatch.wiki.mentorlist import JsonPageBackend, MentorListBackend

BACKENDS = ("auto", "growth", "jsonpage")


def connect(
    api_url: str,
    settings: Settings,
    *,
    require_login: bool,
    sleep: Callable[[float], None] | None = None,
) -> MediaWikiClient:
    """A client for ``api_url``, verified to be a MediaWiki and logged in if credentials exist."""
    client = MediaWikiClient(api_url, contact=settings.contact, sleep=sleep or time.sleep)
    general = client.get(action="query", meta="siteinfo").get("query", {}).get("general", {})
    generator = str(general.get("generator", ""))
    if not generator.startswith("MediaWiki"):
        raise NotAMediaWiki(f"{api_url} answered JSON but is not a MediaWiki api.php")
    if settings.oauth_token:
        client.use_oauth_token(settings.oauth_token)
    elif settings.username and settings.password:
        client.login(settings.username, settings.password)
    elif require_login:
        raise NotLoggedIn(
            "no credentials: set MENTORWATCH_USERNAME and MENTORWATCH_PASSWORD (a bot password), "
            "or MENTORWATCH_OAUTH_TOKEN, or give them in a settings file (--settings)"
        )
    return client


class NotLoggedIn(Exception):
    pass


def choose_backend(client: MediaWikiClient, choice: str, settings: Settings) -> MentorListBackend:
    """``growth`` where GrowthExperiments' API exists (for ``auto``), else ``jsonpage``."""
    growth = GrowthBackend(client, settings.list_page, settings.config_page)
    if choice == "growth":
        growth.capabilities()  # fails clearly when the wiki has no GrowthExperiments
        return growth
    if choice == "auto" and "growthmanagementorlist" in growth.modules():
        return growth
    return JsonPageBackend(client, settings.list_page, settings.config_page)
