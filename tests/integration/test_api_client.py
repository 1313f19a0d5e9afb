"""The MediaWiki API client against the real wiki, and a plain HTTP server for failures."""

from __future__ import annotations

import http.server
import json
import logging
import threading
from collections.abc import Iterator
from typing import Any, ClassVar

import pytest

from mentorwatch.wiki.api import MediaWikiClient
from mentorwatch.wiki.errors import ApiError, AuthenticationError, WikiUnreachable
from mentorwatch.wiki.etiquette import Etiquette

from .conftest import localwiki, login


def test_continuation_is_followed_to_the_end(wiki: localwiki.LocalWiki) -> None:
    client = MediaWikiClient(wiki.api_url)
    pages = list(client.query_all(action="query", list="allusers", aulimit="1"))
    names = [user["name"] for page in pages for user in page["query"]["allusers"]]
    assert len(pages) >= 3 and len(names) == len(set(names))
    everyone = client.get(action="query", list="allusers", aulimit="max")["query"]["allusers"]
    assert names == [user["name"] for user in everyone]


def test_a_lost_session_is_an_authentication_error(wiki: localwiki.LocalWiki) -> None:
    client = login(wiki)
    client.session.cookies.clear()  # the wiki forgets us; assert=user notices
    with pytest.raises(AuthenticationError) as caught:
        client.get(action="query", meta="userinfo")
    assert caught.value.code == "assertuserfailed"


def test_secrets_never_reach_the_log(
    wiki: localwiki.LocalWiki, caplog: pytest.LogCaptureFixture
) -> None:
    username, password = wiki.bot_credentials()
    with caplog.at_level(logging.DEBUG, logger="mentorwatch"):
        client = MediaWikiClient(wiki.api_url)
        client.login(username, password)
        token = client.csrf_token()
        client.post_with_token(action="edit", title="Log test", text="x", summary="log test")
    logged = caplog.text
    assert "lgpassword" in logged and password not in logged and token not in logged


class Recorder(http.server.BaseHTTPRequestHandler):
    """Answers from a script of (status, headers, body); keeps the requests' headers."""

    script: ClassVar[list[tuple[int, dict[str, str], str]]] = []
    seen: ClassVar[list[dict[str, str]]] = []
    paths: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        Recorder.seen.append(dict(self.headers))
        Recorder.paths.append(self.path)
        status, headers, body = Recorder.script.pop(0) if Recorder.script else (404, {}, "")
        self.send_response(status)
        for key, value in {"Content-Type": "application/json", **headers}.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body.encode())

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    Recorder.script, Recorder.seen, Recorder.paths = [], [], []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/w/api.php"
    finally:
        httpd.shutdown()


SITEINFO = json.dumps({"query": {"general": {"generator": "MediaWiki 1.39.17"}}})


def test_server_errors_are_retried_with_backoff(server: str) -> None:
    Recorder.script = [(503, {}, "busy"), (502, {}, "bad gateway"), (200, {}, SITEINFO)]
    waits: list[float] = []
    client = MediaWikiClient(server, backoff=2, sleep=waits.append)
    assert client.get(action="query", meta="siteinfo")["query"]["general"]["generator"]
    assert waits == [2, 4]


def test_retry_after_from_the_server_wins(server: str) -> None:
    Recorder.script = [(429, {"Retry-After": "7"}, ""), (200, {}, SITEINFO)]
    waits: list[float] = []
    MediaWikiClient(server, sleep=waits.append).get(action="query", meta="siteinfo")
    assert waits == [7.0]


def test_ratelimited_is_retried(server: str) -> None:
    limited = json.dumps({"error": {"code": "ratelimited", "info": "slow down"}})
    Recorder.script = [(200, {}, limited), (200, {}, SITEINFO)]
    waits: list[float] = []
    MediaWikiClient(server, sleep=waits.append).get(action="query", meta="siteinfo")
    assert waits == [1.0]


def test_persistent_server_errors_become_one_clear_error(server: str) -> None:
    Recorder.script = [(500, {}, "")] * 5
    client = MediaWikiClient(server, max_retries=4, sleep=lambda _s: None)
    with pytest.raises(WikiUnreachable, match="answered HTTP 500 5 times"):
        client.get(action="query")


def test_user_agent_and_bearer_token(server: str) -> None:
    userinfo = json.dumps({"query": {"userinfo": {"id": 5, "name": "OwnerBot"}}})
    Recorder.script = [(200, {}, userinfo)]
    client = MediaWikiClient(server, contact="User:Example")
    client.use_oauth_token("s3cr3t-token")
    (headers,) = Recorder.seen
    assert headers["Authorization"] == "Bearer s3cr3t-token"
    agent = headers["User-Agent"]
    assert (
        agent.startswith("mentorwatch/") and "https://github.com/mentorwatch/mentorwatch" in agent
    )
    assert "User:Example" in agent
    assert client.authenticated_as == "OwnerBot"
    assert "maxlag=5" in Recorder.paths[0] and "formatversion=2" in Recorder.paths[0]


def test_maxlag_waits_as_the_server_says_then_gives_up(server: str) -> None:
    lagged = json.dumps({"error": {"code": "maxlag", "info": "Waiting for db1: 6 seconds lagged."}})
    Recorder.script = [(200, {"Retry-After": "5"}, lagged)] * 4
    waits: list[float] = []
    client = MediaWikiClient(
        server,
        etiquette=Etiquette.job(lag_budget=12),  # a budget in time, not in attempts
        sleep=waits.append,
        clock=lambda: sum(waits),
    )
    with pytest.raises(ApiError) as caught:
        client.get(action="query", meta="siteinfo")
    assert caught.value.code == "maxlag" and "lag budget of 12 s" in caught.value.info
    assert waits == [5.0, 5.0]
    assert client.request_count == 3
