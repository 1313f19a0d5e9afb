"""The web app's entry points: ``mentorwatch serve`` (:func:`web_app`, :func:`serve`) and a
WSGI server (:func:`wsgi_app`, the Procfile's ``web``); one wiki, or several on one webservice
(``runtime/several_wikis.py``)."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Sequence
from datetime import timedelta

from flask import Flask

from mentorwatch.settings import Settings, SettingsError, load_settings
from mentorwatch.web.runtime.app import create_app
from mentorwatch.web.runtime.several_wikis import several_wikis_app
from mentorwatch.web.runtime.web_config import web_config_from_env
from mentorwatch.wiring import open_journal

log = logging.getLogger(__name__)


def web_app(
    wikis: Sequence[str],
    settings_of: Callable[[str], Settings],
    backend: str = "auto",
    cache_ttl: timedelta | None = None,
) -> Flask:
    """One wiki: its app, at ``/``. Several: each wiki's app under its own path, with an
    index of them at ``/`` (``runtime/several_wikis.py``); each with its own settings
    (``settings_of``) and the journal they name, opened by ``wiring.open_journal``."""
    configs = [
        web_config_from_env(wiki, settings_of(wiki), backend, cache_ttl)
        for wiki in dict.fromkeys(wikis)
    ]
    if not configs:
        raise SettingsError("no wiki to serve")
    if len(configs) == 1:
        return create_app(configs[0], open_journal(configs[0].settings))
    return several_wikis_app(configs)


def serve(app: Flask, host: str, port: int, started: str) -> None:
    """Serve ``app`` on ``host``:``port`` (a development server), once ``started`` is printed:
    the line saying what is served where, in the operator's language (``cli/serve.py``)."""
    print(started, flush=True)
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
