"""What the web app's pages use, built once by :func:`~mentorwatch.web.app.create_app`.

The pages reach the wiki, the journal, the dashboard cache, the signed-in users and the
journaled writes through one typed object, :class:`WebServices`, kept on the Flask app
(``app.extensions["mentorwatch"]``) and returned by :func:`services` during a request.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cached_property

from flask import Flask, current_app

from mentorwatch.service.web_writes import JournaledWrites
from mentorwatch.settings import Settings
from mentorwatch.store.journal import Journal
from mentorwatch.web.auth import SessionStore
from mentorwatch.web.cache import DashboardCache
from mentorwatch.wiki.api import MediaWikiClient
from mentorwatch.wiki.mentorlist import MentorListBackend
from mentorwatch.wiki.sign_in import OAuthConsumer
from mentorwatch.wiring import WikiConnection, open_wiki

Clock = Callable[[], datetime]

#: the key of :class:`WebServices` in ``app.extensions``
EXTENSION = "mentorwatch"
#: how old the dashboard's snapshot may get before it is refreshed in the background
DEFAULT_CACHE_TTL = timedelta(minutes=15)


def new_secret() -> str:
    """A random secret (sessions signed with it end with the process)."""
    return secrets.token_hex(32)


@dataclass(frozen=True)
class WebConfig:
    """One wiki's app, complete when made (``web_config_from_env`` reads the environment)."""

    api_url: str
    settings: Settings
    backend: str = "auto"
    secret_key: str = field(default_factory=new_secret, repr=False)
    session_lifetime: timedelta = timedelta(hours=8)
    cache_ttl: timedelta = DEFAULT_CACHE_TTL
    oauth: OAuthConsumer | None = None
    clock: Clock = field(default=lambda: datetime.now(UTC))
    #: the app's address as browsers see it (``https://mentorwatch.example``): the OAuth
    #: callback is built from it, never from the request's Host header, and an ``https`` one
    #: makes the session cookie ``Secure``
    public_url: str | None = None
    #: proxies in front of the app whose ``X-Forwarded-*`` headers are trusted (0: none)
    trusted_proxies: int = 0

    @property
    def secure_cookies(self) -> bool:
        return (self.public_url or "").lower().startswith("https://")


class Wiki:
    """The app's view of the wiki: a reader for snapshots, and backends for signed-in users."""

    def __init__(self, config: WebConfig) -> None:
        self.config = config
        self.index_url = config.api_url.rsplit("/", 1)[0] + "/index.php"

    @cached_property
    def connection(self) -> WikiConnection:
        """Reads for the dashboard: the operator's account if configured, else anonymous."""
        return open_wiki(
            self.config.api_url,
            self.config.settings,
            backend=self.config.backend,
            require_login=False,
            interactive=True,  # a person is waiting: no maxlag (docs/operations.md)
        )

    @property
    def key(self) -> str:
        """The wiki as it names itself (``client.wiki_key``, from siteinfo): the journal's key
        for it, shared with the command line's runs however either spells the address. Read
        on first use (connecting), never while the app is built."""
        return self.connection.client.wiki_key

    def backend(self, client: MediaWikiClient) -> MentorListBackend:
        """The wiki's mentor list backend, acting as ``client`` (a signed-in user)."""
        return self.connection.backend_for(client)

    def operator_backend(self) -> MentorListBackend:
        """The backend as mentorwatch's own account (the operator's credentials)."""
        return self.connection.backend


@dataclass(frozen=True)
class WebServices:
    config: WebConfig
    wiki: Wiki
    journal: Journal
    cache: DashboardCache
    users: SessionStore
    writes: JournaledWrites
    clock: Clock

    @property
    def api_url(self) -> str:
        """The address as configured: for display and links, never the journal's key."""
        return self.config.api_url

    @property
    def wiki_key(self) -> str:
        """The journal's key for this wiki (see :attr:`Wiki.key`)."""
        return self.wiki.key


def services_of(app: Flask) -> WebServices:
    found = app.extensions[EXTENSION]
    if not isinstance(found, WebServices):
        raise TypeError(f"app.extensions[{EXTENSION!r}] is not WebServices: {found!r}")
    return found


def services() -> WebServices:
    """The services of the app handling the current request."""
    return services_of(current_app)
