"""Signing in and out (bot password or OAuth 2), and the health check for the server."""

from __future__ import annotations

import secrets
from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, Response, abort, redirect, render_template, request, session, url_for
from werkzeug.wrappers import Response as BaseResponse

from mentorwatch.web.runtime.security import new_csrf_token
from mentorwatch.web.runtime.services import services
from mentorwatch.wiki.errors import AuthenticationError, WikiError
from mentorwatch.wiki.sign_in import sign_in_with_bot_password, sign_in_with_oauth_token

blueprint = Blueprint("signin", __name__)


@blueprint.route("/signin", methods=["GET", "POST"])
def signin() -> Any:
    error = None
    if request.method == "POST":
        found = services()
        try:
            client = sign_in_with_bot_password(
                found.api_url,
                request.form.get("username", "").strip(),
                request.form.get("password", ""),
                found.config.settings.contact,
            )
            user = found.users.add(client)
        except AuthenticationError as failure:
            error = f"The wiki refused the sign-in: {failure.info}"
        except WikiError as failure:
            error = f"The wiki could not be reached: {failure}"
        else:
            session["key"] = user.key
            new_csrf_token()
            return redirect(_local_target(request.args.get("next")))
    return render_template("signin.html", error=error), 200 if error is None else 401


def _local_target(target: str | None) -> str:
    """Where to go after signing in: ``next`` if it is a path on this site, else the dashboard.

    Checked as a browser reads it: browsers drop tabs and line breaks anywhere in a URL and
    treat ``\\`` as ``/``, so ``/<tab>/evil.example`` is ``//evil.example`` (another host). A
    target holding any control character, space or backslash is refused outright, and what
    is left must parse as a path with neither scheme nor host, under this app's own path
    (``SCRIPT_NAME``: a wiki's ``/kowiki`` when one webservice serves several).
    """
    fallback = url_for("dashboard.dashboard")
    if not target or any(ch <= " " or ch in "\\\x7f" for ch in target):
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return fallback
    if not target.startswith(request.script_root + "/"):
        return fallback  # another wiki's pages, or the index
    return target


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
        abort(400, "The sign-in did not start here; try again.")
    try:
        token = oauth.exchange(request.args.get("code", ""), _callback_url())
        client = sign_in_with_oauth_token(found.api_url, token, found.config.settings.contact)
        user = found.users.add(client)
    except AuthenticationError as failure:
        return render_template(
            "signin.html", error=f"The wiki refused the sign-in: {failure.info}"
        ), 401
    except WikiError as failure:
        return render_template(
            "signin.html", error=f"The wiki could not be reached: {failure}"
        ), 502
    session["key"] = user.key
    new_csrf_token()
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
