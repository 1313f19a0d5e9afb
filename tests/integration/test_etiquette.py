"""API etiquette against a scripted lagging wiki on 127.0.0.1.

The server reports 8 s of replication lag for the first 60 s of a fake clock, answering
``maxlag`` errors (with ``Retry-After``) to requests that send ``maxlag`` below 8, as MediaWiki
does; the client's sleeps advance that clock. A job waits the lag out and finishes; a web page
read (interactive etiquette) sends no maxlag and does not wait; writes are paced.
"""

from __future__ import annotations

import http.server
import itertools
import json
import threading
import time
from collections.abc import Iterator
from typing import Any, ClassVar
from urllib.parse import parse_qs, urlparse

import pytest

from mentorwatch.settings import Settings
from mentorwatch.web.runtime.services import Wiki
from mentorwatch.web.runtime.web_config import WebConfig
from mentorwatch.wiki.api import MediaWikiClient
from mentorwatch.wiki.connect import Credentials, connect
from mentorwatch.wiki.errors import ApiError
from mentorwatch.wiki.etiquette import Etiquette


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


class LaggingWiki(http.server.BaseHTTPRequestHandler):
    clock: ClassVar[FakeClock] = FakeClock()
    lag_until: ClassVar[float] = 60.0
    seen: ClassVar[list[dict[str, str]]] = []

    def do_GET(self) -> None:
        self._answer({k: v[0] for k, v in parse_qs(urlparse(self.path).query).items()})

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", 0))
        self._answer({k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()})

    def _answer(self, params: dict[str, str]) -> None:
        LaggingWiki.seen.append({**params, "at": str(self.clock())})
        headers: dict[str, str] = {}
        if "maxlag" in params and int(params["maxlag"]) < 8 and self.clock() < self.lag_until:
            body: dict[str, Any] = {
                "error": {"code": "maxlag", "info": "Waiting for db1: 8 seconds lagged."}
            }
            headers["Retry-After"] = "5"
        elif params.get("action") == "edit":
            body = {"edit": {"result": "Success", "newrevid": len(self.seen)}}
        elif params.get("meta") == "tokens":
            body = {"query": {"tokens": {"csrftoken": "+\\\\", "logintoken": "l+\\\\"}}}
        else:
            body = {"query": {"general": {"generator": "MediaWiki 1.43.0"}}}
        self.send_response(200)
        for key, value in {"Content-Type": "application/json", **headers}.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(json.dumps(body).encode())

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def lagging() -> Iterator[str]:
    LaggingWiki.clock, LaggingWiki.seen = FakeClock(), []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), LaggingWiki)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/w/api.php"
    finally:
        httpd.shutdown()


def test_a_job_waits_out_the_lag_and_finishes_with_paced_writes(lagging: str) -> None:
    clock = LaggingWiki.clock
    client = MediaWikiClient(
        lagging, etiquette=Etiquette.job(lag_budget=600), sleep=clock.sleep, clock=clock
    )
    assert client.get(action="query", meta="siteinfo")["query"]["general"]
    assert clock.now >= 60 and all(wait == 5.0 for wait in clock.sleeps)  # Retry-After honoured
    waited = len(clock.sleeps)
    for n in range(3):
        client.post_with_token(action="edit", title="Mentors", text=str(n))
    edits = [float(seen["at"]) for seen in LaggingWiki.seen if seen.get("action") == "edit"]
    assert len(edits) == 3 and all(b - a >= 1.0 for a, b in itertools.pairwise(edits))
    assert clock.sleeps[waited:] == [1.0, 1.0]  # the pause between writes, nothing else


def test_a_job_gives_up_when_the_lag_outlasts_its_budget(lagging: str) -> None:
    clock = LaggingWiki.clock
    client = MediaWikiClient(
        lagging, etiquette=Etiquette.job(lag_budget=30), sleep=clock.sleep, clock=clock
    )
    with pytest.raises(ApiError, match="lag budget of 30 s") as caught:
        client.get(action="query", meta="siteinfo")
    assert caught.value.code == "maxlag" and 25 <= clock.now <= 30


def test_a_web_page_read_does_not_wait(lagging: str) -> None:
    started = time.monotonic()
    wiki = Wiki(WebConfig(api_url=lagging, settings=Settings(), backend="jsonpage"))
    client = wiki.connection.client  # the dashboard's reader, as the web app makes it
    client.get(action="query", meta="siteinfo")
    assert time.monotonic() - started < 3
    assert LaggingWiki.seen and not any("maxlag" in seen for seen in LaggingWiki.seen)
    assert client.etiquette.maxlag is None and client.pacer.pause == 0


def test_the_job_connection_sends_maxlag_and_the_interactive_one_does_not(lagging: str) -> None:
    LaggingWiki.lag_until = 0.0  # no lag: just look at the requests
    try:
        connect(lagging, Credentials(), contact=None, require_login=False)
        assert LaggingWiki.seen[-1].get("maxlag") == "5"
        connect(
            lagging,
            Credentials(),
            contact=None,
            require_login=False,
            etiquette=Etiquette.interactive(),
        )
        assert "maxlag" not in LaggingWiki.seen[-1]
    finally:
        LaggingWiki.lag_until = 60.0
