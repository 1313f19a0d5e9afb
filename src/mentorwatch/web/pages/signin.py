"""Signing in and out (bot password or OAuth 2), and the health check for the server."""

from __future__ import annotations

import re
import secrets
from typing import Any
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Response,
    abort,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from werkzeug.wrappers import Response as BaseResponse

from mentorwatch.domain.message import Message
from mentorwatch.web.runtime.reader_language import current_text, wiki_languages
from mentorwatch.web.runtime.sealed_sessions import TooManySessions
from mentorwatch.web.runtime.security import new_csrf_token
from mentorwatch.web.runtime.services import services
from mentorwatch.web.runtime.sign_in_limits import TooManyAttempts
from mentorwatch.web.views.texts import signin_grants
from mentorwatch.wiki.errors import AuthenticationError, WikiError
from mentorwatch.wiki.sign_in import sign_in_with_bot_password, sign_in_with_oauth_token

blueprint = Blueprint("signin", __name__)


@blueprint.route("/signin", methods=["GET", "POST"])
def signin() -> Any:
    error = None
    if request.method == "POST":
        found = services()
        username = request.form.get("username", "").strip()
        spent = found.sign_in_limits.admit(request.remote_addr, username)
        if spent is not None:
            return _too_many(spent)
        try:
            client = sign_in_with_bot_password(
                found.api_url,
                username,
                request.form.get("password", ""),
                found.config.settings.contact,
            )
            user = found.users.add(client)
        except AuthenticationError as failure:
            error = Message.of("mentorwatch-web-signin-refused", error=failure.info)
        except WikiError as failure:
            error = Message.of("mentorwatch-web-wiki-unreachable", error=str(failure))
        except TooManySessions as failure:
            return _signin_page(Message.of("mentorwatch-web-signin-full", error=str(failure))), 503
        else:
            session["key"] = user.key
            new_csrf_token()
            wiki_languages().learn(client, user.language)
            return redirect(_local_target(request.args.get("next")))
    return _signin_page(error), 200 if error is None else 401


def _signin_page(error: Message | None) -> str:
    """The sign-in form, with the grants a bot password needs (``domain/rights.py``)."""
    rules_page = services().config.settings.rules_page
    return render_template("signin.html", error=error, grants=signin_grants(rules_page))


def _too_many(spent: TooManyAttempts) -> BaseResponse:
    """429: too many sign-in attempts from this address, or for this account, lately."""
    minutes = int(spent.retry_after.total_seconds() // 60)
    whose = "address" if spent.spent == "address" else "account"
    error = Message.of(f"mentorwatch-web-signin-too-many-{whose}", num_minutes=minutes)
    response = make_response(_signin_page(error), 429)
    response.headers["Retry-After"] = str(int(spent.retry_after.total_seconds()))
    return response


def _local_target(target: str | None) -> str:
    """Where to go after signing in: ``next`` if it is a path on this site, else the dashboard.

    Checked as a browser reads it: browsers drop tabs and line breaks anywhere in a URL and
    treat ``\\`` as ``/``, so ``/<tab>/evil.example`` is ``//evil.example`` (another host). A
    target holding any control character, space or backslash is refused outright, and what
    is left must parse as a path with neither scheme nor host, under this app's own path
    (``SCRIPT_NAME``: a wiki's ``/kowiki`` when one webservice serves several) once its dot
    segments are resolved as the browser resolves them (``..``, ``.``, and their encodings
    ``%2e%2e``, ``.%2E``...: ``/kowiki/../enwiki/`` is another wiki's page). An encoded
    separator (``%2f``, ``%5c``), which the server would decode into one, is refused too.
    """
    fallback = url_for("dashboard.dashboard")
    if not target or any(ch <= " " or ch in "\\\x7f" for ch in target):
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return fallback
    if re.search(r"%(2f|5c)", parts.path, re.IGNORECASE):
        return fallback
    path = _resolved(parts.path)
    if not path.startswith(request.script_root + "/"):
        return fallback  # another wiki's pages, or the index
    return path + target[len(parts.path) :]  # the query and fragment as they came


#: a path segment a browser reads as "this folder" or "the folder above" (WHATWG URL)
_DOT = re.compile(r"\.|%2e", re.IGNORECASE)


def _resolved(path: str) -> str:
    """The path with its dot segments resolved as a browser does (RFC 3986 section 5.2.4,
    with the WHATWG URL standard's encoded dots)."""
    kept: list[str] = []
    segments = path.split("/")[1:]
    for index, segment in enumerate(segments):
        last = index == len(segments) - 1
        dots = len(_DOT.findall(segment)) if _DOT.sub("", segment) == "" else 0
        if dots == 2:
            if kept:
                kept.pop()
            if last:
                kept.append("")
        elif dots == 1:
            if last:
                kept.append("")
        else:
            kept.append(segment)
    return "/" + "/".join(kept)


@blueprint.route("/oauth/start")
def oauth_start() -> BaseResponse:
    oauth = services().config.oauth
    if oauth is None:
        abort(404)
    session["oauth_state"] = secrets.token_urlsafe(24)
    return redirect(oauth.authorize_url(session["oauth_state"], _callback_url()))


@blueprint.route("/oauth/callback")
def oauth_callback() -> Any:
    """The wiki sends the browser back here: only for a sign-in this session started."""
    found = services()
    oauth = found.config.oauth
    expected = session.pop("oauth_state", None)
    sent = request.args.get("state", "")
    if (
        oauth is None
        or not isinstance(expected, str)
        or not expected
        or not secrets.compare_digest(sent.encode(), expected.encode())
    ):
        abort(400, current_text().text("mentorwatch-web-signin-not-started-here"))
    spent = found.sign_in_limits.admit(request.remote_addr)
    if spent is not None:
        return _too_many(spent)
    try:
        token = oauth.exchange(request.args.get("code", ""), _callback_url())
        client = sign_in_with_oauth_token(found.api_url, token, found.config.settings.contact)
        user = found.users.add(client)
    except AuthenticationError as failure:
        return _signin_page(Message.of("mentorwatch-web-signin-refused", error=failure.info)), 401
    except WikiError as failure:
        said = Message.of("mentorwatch-web-wiki-unreachable", error=str(failure))
        return _signin_page(said), 502
    except TooManySessions as failure:
        return _signin_page(Message.of("mentorwatch-web-signin-full", error=str(failure))), 503
    session["key"] = user.key
    new_csrf_token()
    wiki_languages().learn(client, user.language)
    return redirect(url_for("dashboard.dashboard"))


def _callback_url() -> str:
    """Where the wiki sends the browser back: from the configured public URL when there is
    one (never from the request's Host header), else as the request (and trusted proxies)
    say."""
    public = services().config.public_url
    if public:
        return public.rstrip("/") + url_for("signin.oauth_callback")
    return url_for("signin.oauth_callback", _external=True)


@blueprint.post("/signout")
def signout() -> BaseResponse:
    services().users.remove(session.pop("key", None))
    return redirect(url_for("signin.signin"))


@blueprint.get("/healthz")
def healthz() -> Response:
    return Response("ok", mimetype="text/plain")
