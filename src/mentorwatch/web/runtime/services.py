"""What the web app's pages use, built once by :func:`~mentorwatch.web.runtime.app.create_app`.

The pages reach the wiki, the journal, the dashboard cache, the signed-in users and the
journaled writes through one typed object, :class:`WebServices`, kept on the Flask app
(``app.extensions["mentorwatch"]``) and returned by :func:`services` during a request.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from flask import Flask, current_app

from mentorwatch.service.web_writes import JournaledWrites
from mentorwatch.store.journal import Journal
from mentorwatch.web.runtime.dashboard_cache import DashboardCache
from mentorwatch.web.runtime.sessions import SessionStore
from mentorwatch.web.runtime.sign_in_limits import SignInLimits
from mentorwatch.web.runtime.web_config import Clock, WebConfig
from mentorwatch.wiki.api import MediaWikiClient
from mentorwatch.wiki.mentorlist import MentorListBackend
from mentorwatch.wiring import WikiConnection, open_wiki

#: the key of :class:`WebServices` in ``app.extensions``
EXTENSION = "mentorwatch"


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
    sign_in_limits: SignInLimits

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
