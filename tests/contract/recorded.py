"""A fake HTTP layer for GrowthExperiments API modules, which cannot run here.

Responses come from exchanges recorded on a real GrowthExperiments REL1_39
(``tests/fixtures/ge-1.39-api``), served unchanged. Core modules whose shapes are standard
(tokens, siteinfo, users, usercontribs, userinfo) get minimal answers in MediaWiki's own
format. Every request the client makes is kept, so tests can assert what was sent.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import requests
from requests.adapters import BaseAdapter

FIXTURES = Path(__file__).parents[1] / "fixtures" / "ge-1.39-api"
API_URL = "http://wiki.test/w/api.php"


def recorded(step: str) -> tuple[int, Any]:
    """(HTTP status, response body) of a recorded exchange, e.g. ``"05l-remove-MentorA"``."""
    data = json.loads((FIXTURES / f"{step}.json").read_text())
    return int(data["http_status"]), data["response"]


def ok(body: Any) -> tuple[int, Any]:
    return 200, body


@dataclass
class Route:
    """Answers requests whose parameters include all of ``match``."""

    match: dict[str, str]
    answer: Callable[[dict[str, str]], tuple[int, Any]]
    times: int | None = None  # None: any number of times

    def matches(self, params: dict[str, str]) -> bool:
        return self.times != 0 and all(params.get(k) == v for k, v in self.match.items())


@dataclass
class FakeWiki(BaseAdapter):
    routes: list[Route] = field(default_factory=list)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__()

    def on(
        self,
        answer: tuple[int, Any] | Callable[[dict[str, str]], tuple[int, Any]],
        times: int | None = None,
        **match: str,
    ) -> FakeWiki:
        respond = answer if callable(answer) else (lambda _params, fixed=answer: fixed)
        self.routes.insert(0, Route(match, respond, times))  # later routes first
        return self

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        query = urlsplit(request.url or "").query
        params = dict(parse_qsl(query))
        if request.body:
            body = request.body if isinstance(request.body, str) else request.body.decode()
            params.update(parse_qsl(body))
        self.requests.append((request.method or "GET", params))
        matching = [route for route in self.routes if route.matches(params)]
        if not matching:
            raise AssertionError(f"unexpected request {request.method} {params}")
        # the most specific route answers; among equally specific ones, the latest
        route = max(matching, key=lambda r: (len(r.match), -self.routes.index(r)))
        if route.times is not None:
            route.times -= 1
        status, payload = route.answer(params)
        return _response(request, status, payload)

    def close(self) -> None:
        pass

    def writes(self, action: str) -> list[dict[str, str]]:
        return [p for method, p in self.requests if method == "POST" and p.get("action") == action]


def _response(request: requests.PreparedRequest, status: int, payload: Any) -> requests.Response:
    response = requests.Response()
    response.status_code = status
    response.headers["Content-Type"] = "application/json; charset=utf-8"
    response._content = json.dumps(payload).encode()
    response.request = request
    response.url = request.url or ""
    return response


def core_wiki(users: dict[int, str], last_edits: dict[int, str | None] | None = None) -> FakeWiki:
    """Standard core answers: siteinfo, tokens, login, userinfo, users by id, usercontribs."""
    last_edits = last_edits or {}
    fake = FakeWiki()
    fake.on(
        ok({"batchcomplete": True, "query": {"general": {"generator": "MediaWiki 1.39.17"}}}),
        action="query",
        meta="siteinfo",
    )
    fake.on(
        ok({"batchcomplete": True, "query": {"tokens": {"csrftoken": "t0k3n+\\"}}}),
        action="query",
        meta="tokens",
        type="csrf",
    )
    fake.on(
        ok({"batchcomplete": True, "query": {"tokens": {"logintoken": "l0g1n+\\"}}}),
        action="query",
        meta="tokens",
        type="login",
    )
    fake.on(
        ok({"login": {"result": "Success", "lguserid": 1, "lgusername": "Admin"}}), action="login"
    )
    fake.on(
        ok(
            {
                "batchcomplete": True,
                "query": {
                    "userinfo": {
                        "id": 1,
                        "name": "Admin",
                        "rights": ["apihighlimits", "managementors", "setmentor"],
                    }
                },
            }
        ),
        action="query",
        meta="userinfo",
    )

    # mentees' questions (issue 25): none asked, no new accounts
    empty = {"batchcomplete": True, "query": {"recentchanges": [], "logevents": []}}
    fake.on(ok(empty), action="query", list="recentchanges|logevents")
    fake.on(ok(empty), action="query", list="recentchanges")

    def history(params: dict[str, str]) -> tuple[int, Any]:
        """Page history in MediaWiki's format: one revision per write made through this fake."""
        summaries = [
            sent["summary"]
            for method, sent in fake.requests
            if method == "POST" and "summary" in sent and sent.get("action") != "login"
        ]
        revisions = [
            {"revid": 100 + number, "user": "Admin", "comment": summary}
            for number, summary in enumerate(summaries, start=1)
        ]
        if params.get("rvdir") != "newer":
            revisions.reverse()
        page = {"pageid": 9, "ns": 8, "title": params["titles"], "revisions": revisions}
        return ok({"batchcomplete": True, "query": {"pages": [page]}})

    fake.on(history, action="query", prop="revisions", rvprop="ids|user|comment")

    def users_by_id(params: dict[str, str]) -> tuple[int, Any]:
        if "ususers" in params:  # by name: the gender of the mentors written to (GENDER)
            ids = {name: user_id for user_id, name in users.items()}
            by_name = [
                {"userid": ids[name], "name": name, "gender": "unknown"}
                if name in ids
                else {"name": name, "missing": True}
                for name in params["ususers"].split("|")
            ]
            return ok({"batchcomplete": True, "query": {"users": by_name}})
        found = []
        for raw in params["ususerids"].split("|"):
            user_id = int(raw)
            if user_id in users:
                found.append(
                    {
                        "userid": user_id,
                        "name": users[user_id],
                        "registration": "2020-01-01T00:00:00Z",
                    }
                )
            else:
                found.append({"userid": user_id, "missing": True})
        return ok({"batchcomplete": True, "query": {"users": found}})

    def contribs(params: dict[str, str]) -> tuple[int, Any]:
        """One row per user who edited (their last edit), by user id descending, as MediaWiki."""
        ids = sorted((int(raw) for raw in params["ucuserids"].split("|")), reverse=True)
        rows = [
            {"userid": user_id, "user": users[user_id], "timestamp": stamp}
            for user_id in ids
            if (stamp := last_edits.get(user_id)) is not None and stamp >= params.get("ucend", "")
        ]
        return ok({"batchcomplete": True, "query": {"usercontribs": rows}})

    fake.on(users_by_id, action="query", list="users")
    fake.on(contribs, action="query", list="usercontribs")
    # mentorwatch's own rules page: missing unless a test stores one (rules_page())
    missing = {"ns": 4, "title": RULES_PAGE, "missing": True}
    fake.on(ok({"batchcomplete": True, "query": {"pages": [missing]}}), titles=RULES_PAGE)
    return fake


RULES_PAGE = "Project:Mentorwatch/Rules.json"


def client_for(fake: FakeWiki) -> Any:
    from mentorwatch.wiki.api import MediaWikiClient

    session = requests.Session()
    client = MediaWikiClient(API_URL, session=session, sleep=lambda _seconds: None)
    session.mount("http://", fake)
    return client
