"""Starting the web app: from the command line (``mentorwatch serve``) or a WSGI server; one
wiki, or several on one webservice (``web/multi.py``)."""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable, Sequence
from datetime import timedelta

from flask import Flask

from mentorwatch.settings import Settings, SettingsError, load_settings
from mentorwatch.web.app import create_app
from mentorwatch.web.multi import several_wikis_app
from mentorwatch.web.services import DEFAULT_CACHE_TTL, WebConfig, new_secret
from mentorwatch.wiki.sign_in import OAuthConsumer

log = logging.getLogger(__name__)


def make_web_config(
    wiki: str, settings: Settings, backend: str = "auto", cache_ttl: timedelta | None = None
) -> WebConfig:
    """The app's configuration for ``wiki``, complete: from the settings and the environment
    (``MENTORWATCH_WEB_SECRET``, ``_PUBLIC_URL``, ``_TRUSTED_PROXIES``, ``_OAUTH_CLIENT_*``)."""
    client_id = os.environ.get("MENTORWATCH_OAUTH_CLIENT_ID")
    client_secret = os.environ.get("MENTORWATCH_OAUTH_CLIENT_SECRET")
    rest = wiki.rsplit("/", 1)[0] + "/rest.php"
    return WebConfig(
        wiki,
        settings,
        backend,
        secret_key=os.environ.get("MENTORWATCH_WEB_SECRET") or new_secret(),
        cache_ttl=cache_ttl or DEFAULT_CACHE_TTL,
        oauth=OAuthConsumer(client_id, client_secret, rest)
        if client_id and client_secret
        else None,
        public_url=os.environ.get("MENTORWATCH_PUBLIC_URL") or None,
        trusted_proxies=_trusted_proxies(os.environ.get("MENTORWATCH_TRUSTED_PROXIES", "0")),
    )


def _trusted_proxies(text: str) -> int:
    """How many proxies in front of the app to believe ``X-Forwarded-*`` from (0 to 5)."""
    if not re.fullmatch(r"[0-5]", text.strip() or "0"):
        raise SettingsError(
            f"MENTORWATCH_TRUSTED_PROXIES: {text!r}; use the number of proxies (0 to 5)"
        )
    return int(text.strip() or "0")


def web_app(
    wikis: Sequence[str],
    settings_of: Callable[[str], Settings],
    backend: str = "auto",
    cache_ttl: timedelta | None = None,
) -> Flask:
    """One wiki: its app, at ``/``. Several: each wiki's app under its own path, with an
    index of them at ``/`` (``web/multi.py``); each with its own settings (``settings_of``)."""
    configs = [
        make_web_config(wiki, settings_of(wiki), backend, cache_ttl)
        for wiki in dict.fromkeys(wikis)
    ]
    if not configs:
        raise SettingsError("no wiki to serve")
    if len(configs) == 1:
        return create_app(configs[0])
    return several_wikis_app(configs)


def serve(app: Flask, wikis: Sequence[str], host: str, port: int) -> None:
    print(f"mentorwatch serving {', '.join(wikis)} on http://{host}:{port}/", flush=True)
    app.run(host=host, port=port, threaded=True, use_reloader=False, debug=False)


def wsgi_app() -> Flask:
    """For a WSGI server (gunicorn, the Procfile's ``web``): ``MENTORWATCH_WIKI`` names the
    wiki; without it, every wiki the settings name is served (several: each under its own
    path). ``MENTORWATCH_WEB_SECRET`` must be set when there are several workers."""
    if not os.environ.get("MENTORWATCH_WEB_SECRET"):
        log.warning(
            "MENTORWATCH_WEB_SECRET is not set: this process signs sessions with its own "
            "random secret, so other workers (and a restart) will not know them; set it"
        )
    backend = os.environ.get("MENTORWATCH_BACKEND", "auto")
    wiki = os.environ.get("MENTORWATCH_WIKI")
    wikis = (wiki,) if wiki else load_settings(None).wikis
    if not wikis:
        raise SettingsError(
            "MENTORWATCH_WIKI is not set and the settings name no wiki: give the wiki's api.php "
            "URL (on Toolforge: toolforge envvars create MENTORWATCH_WIKI "
            'https://xx.wikipedia.org/w/api.php), or list several in the settings ([wikis."URL"])'
        )
    return web_app(wikis, lambda url: load_settings(None, url), backend)
