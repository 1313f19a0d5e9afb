"""The dashboard never makes a page wait on the wiki, and is cheap to serve (issue 15).

In process: Flask's test client, the state held in memory (no wiki), refreshes that block on
an event the test releases, so "at once" means "while the refresh has not finished".
"""

from __future__ import annotations

import gzip
import re
import threading
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from mentorwatch.domain.activity import Activity
from mentorwatch.domain.mentors import Mentor
from mentorwatch.domain.snapshot import Snapshot
from mentorwatch.errors import WikiError
from mentorwatch.settings import Settings
from mentorwatch.store.journal import Journal
from mentorwatch.web.runtime.app import create_app
from mentorwatch.web.runtime.dashboard_cache import DashboardCache
from mentorwatch.web.runtime.dashboard_refresh import update_state
from mentorwatch.web.runtime.services import services_of
from mentorwatch.web.runtime.sessions import WebUser
from mentorwatch.web.runtime.web_config import WebConfig
from mentorwatch.web.views.dashboard_state import DashboardState, state_from
from mentorwatch.wiki.api import MediaWikiClient

from .builders import BOTH_ON, DAY, NOW

API = "https://wiki.test/w/api.php"


def many(count: int) -> Snapshot:
    mentors = tuple(Mentor(i, f"M{i:04d}", None, 2, None) for i in range(1, count + 1))
    activity = {i: Activity(NOW - (i % 50) * DAY, NOW - 900 * DAY) for i in range(1, count + 1)}
    return Snapshot(NOW, BOTH_ON, mentors, activity, wiki=API)


class Gate:
    """A loader that blocks until released, counting its calls."""

    def __init__(self, state: DashboardState) -> None:
        self.state = state
        self.release = threading.Event()
        self.calls = 0

    def __call__(self) -> DashboardState:
        self.calls += 1
        assert self.release.wait(10)
        return self.state


@pytest.fixture
def app(tmp_path: Path) -> Flask:
    config = WebConfig(API, Settings(), "jsonpage", secret_key="test", clock=lambda: NOW)
    return create_app(config, Journal(f"sqlite:///{tmp_path / 'journal.db'}"))


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    user = WebUser(
        "k", "Mira", 7, frozenset({"edit"}), "dmy", MediaWikiClient(API), NOW + timedelta(hours=8)
    )
    services_of(app).users.keep(user)
    client = app.test_client()
    with client.session_transaction() as session:
        session["key"] = user.key
    return client


def shown_users(response: Any) -> list[str]:
    return re.findall(r'data-user="([^"]+)"', response.get_data(as_text=True))


def test_the_first_view_answers_at_once_saying_refreshing(app: Flask, client: FlaskClient) -> None:
    gate = Gate(state_from(many(3), {}, NOW))
    cache = services_of(app).cache
    cache.load = gate
    response = client.get("/")  # the refresh is blocked: the page must not wait for it
    assert response.status_code == 200
    assert "refreshing…" in response.get_data(as_text=True)
    assert cache.refreshing and cache.state is None
    gate.release.set()
    for _ in range(200):
        if not cache.refreshing:
            break
        threading.Event().wait(0.05)
    assert shown_users(client.get("/")) == ["M0001", "M0002", "M0003"]


def test_only_one_refresh_runs_at_a_time_and_asks_meanwhile_make_one_more() -> None:
    gate = Gate(state_from(many(3), {}, NOW))
    cache = DashboardCache(gate, lambda: NOW)
    assert cache.refresh_in_background()
    started = [cache.refresh_in_background() for _ in range(10)]
    assert started == [False] * 10 and cache.refreshing
    gate.release.set()
    for _ in range(200):
        if not cache.refreshing:
            break
        threading.Event().wait(0.05)
    assert not cache.refreshing
    assert gate.calls == 2  # the one running, and one for all the asks made meanwhile


def test_a_save_shows_the_saved_away_at_once() -> None:
    from mentorwatch.web.runtime.dashboard_refresh import with_away

    cache = DashboardCache(lambda: state_from(many(3), {}, NOW), lambda: NOW)
    cache.state = state_from(many(3), {}, NOW)
    cache.patch(with_away(2, NOW + 5 * DAY))
    assert cache.state is not None
    row = next(row for row in cache.state.rows if row.user_id == 2)
    assert (row.status, row.away_until) == ("away", NOW + 5 * DAY)


def test_a_reload_answers_304(app: Flask, client: FlaskClient) -> None:
    services_of(app).cache.state = state_from(many(5), {}, NOW)
    first = client.get("/")
    assert first.status_code == 200 and first.headers["ETag"]
    assert first.headers["Last-Modified"]
    again = client.get("/", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    other = client.get("/?page=2", headers={"If-None-Match": first.headers["ETag"]})
    assert other.status_code == 200


def test_pages_of_100_sorted_and_filtered_on_the_server(app: Flask, client: FlaskClient) -> None:
    services_of(app).cache.state = state_from(many(250), {}, NOW)
    first = client.get("/")
    assert shown_users(first) == [f"M{i:04d}" for i in range(1, 101)]
    assert "Mentors 1\u2013100 of 250" in first.get_data(as_text=True)
    assert re.search(r'rel="next" href="/\?[^"]*page=2"', first.get_data(as_text=True))
    last = client.get("/?page=3")
    assert shown_users(last) == [f"M{i:04d}" for i in range(201, 251)]
    descending = client.get("/?sort=name&order=desc&page=1")
    assert shown_users(descending)[:2] == ["M0250", "M0249"]
    active = client.get("/?status=active")
    rows = re.findall(r'data-status="([^"]+)"', active.get_data(as_text=True))
    assert rows and set(rows) == {"active"}
    assert client.get("/?page=999").status_code == 200  # past the end: the last page


def test_large_text_answers_are_gzipped(app: Flask, client: FlaskClient) -> None:
    services_of(app).cache.state = state_from(many(250), {}, NOW)
    response = client.get("/", headers={"Accept-Encoding": "gzip, deflate"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert b"M0001" in gzip.decompress(response.data)
    assert "Content-Encoding" not in client.get("/").headers


class RecentChangesClient(MediaWikiClient):
    def __init__(self, rows: list[dict[str, Any]]) -> None:
        super().__init__(API)
        self.rows = rows
        self.asked = 0

    def get(self, **params: Any) -> dict[str, Any]:
        assert params["list"] == "recentchanges"
        self.asked += 1
        return {"query": {"recentchanges": self.rows}}


def test_an_incremental_refresh_costs_one_request(tmp_path: Path) -> None:
    journal = Journal(f"sqlite:///{tmp_path / 'journal.db'}")
    state = state_from(many(3), {}, NOW)
    later = NOW + DAY
    quiet = RecentChangesClient([])
    moved = update_state(state, quiet, journal, lambda: later)
    assert moved is not None and quiet.asked == 1 and moved.taken_at == later
    edit = {"type": "edit", "userid": 2, "ns": 0, "title": "A", "timestamp": "2026-11-26T01:00:00Z"}
    edited = update_state(state, RecentChangesClient([edit]), journal, lambda: later)
    assert edited is not None
    assert edited.snapshot.activity[2].last_edit_at == NOW + timedelta(hours=13)
    listed = {**edit, "ns": 8, "title": "MediaWiki:GrowthMentors.json"}
    assert update_state(state, RecentChangesClient([listed]), journal, lambda: later) is None
    block = {"type": "log", "logtype": "block", "ns": 2, "title": "User:M0001"}
    assert update_state(state, RecentChangesClient([block]), journal, lambda: later) is None


def test_a_wiki_that_cannot_be_read_is_one_log_line_not_a_traceback(
    caplog: pytest.LogCaptureFixture,
) -> None:
    def down() -> DashboardState:
        raise WikiError("cannot reach https://wiki.test/w/api.php: connection refused")

    cache = DashboardCache(down, lambda: NOW)
    with caplog.at_level("ERROR", logger="mentorwatch.web.runtime.dashboard_cache"):
        cache.refresh_now()
    (record,) = caplog.records
    assert record.exc_info is None and "connection refused" in record.getMessage()
    assert cache.error is not None and "connection refused" in cache.error  # on the page


def test_an_unexpected_failure_of_a_refresh_keeps_its_traceback(
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broken() -> DashboardState:
        raise KeyError("query")

    cache = DashboardCache(broken, lambda: NOW)
    with caplog.at_level("ERROR", logger="mentorwatch.web.runtime.dashboard_cache"):
        cache.refresh_now()
    (record,) = caplog.records
    assert record.exc_info is not None
