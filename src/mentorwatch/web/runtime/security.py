"""App-wide request handling: sessions, CSRF, the sign-in requirement, template helpers and
error pages. Installed on the app by :func:`install`; the blueprints only add pages."""

from __future__ import annotations

import secrets
from typing import Any

from flask import Flask, abort, g, redirect, render_template, request, session, url_for
from werkzeug.exceptions import ServiceUnavailable
from werkzeug.wrappers import Response as BaseResponse

from mentorwatch.domain.timeutil import format_timestamp
from mentorwatch.store.migrate import JournalError
from mentorwatch.web.runtime.reader_language import current_text
from mentorwatch.web.runtime.services import services
from mentorwatch.web.runtime.sessions import WebUser

#: endpoints open without signing in
PUBLIC_ENDPOINTS = frozenset(
    {"signin.signin", "signin.oauth_start", "signin.oauth_callback", "signin.healthz", "static"}
)


#: on every response: no inline script or style (the templates have none), no framing
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


def install(app: Flask) -> None:
    app.before_request(identify)
    app.after_request(add_security_headers)
    app.context_processor(helpers)
    for code in (400, 403, 404):
        app.register_error_handler(code, error_page)
    app.register_error_handler(JournalError, journal_unavailable)


def identify() -> BaseResponse | None:
    """Who is asking (from the session), a CSRF check on every POST, sign-in required."""
    session.permanent = True
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    g.user = services().users.get(session.get("key"))
    if request.method == "POST":
        sent = request.form.get("csrf_token", "").encode("utf-8", "surrogateescape")
        if not secrets.compare_digest(sent, str(session["csrf"]).encode()):
            abort(400, current_text().text("mentorwatch-web-csrf"))
    if g.user is None and request.endpoint not in PUBLIC_ENDPOINTS:
        # the whole path, under the app's own (a wiki's /kowiki on a webservice serving several)
        return redirect(url_for("signin.signin", next=request.script_root + request.full_path))
    return None


#: on every HTTPS response of an app whose public URL is https: browsers then refuse plain
#: HTTP to it for a year (not sent over plain HTTP, where browsers ignore it anyway)
HSTS = "max-age=31536000"


def add_security_headers(response: BaseResponse) -> BaseResponse:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if request.is_secure and services().config.secure_cookies:
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    return response


def new_csrf_token() -> None:
    """A new session, a new token (after signing in)."""
    session["csrf"] = secrets.token_urlsafe(32)


def current_user() -> WebUser:
    """The signed-in user (every page but the public ones has one)."""
    user: WebUser = g.user
    return user


def require_admin() -> WebUser:
    user = current_user()
    if not user.is_admin:
        abort(403, current_text().text("mentorwatch-web-admins-only"))
    return user


def helpers() -> dict[str, Any]:
    found = services()
    user: WebUser | None = g.get("user")
    return {
        "user": user,
        "csrf_token": session.get("csrf", ""),
        "index_url": found.wiki.index_url,
        "api_url": found.api_url,
        "state": found.cache.state,
        "cache": found.cache,
        "fmt_stamp": lambda moment: format_timestamp(moment) if moment else "",
        "oauth": found.config.oauth is not None,
    }


def error_page(error: Any) -> tuple[str, int]:
    return render_template("error.html", error=error), error.code


def journal_unavailable(error: JournalError) -> tuple[str, int]:
    """503 when the journal cannot be read: sessions are checked in it on every request, so
    nobody is served as signed in while it cannot say whether they still are."""
    said = current_text().text("mentorwatch-web-try-again", error=str(error))
    return error_page(ServiceUnavailable(said))
