"""The web app under attack (issue 13): redirects, exports, OAuth, hostile form values,
deployment headers. In process, with the paper wiki of :mod:`tests.unit.test_web_routes`."""

from __future__ import annotations

import csv
import dataclasses
import importlib
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from flask import Flask
from flask.testing import FlaskClient

from mentorwatch.domain.message import WORDS, Message
from mentorwatch.settings import Settings
from mentorwatch.store.journal import Journal
from mentorwatch.web.runtime.app import create_app
from mentorwatch.web.runtime.security import SECURITY_HEADERS
from mentorwatch.web.runtime.web_config import WebConfig
from mentorwatch.web.views.dashboard_state import state_from
from mentorwatch.web.views.exports import rows_to_csv
from mentorwatch.wiki.api import MediaWikiClient
from mentorwatch.wiki.sign_in import OAuthConsumer

from .builders import NOW
from .test_web import dashboard_snapshot
from .test_web_routes import API, CONFIG_FORM, STORED_CONFIG, PaperBackend, PaperWiki, sign_in, text

auth_routes = importlib.import_module("mentorwatch.web.pages.signin")


@pytest.fixture
def backend() -> PaperBackend:
    return PaperBackend()


@pytest.fixture
def journal(tmp_path: Path) -> Journal:
    return Journal(f"sqlite:///{tmp_path / 'journal.db'}")


@pytest.fixture
def app(backend: PaperBackend, journal: Journal) -> Flask:
    config = WebConfig(API, Settings(), "jsonpage", secret_key="test", clock=lambda: NOW)
    return create_app(config, journal, wiki=PaperWiki(config, backend))


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


# --- 1. open redirect after sign-in ------------------------------------------------------


class FakeWikiClient(MediaWikiClient):
    """What sign-in gets back from the wiki: a logged-in client that says who it is."""

    def __init__(self) -> None:
        super().__init__(API)

    def get(self, **_params: Any) -> dict[str, Any]:
        return {"query": {"userinfo": {"name": "Mira", "id": 7, "rights": ["edit"]}}}


@pytest.fixture
def wiki_accepts_sign_in(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(auth_routes, "sign_in_with_bot_password", lambda *_a: FakeWikiClient())


@pytest.mark.parametrize(
    "target",
    [
        "/%09/evil.example",  # the finding: the tab is dropped by the browser
        "/%0a/evil.example",
        "/%0d%0a/evil.example",  # CRLF: also a 500 before
        "//evil.example",
        "/\\evil.example",
        "/%5Cevil.example",
        "https://evil.example/",
        "%09//evil.example",
        "javascript:alert(1)",
        "/%7F/evil.example",
    ],
)
def test_sign_in_never_sends_the_browser_off_site(
    client: FlaskClient, wiki_accepts_sign_in: None, target: str
) -> None:
    token = client.get("/signin").get_data(as_text=True).split('name="csrf_token" value="')
    csrf = token[1].split('"')[0] if len(token) > 1 else _session_csrf(client)
    response = client.post(
        f"/signin?next={target}", data={"username": "Mira@x", "password": "p", "csrf_token": csrf}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_sign_in_goes_back_to_a_page_of_this_site(
    client: FlaskClient, wiki_accepts_sign_in: None
) -> None:
    client.get("/signin")
    data = {"username": "Mira@x", "password": "p", "csrf_token": _session_csrf(client)}
    response = client.post("/signin?next=/away%3Fx%3D1", data=data)
    assert response.headers["Location"] == "/away?x=1"


def _session_csrf(client: FlaskClient) -> str:
    with client.session_transaction() as session:
        return str(session["csrf"])


# --- 2. CSV formula injection -------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ['=HYPERLINK("evil.example","Click me")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"],
)
def test_the_csv_export_never_holds_a_formula(name: str) -> None:
    rows = state_from(dashboard_snapshot(), {}, NOW).rows
    said = (Message.of(WORDS, words=name),)  # a reason holding a mentor's own words
    hostile = [dataclasses.replace(rows[0], username=name, reason=said), *rows[1:]]
    (first, *_rest) = csv.DictReader(io.StringIO(rows_to_csv(hostile)))
    assert first["username"] == "'" + name and first["reason"] == "'" + name
    assert first["user_id"] == str(rows[0].user_id)  # numbers stay numbers


# --- 5. OAuth -----------------------------------------------------------------------------


@dataclass
class TokenEndpoint:
    """The wiki's OAuth token endpoint: answers as told, remembers what it was sent."""

    status: int = 200
    body: Any = field(default_factory=lambda: {"access_token": "attacker-token"})
    down: bool = False
    sent: list[dict[str, Any]] = field(default_factory=list)

    def post(self, url: str, data: dict[str, Any], timeout: float) -> Any:
        self.sent.append(data)
        if self.down:
            raise requests.ConnectionError("connection refused")
        answer = requests.Response()
        answer.status_code = self.status
        answer._content = (
            b"not json" if self.body is None else __import__("json").dumps(self.body).encode()
        )
        return answer


def oauth_app(
    backend: PaperBackend, journal: Journal, endpoint: TokenEndpoint, **config: Any
) -> Flask:
    consumer = OAuthConsumer("client-id", "s3cret", "https://wiki.test/w/rest.php", endpoint.post)
    web = WebConfig(
        API, Settings(), "jsonpage", secret_key="test", clock=lambda: NOW, oauth=consumer, **config
    )
    return create_app(web, journal, wiki=PaperWiki(web, backend))


def test_a_callback_this_session_did_not_start_signs_nobody_in(
    backend: PaperBackend, journal: Journal
) -> None:
    endpoint = TokenEndpoint()
    browser = oauth_app(backend, journal, endpoint).test_client()
    for forged in ("/oauth/callback?code=attackers", "/oauth/callback?code=attackers&state="):
        response = browser.get(forged)
        assert response.status_code == 400
        assert "The sign-in did not start here" in text(response)
    assert endpoint.sent == []  # the attacker's code was never exchanged
    with browser.session_transaction() as session:
        assert "key" not in session


def test_a_refused_or_failed_token_exchange_is_an_error_page(
    backend: PaperBackend, journal: Journal
) -> None:
    for endpoint, status in (
        (TokenEndpoint(status=400, body={"error": "invalid_grant"}), 401),
        (TokenEndpoint(body=None), 401),
        (TokenEndpoint(body=["access_token"]), 401),
        (TokenEndpoint(down=True), 502),
    ):
        browser = oauth_app(backend, journal, endpoint).test_client()
        state = parse_qs(urlsplit(browser.get("/oauth/start").headers["Location"]).query)
        response = browser.get(f"/oauth/callback?code=c&state={state['state'][0]}")
        assert response.status_code == status, text(response)
        assert "The wiki" in text(response) and "Traceback" not in text(response)


def test_the_oauth_callback_is_built_from_the_public_url_not_the_host_header(
    backend: PaperBackend, journal: Journal
) -> None:
    endpoint = TokenEndpoint(status=400)
    app = oauth_app(backend, journal, endpoint, public_url="https://mentorwatch.example/")
    browser = app.test_client()
    started = browser.get("/oauth/start", base_url="https://evil.example")
    query = parse_qs(urlsplit(started.headers["Location"]).query)
    assert query["redirect_uri"] == ["https://mentorwatch.example/oauth/callback"]
    browser.get(
        f"/oauth/callback?code=c&state={query['state'][0]}", base_url="https://evil.example"
    )
    assert endpoint.sent[0]["redirect_uri"] == "https://mentorwatch.example/oauth/callback"


def test_the_oauth_consumer_never_shows_its_secret() -> None:
    consumer = OAuthConsumer("client-id", "s3cret", "https://wiki.test/w/rest.php")
    assert "s3cret" not in repr(consumer) and "client-id" in repr(consumer)


# --- 8. hostile form values and addresses -------------------------------------------------


@pytest.mark.parametrize(
    "days",
    ["²", "٣", "9" * 5000, "1e3", "-5", " "],
    ids=["sup2", "arabic3", "5000-digits", "1e3", "-5", "space"],
)
def test_odd_numbers_in_days_fields_are_form_errors(
    app: Flask, client: FlaskClient, backend: PaperBackend, days: str
) -> None:
    token = sign_in(app, client, admin=True)
    response = client.post(
        "/config", data={**CONFIG_FORM, "autoaway_days": days, "csrf_token": token}
    )
    assert response.status_code == 422
    assert "Enter a whole number of days" in text(response)
    assert backend.config == STORED_CONFIG and backend.writes == 0


@pytest.mark.parametrize("token", ["é", "\u202e", "x" * 10_000], ids=["e-acute", "rlo", "huge"])
def test_a_non_ascii_or_huge_csrf_token_is_refused_not_a_crash(
    app: Flask, client: FlaskClient, token: str
) -> None:
    sign_in(app, client, admin=True)
    response = client.post("/config", data={**CONFIG_FORM, "csrf_token": token})
    assert response.status_code == 400


@pytest.mark.parametrize("run_id", ["99999999999999999999", "9223372036854775808", "0"])
def test_a_huge_run_id_is_not_found(app: Flask, client: FlaskClient, run_id: str) -> None:
    sign_in(app, client)
    assert client.get(f"/runs/{run_id}").status_code == 404


# --- 9. what the pages show from the address ----------------------------------------------


def test_the_saved_note_shows_only_a_revision_number(app: Flask, client: FlaskClient) -> None:
    sign_in(app, client, admin=True)
    spoofed = client.get("/config?saved=1.+Call+%2B1-555+to+confirm+your+password")
    assert "Saved to the wiki" not in text(spoofed) and "Call" not in text(spoofed)
    assert "Saved to the wiki (revision 42)" in text(client.get("/config?saved=42"))


def test_the_away_saved_note_shows_only_a_date(app: Flask, client: FlaskClient) -> None:
    sign_in(app, client)
    spoofed = client.get("/away?saved=never.+Your+account+is+suspended")
    assert "suspended" not in text(spoofed)
    shown = client.get("/away?saved=2026-12-01T00:00:00Z")
    assert "you are away until 1 December 2026." in text(shown)  # the reader's date format


# --- 10. deployment -----------------------------------------------------------------------


def test_every_response_carries_the_security_headers(app: Flask, client: FlaskClient) -> None:
    sign_in(app, client)
    for page in ("/signin", "/runs", "/healthz", "/runs/999", "/static/app.js"):
        response = client.get(page)
        for name, value in SECURITY_HEADERS.items():
            assert response.headers.get(name) == value, (page, name)
    assert "frame-ancestors 'none'" in SECURITY_HEADERS["Content-Security-Policy"]
    assert "unsafe-inline" not in SECURITY_HEADERS["Content-Security-Policy"]


def test_behind_https_the_session_cookie_is_secure(backend: PaperBackend, journal: Journal) -> None:
    web = WebConfig(
        API,
        Settings(),
        "jsonpage",
        secret_key="t",
        clock=lambda: NOW,
        public_url="https://mentorwatch.example",
        trusted_proxies=1,
    )
    app = create_app(web, journal, wiki=PaperWiki(web, backend))
    response = app.test_client().get("/signin", headers={"X-Forwarded-Proto": "https"})
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    plain = create_app(
        WebConfig(API, Settings(), "jsonpage", secret_key="t", clock=lambda: NOW),
        journal,
        wiki=PaperWiki(web, backend),
    )
    assert "Secure" not in plain.test_client().get("/signin").headers["Set-Cookie"]


def test_trusted_proxy_headers_make_external_urls_https(
    backend: PaperBackend, journal: Journal
) -> None:
    endpoint = TokenEndpoint()
    app = oauth_app(backend, journal, endpoint, trusted_proxies=1)
    started = app.test_client().get(
        "/oauth/start", headers={"X-Forwarded-Proto": "https", "X-Forwarded-Host": "mw.example"}
    )
    query = parse_qs(urlsplit(started.headers["Location"]).query)
    assert query["redirect_uri"] == ["https://mw.example/oauth/callback"]
    untrusted = oauth_app(backend, journal, endpoint).test_client()
    query = parse_qs(
        urlsplit(
            untrusted.get("/oauth/start", headers={"X-Forwarded-Host": "evil.example"}).headers[
                "Location"
            ]
        ).query
    )
    assert "evil.example" not in query["redirect_uri"][0]


def test_hsts_is_sent_over_https_when_the_public_url_is_https(
    backend: PaperBackend, journal: Journal
) -> None:
    endpoint = TokenEndpoint()
    app = oauth_app(backend, journal, endpoint, public_url="https://mw.example", trusted_proxies=1)
    browser = app.test_client()
    proxied = browser.get("/signin", headers={"X-Forwarded-Proto": "https"})
    assert proxied.headers["Strict-Transport-Security"] == "max-age=31536000"
    plain_http = browser.get("/signin", base_url="http://localhost")
    assert "Strict-Transport-Security" not in plain_http.headers
    plain = oauth_app(backend, journal, endpoint).test_client()
    secure = plain.get("/signin", base_url="https://localhost")
    assert "Strict-Transport-Security" not in secure.headers  # an http public URL: none
