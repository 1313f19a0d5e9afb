"""The one-wiki Flask app (server-rendered, works without JavaScript): :func:`create_app`.

Pages: the Mentor Status Dashboard (everyone signed in), the community configuration
(administrators), the mentor's own away settings (mentors), runs from the journal, CSV/JSON
exports. Page views read the cached snapshot
(:class:`~mentorwatch.web.runtime.dashboard_cache.DashboardCache`); only saving a form or
asking for a refresh talks to the wiki.

This module only wires: it builds the
:class:`~mentorwatch.web.runtime.services.WebServices` around the journal it is given (opened
by ``wiring.open_journal``), installs the app-wide request handling
(:mod:`mentorwatch.web.runtime.security`, :mod:`mentorwatch.web.runtime.compression`) and
registers one blueprint per area (:mod:`mentorwatch.web.pages`). Templates and static files
are the package's (``web/templates``, ``web/static``).
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from mentorwatch.service.preflight import rules_admin
from mentorwatch.service.web_writes import JournaledWrites
from mentorwatch.store.journal import Journal
from mentorwatch.web.pages import BLUEPRINTS
from mentorwatch.web.runtime import compression, reader_language, security
from mentorwatch.web.runtime.dashboard_cache import DashboardCache
from mentorwatch.web.runtime.dashboard_refresh import load_state, update_state
from mentorwatch.web.runtime.sealed_sessions import SharedSessions
from mentorwatch.web.runtime.services import EXTENSION, WebServices, Wiki
from mentorwatch.web.runtime.sessions import SessionStore
from mentorwatch.web.runtime.sign_in_limits import SignInLimits
from mentorwatch.web.runtime.web_config import WebConfig
from mentorwatch.web.views.dashboard_state import DashboardState

#: the web package's folder, where ``templates/`` and ``static/`` are
WEB_ROOT = str(Path(__file__).resolve().parent.parent)


def create_app(config: WebConfig, journal: Journal, *, wiki: Wiki | None = None) -> Flask:
    """The app for ``config`` and ``journal``; ``wiki`` (for tests) defaults to the wiki at
    ``config.api_url``."""
    app = Flask(__name__, root_path=WEB_ROOT)
    app.config.update(
        SECRET_KEY=config.secret_key,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=config.secure_cookies,
        PREFERRED_URL_SCHEME="https" if config.secure_cookies else "http",
        PERMANENT_SESSION_LIFETIME=config.session_lifetime,
    )
    if config.trusted_proxies:
        hops = config.trusted_proxies
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops, x_prefix=hops
        )
    services = build_services(config, journal, wiki)
    app.extensions[EXTENSION] = services
    security.install(app)
    reader_language.install(app, reader_language.WikiLanguages())
    compression.install(app)
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
    return app


def build_services(config: WebConfig, journal: Journal, wiki: Wiki | None = None) -> WebServices:
    wiki = wiki or Wiki(config)
    clock = config.clock

    def update(state: DashboardState) -> DashboardState | None:
        connection = wiki.connection
        mentees = connection.backend.capabilities().has_mentees
        return update_state(state, connection.client, journal, clock, counts_mentees=mentees)

    cache = DashboardCache(
        lambda: load_state(wiki.connection, journal, clock), clock, config.cache_ttl, update
    )
    return WebServices(
        config=config,
        wiki=wiki,
        journal=journal,
        cache=cache,
        users=SessionStore(
            clock,
            config.session_lifetime,
            SharedSessions(journal.web_sessions, config.secret_key, config.settings.contact),
            lambda client, account: rules_admin(client, account.groups, config.settings.rules_page),
        ),
        writes=JournaledWrites(journal, lambda: wiki.key, clock),
        clock=clock,
        sign_in_limits=SignInLimits(journal.sign_in_attempts, config.secret_key, clock),
    )
