"""Several wikis on one webservice: each wiki's own app under its own path (``/kowiki/``),
and an index of them at ``/``.

Each wiki's app is the one-wiki app (:func:`~mentorwatch.web.runtime.app.create_app`) with its own
settings (``[wikis."URL"]`` overrides) and the shared journal, mounted with Werkzeug's
``DispatcherMiddleware`` (which moves the path into ``SCRIPT_NAME``, so every ``url_for``,
redirect and form action carries the prefix). A wiki's path is the ``name`` of its
``[wikis."URL"]`` section, else :func:`mount_name` of its address.

Sessions do not cross wikis: each app's session cookie has its own name
(``mentorwatch-NAME``), and each app signs its cookies and seals its sessions with its own
key, derived from ``MENTORWATCH_WEB_SECRET`` and the name, so a cookie or a sealed session of
one wiki means nothing to another.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import re
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import Flask, Response, render_template, request
from werkzeug.middleware.dispatcher import DispatcherMiddleware
from werkzeug.middleware.proxy_fix import ProxyFix

from mentorwatch.settings import SettingsError
from mentorwatch.store.journal import Journal
from mentorwatch.web.runtime.app import WEB_ROOT, create_app
from mentorwatch.web.runtime.reader_language import anonymous_text
from mentorwatch.web.runtime.security import SECURITY_HEADERS
from mentorwatch.web.runtime.web_config import WebConfig
from mentorwatch.wiring import open_journal

#: a wiki's path: lowercase letters, digits, ``-`` and ``_``, as a URL shows them unescaped
NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,62}")
#: paths the index itself answers
RESERVED = frozenset({"healthz", "static"})


@dataclass(frozen=True)
class Mounted:
    name: str
    api_url: str
    app: Flask


def mount_name(api_url: str, given: str | None = None) -> str:
    """The wiki's path on the webservice: ``given`` (checked), else made from the address
    without asking the wiki: the host without ``www.`` and its last label, the path without
    ``w`` and ``api.php``, and the port: ``https://ko.wikipedia.org/w/api.php`` is
    ``ko-wikipedia``, ``http://127.0.0.1:8080/api.php`` is ``127-0-0-1-8080``."""
    if given is not None:
        if not NAME.fullmatch(given) or given in RESERVED:
            raise SettingsError(
                f"[wikis.{api_url!r}] name = {given!r}: use 1 to 63 lowercase letters, digits, "
                f"'-' or '_' (not {', '.join(sorted(RESERVED))})"
            )
        return given
    parts = urlsplit(api_url)
    host = (parts.hostname or "").lower()
    labels = [label for label in host.split(".") if label]
    if labels[:1] == ["www"]:
        labels = labels[1:]
    if len(labels) > 1 and not host.replace(".", "").isdigit():
        labels = labels[:-1]  # the top-level domain says nothing
    path = [part for part in parts.path.lower().split("/") if part not in ("", "w", "api.php")]
    port = [str(parts.port)] if parts.port else []
    name = re.sub(r"[^a-z0-9]+", "-", "-".join(labels + path + port)).strip("-")[:63]
    return name if name and name not in RESERVED else f"wiki-{name}".strip("-")


def mount_secret(secret: str, name: str) -> str:
    """The key one wiki's app signs and seals with, derived from the webservice's secret."""
    label = b"mentorwatch-web:" + name.encode()
    return hmac.new(secret.encode(), label, hashlib.sha256).hexdigest()


def several_wikis_app(configs: Sequence[WebConfig]) -> Flask:
    """One app serving every wiki of ``configs``: the index at ``/``, each wiki under its
    name. The journal is shared by wikis whose settings name the same database."""
    mounted = mount_all(configs)
    index = Flask(__name__, root_path=WEB_ROOT)

    @index.get("/")
    def wikis() -> str:
        # links from the service's root as the request sees it (behind a proxy's prefix too)
        text = anonymous_text()
        return render_template(
            "wikis.html",
            wikis=mounted,
            root=request.script_root,
            msg=text.msg,
            page_lang=text.info.bcp47,
            page_dir=text.info.direction,
        )

    @index.get("/healthz")
    def healthz() -> Response:
        return Response("ok", mimetype="text/plain")

    @index.after_request
    def headers(response: Response) -> Response:
        for header, value in SECURITY_HEADERS.items():
            response.headers.setdefault(header, value)
        return response

    dispatcher = DispatcherMiddleware(index.wsgi_app, {f"/{m.name}": m.app for m in mounted})
    hops = max(config.trusted_proxies for config in configs)
    # the proxies' headers are read once, before the path is split: X-Forwarded-Prefix then
    # sits in front of each wiki's own path
    index.wsgi_app = (  # type: ignore[method-assign]
        ProxyFix(dispatcher, x_for=hops, x_proto=hops, x_host=hops, x_port=hops, x_prefix=hops)
        if hops
        else dispatcher
    )
    return index


def mount_all(configs: Sequence[WebConfig]) -> list[Mounted]:
    names: dict[str, str] = {}
    journals: dict[str, Journal] = {}
    mounted = []
    for config in configs:
        name = mount_name(config.api_url, config.settings.name)
        if name in names:
            raise SettingsError(
                f"{names[name]} and {config.api_url} would both be served at /{name}/: give "
                f'one a name = "..." in its [wikis."URL"] section'
            )
        names[name] = config.api_url
        database = config.settings.database
        if database not in journals:
            journals[database] = open_journal(config.settings)
        journal = journals[database]
        own = dataclasses.replace(
            config, secret_key=mount_secret(config.secret_key, name), trusted_proxies=0
        )
        app = create_app(own, journal)
        app.config["SESSION_COOKIE_NAME"] = f"mentorwatch-{name}"
        mounted.append(Mounted(name, config.api_url, app))
    return mounted
