"""Hostile input through every web route: pages of every wrong shape read through the real
``jsonpage`` backend (over a fake HTTP session), odd form values and addresses, hostile names
on the dashboard and in its exports. Never a 500, never a traceback, never a write that the
input should have stopped."""

from __future__ import annotations

import csv
import dataclasses
import importlib
import io
import json
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import pytest
import requests
from flask import Flask
from flask.testing import FlaskClient

from mentorwatch.domain.message import WORDS, Message
from mentorwatch.settings import Settings
from mentorwatch.store.journal import Journal
from mentorwatch.web.runtime.app import create_app
from mentorwatch.web.runtime.services import Wiki, services_of
from mentorwatch.web.runtime.sessions import WebUser
from mentorwatch.web.runtime.sign_in_limits import PER_ACCOUNT, PER_ADDRESS, account_name
from mentorwatch.web.runtime.web_config import WebConfig
from mentorwatch.web.views.dashboard_state import state_from
from mentorwatch.wiki.api import MediaWikiClient
from mentorwatch.wiki.errors import WikiError
from mentorwatch.wiki.jsonpage import JsonPageBackend
from mentorwatch.wiki.mentorlist import CONFIG_PAGE, MENTOR_LIST_PAGE, RULES_PAGE
from mentorwatch.wiring import WikiConnection

from ..unit.builders import NOW
from ..unit.test_web import dashboard_snapshot
from .shapes import BROKEN_TEXTS, HOSTILE_NAMES, ODD_VALUES, document_shapes, json_text

#: an administrator signed in with the grants the sign-in page lists for them (a save protects
#: a rules page that is not protected yet: "Protect and unprotect pages")
ADMIN_SIGN_IN = frozenset({"edit", "createpage", "editcontentmodel", "editprotected", "protect"})
API = "https://wiki.test/w/api.php"
MIRA = 7
GOOD_CONFIG = {"GEMentorshipShouldBeAutoremoved": True, "GEMentorshipAutoremovedAfterDays": 30}
GOOD_LIST = {"Mentors": {str(MIRA): {"username": "Mira", "message": None, "weight": 2}}}
CONFIG_FORM = {
    "autoaway": "yes",
    "autoaway_days": "10",
    "autoremove": "yes",
    "autoremove_days": "30",
    "warn": "no",
    "notify": "no",
}


class PageServer(requests.Session):
    """The wiki's api.php for the two pages: answers reads with what the test put there,
    counts edits (and saves nothing)."""

    def __init__(self) -> None:
        super().__init__()
        self.pages = {CONFIG_PAGE: json_text(GOOD_CONFIG), MENTOR_LIST_PAGE: json_text(GOOD_LIST)}
        self.edits = 0
        self.protections = 0

    def request(self, method: str | bytes, url: str | bytes, *_a: Any, **kw: Any) -> Any:
        params = {**(kw.get("params") or {}), **(kw.get("data") or {})}
        if params.get("action") == "edit":
            self.edits += 1
            body: Any = {"edit": {"result": "Failure", "info": "the hostile suite saves nothing"}}
        elif params.get("action") == "protect":
            self.protections += 1
            body = {
                "error": {"code": "permissiondenied", "info": "the hostile suite protects nothing"}
            }
        elif params.get("list") == "users":
            body = {"query": {"users": [{"name": params.get("ususers"), "missing": True}]}}
        elif params.get("meta") == "tokens":
            body = {"query": {"tokens": {"csrftoken": "t+\\"}}}
        else:
            titles = str(params.get("titles", "")).split("|")
            body = {"query": {"pages": [self._page(title) for title in titles]}}
        answer = requests.Response()
        answer.status_code = 200
        answer._content = json.dumps(body).encode()
        return answer

    def _page(self, title: str) -> dict[str, Any]:
        """As MediaWiki says it: a page of the MediaWiki namespace is JSON by its name; one of
        the Project namespace (the rules page) is wikitext and unprotected, as anyone makes it."""
        namespace, model = (8, "json") if title.startswith("MediaWiki:") else (4, "wikitext")
        content = self.pages.get(title)
        if content is None:
            return {"title": title, "ns": namespace, "missing": True}
        revision = {
            "revid": 5,
            "timestamp": "2026-11-01T00:00:00Z",
            "user": "Someone",
            "slots": {"main": {"content": content, "contentmodel": model}},
        }
        return {"title": title, "ns": namespace, "contentmodel": model, "revisions": [revision]}


class ServedWiki(Wiki):
    def __init__(self, config: WebConfig, server: PageServer) -> None:
        super().__init__(config)
        self.server = server

    @property
    def connection(self) -> WikiConnection:
        raise WikiError("the dashboard is given its state in these tests")

    def backend(self, client: MediaWikiClient) -> JsonPageBackend:
        return JsonPageBackend(MediaWikiClient(API, session=self.server, sleep=lambda _s: None))


@pytest.fixture
def server() -> PageServer:
    return PageServer()


@pytest.fixture
def app(server: PageServer, tmp_path: Path) -> Flask:
    config = WebConfig(API, Settings(), "jsonpage", secret_key="test", clock=lambda: NOW)
    journal = Journal(f"sqlite:///{tmp_path / 'journal.db'}")
    return create_app(config, journal, wiki=ServedWiki(config, server))


def signed_in(app: Flask, *, admin: bool = True, name: str = "Mira") -> tuple[FlaskClient, str]:
    client = app.test_client()
    user = WebUser(
        key=f"session-{admin}",
        name=name,
        user_id=MIRA,
        rights=ADMIN_SIGN_IN if admin else frozenset({"edit"}),
        date_format="dmy",
        client=MediaWikiClient(API),
        expires_at=NOW + timedelta(hours=8),
        admin=admin,
    )
    services_of(app).users.keep(user)
    with client.session_transaction() as session:
        session["key"] = user.key
        session["csrf"] = "token"
    return client, "token"


def clean(response: Any, codes: set[int]) -> str:
    body = response.get_data(as_text=True)
    assert response.status_code in codes, (response.status_code, body[-600:])
    assert "Traceback" not in body
    assert "x=1" not in response.headers.get("Set-Cookie", "")  # no header injection
    if response.mimetype == "text/html":
        assert HOSTILE_NAMES["html"] not in body  # escaped
    return str(body)


# --- pages of every wrong shape -----------------------------------------------------------

PAGE_TEXTS = {
    **BROKEN_TEXTS,
    **{label: json_text(doc) for label, doc in document_shapes(GOOD_CONFIG)},
}
LIST_TEXTS = {
    **BROKEN_TEXTS,
    **{label: json_text(doc) for label, doc in document_shapes(GOOD_LIST)},
    **{
        f"entry-{label}": json_text({"Mentors": {str(MIRA): doc}})
        for label, doc in document_shapes(GOOD_LIST["Mentors"][str(MIRA)])
    },
    "duplicate-id": '{"Mentors": {"7": {"username": "Mira", "weight": 2}, "7": {"weight": 0}}}',
    "aliased-id": '{"Mentors": {"7": {"username": "Mira", "weight": 2}, "07": {"weight": 0}}}',
    "arabic-id": '{"Mentors": {"\u0667": {"username": "Mira", "weight": 2}}}',
}


@pytest.mark.parametrize("text", PAGE_TEXTS.values(), ids=PAGE_TEXTS.keys())
def test_the_configuration_page_stored_in_any_shape(
    app: Flask, server: PageServer, text: str
) -> None:
    server.pages[CONFIG_PAGE] = text
    client, token = signed_in(app)
    clean(client.get("/config"), {200, 502})
    clean(client.get("/away"), {200, 403, 502})
    posted = client.post("/config", data={**CONFIG_FORM, "csrf_token": token})
    clean(posted, {302, 422, 502})
    if text in BROKEN_TEXTS.values():
        assert server.edits == 0  # a page that cannot be read is never written over


GOOD_RULES = {
    "RemoveInactiveMentors": True,
    "RemoveAfterDays": 30,
    "Exemptions": [{"mentor": "Olek", "reason": "on leave", "until": None}],
}
RULES_TEXTS = {
    **BROKEN_TEXTS,
    **{label: json_text(doc) for label, doc in document_shapes(GOOD_RULES)},
}
EXEMPTION_FORMS = (
    {"action": "exempt", "exempt_mentor": "Mira", "exempt_reason": "x", "exempt_until": ""},
    {"action": "unexempt", "mentor": "Olek"},
)


@pytest.mark.parametrize("text", RULES_TEXTS.values(), ids=RULES_TEXTS.keys())
def test_the_rules_page_stored_in_any_shape(app: Flask, server: PageServer, text: str) -> None:
    server.pages[RULES_PAGE] = text
    client, token = signed_in(app)
    page = clean(client.get("/config"), {200})  # said on the page, which stays usable
    assert "mentorwatch does not use these rules now" in page  # this page is not protected
    clean(client.get("/away"), {200, 403, 502})
    for form in EXEMPTION_FORMS:
        posted = client.post("/config", data={**form, "csrf_token": token})
        clean(posted, {302, 422, 502})
    if text in BROKEN_TEXTS.values():
        assert "The rules page cannot be read" in page
        assert server.edits == 0  # an exemption never writes over what cannot be read
    clean(client.post("/config", data={**CONFIG_FORM, "csrf_token": token}), {302, 422, 502})
    assert server.protections == 0  # the save (refused here) comes first; nothing to protect


@pytest.mark.parametrize("text", LIST_TEXTS.values(), ids=LIST_TEXTS.keys())
def test_the_mentor_list_stored_in_any_shape(app: Flask, server: PageServer, text: str) -> None:
    server.pages[MENTOR_LIST_PAGE] = text
    client, token = signed_in(app, admin=False)
    clean(client.get("/away"), {200, 403, 502})
    for form in ({"action": "back"}, {"mode": "days", "days": "3"}):
        clean(client.post("/away", data={**form, "csrf_token": token}), {302, 403, 409, 422, 502})
    if text in BROKEN_TEXTS.values():
        assert server.edits == 0


@pytest.mark.parametrize("label", ["duplicate-id", "aliased-id", "arabic-id", *BROKEN_TEXTS])
def test_an_ambiguous_or_broken_list_is_never_written(
    app: Flask, server: PageServer, label: str
) -> None:
    server.pages[MENTOR_LIST_PAGE] = LIST_TEXTS[label]
    client, token = signed_in(app, admin=False)
    for form in ({"action": "back"}, {"mode": "days", "days": "3"}):
        clean(client.post("/away", data={**form, "csrf_token": token}), {403, 502})
    assert server.edits == 0


# --- odd form values and addresses --------------------------------------------------------

ODD_FIELDS = [
    "",
    " ",
    "²",
    "٣",
    "9" * 5000,
    "-1",
    "1.5",
    "1e3",
    "0x10",
    "\x00",
    "\u202e7",
    "10\r\n",
]


@pytest.mark.parametrize("value", ODD_FIELDS, ids=[repr(v)[:20] for v in ODD_FIELDS])
def test_odd_values_in_every_form_field(app: Flask, server: PageServer, value: str) -> None:
    client, token = signed_in(app)
    for field in ("autoaway", "autoaway_days", "autoremove_days", "warn", "warn_days"):
        response = client.post(
            "/config", data={**CONFIG_FORM, "warn": "yes", field: value, "csrf_token": token}
        )
        clean(response, {302, 422, 502})
    for form in (
        {"mode": "days", "days": value},
        {"mode": "until", "until": value},
        {"mode": value, "days": value, "until": value},
        {"action": value},
    ):
        clean(client.post("/away", data={**form, "csrf_token": token}), {302, 403, 422, 502})
    assert server.edits == 0 or value in ("10\r\n",)


HOSTILE_QUERY = [
    "/%09/evil.example",
    "//evil.example",
    "/%0d%0aSet-Cookie:x=1",
    HOSTILE_NAMES["ansi"],
    "9" * 5000,
    "²",
    "%ff%fe",
]


@pytest.mark.parametrize("value", HOSTILE_QUERY, ids=range(len(HOSTILE_QUERY)))
def test_odd_values_in_every_address(app: Flask, value: str) -> None:
    client, _token = signed_in(app)
    services_of(app).cache.state = state_from(dashboard_snapshot(), {}, NOW)
    encoded = quote(value, safe="%/")
    for page in (
        f"/?sort={encoded}&order={encoded}&status={encoded}",
        f"/export.csv?sort={encoded}&status={encoded}",
        f"/export.json?order={encoded}",
        f"/config?saved={encoded}",
        f"/away?saved={encoded}",
        f"/runs/{encoded}",
        f"/signin?next={encoded}",
        f"/oauth/callback?state={encoded}&code={encoded}",
        f"/oauth/start?x={encoded}",
    ):
        response = client.get(page)
        clean(response, {200, 302, 308, 400, 404})  # 308: Werkzeug merging slashes
        assert urlsplit(response.headers.get("Location", "")).netloc in ("", "localhost")
    posted = client.post(f"/signin?next={encoded}", data={"csrf_token": value})
    clean(posted, {400})


# --- hostile names on the dashboard and in its exports ------------------------------------


def test_hostile_names_on_the_dashboard_and_exports(app: Flask) -> None:
    client, _token = signed_in(app, name=HOSTILE_NAMES["html"])
    state = state_from(dashboard_snapshot(), {}, NOW)
    names = list(HOSTILE_NAMES.values())
    state.rows = [
        dataclasses.replace(
            row,
            username=names[i % len(names)],
            reason=(Message.of(WORDS, words=names[-i % len(names)]),),  # a mentor's own words
        )
        for i, row in enumerate(state.rows)
    ]
    services_of(app).cache.state = state
    page = clean(client.get("/"), {200})
    assert "&lt;script&gt;" in page
    exported = clean(client.get("/export.csv"), {200})
    for row in csv.DictReader(io.StringIO(exported)):
        for cell in row.values():
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    document = json.loads(clean(client.get("/export.json"), {200}))
    assert {m["username"] for m in document["mentors"]} <= set(names)


# --- next= that would leave the wiki's path (issue 20) ------------------------------------

KO = "https://ko.wikipedia.org/w/api.php"
DE = "https://de.wikipedia.org/w/api.php"
#: ways of writing "the folder above" and "/" a browser or the server understands
TRAVERSALS = [
    "/ko-wikipedia/../de-wikipedia/away",
    "/ko-wikipedia/%2e%2e/de-wikipedia/away",
    "/ko-wikipedia/%2E%2E/de-wikipedia/away",
    "/ko-wikipedia/.%2e/de-wikipedia/away",
    "/ko-wikipedia/%2e./de-wikipedia/away",
    "/ko-wikipedia/./%2e%2e/de-wikipedia/",
    "/ko-wikipedia/away/../../de-wikipedia/config",
    "/ko-wikipedia/a/b/../../../de-wikipedia/",
    "/ko-wikipedia/..%2fde-wikipedia/away",
    "/ko-wikipedia/%2e%2e%2fde-wikipedia/away",
    "/ko-wikipedia/%2e%2e%5cde-wikipedia/away",
    "/ko-wikipedia/..\\de-wikipedia/away",
    "/ko-wikipedia/..",
    "/ko-wikipedia/%2e%2e",
    "/ko-wikipedia/%2e%2e?next=/ko-wikipedia/",
    "/ko-wikipedia/%2e%2e#/ko-wikipedia/",
]


class SignedInClient(MediaWikiClient):
    """What the wiki gives back for any bot password: Mira, signed in."""

    def __init__(self) -> None:
        super().__init__(KO)
        self.authenticated_as = "Mira"

    def get(self, **_params: Any) -> dict[str, Any]:
        return {"query": {"userinfo": {"name": "Mira", "id": MIRA, "rights": ["edit"]}}}


def several(tmp_path: Path) -> Flask:
    from mentorwatch.web.runtime.several_wikis import several_wikis_app

    settings = Settings(database=f"sqlite:///{tmp_path / 'journal.db'}")
    secret = "7c1f0a9b3e5d4c2a8f6e0b1d9c3a5e7f"
    return several_wikis_app(
        [WebConfig(api, settings, "jsonpage", secret, clock=lambda: NOW) for api in (KO, DE)]
    )


@pytest.mark.parametrize("target", TRAVERSALS)
def test_next_never_leaves_the_wikis_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, target: str
) -> None:
    pages = importlib.import_module("mentorwatch.web.pages.signin")
    monkeypatch.setattr(pages, "sign_in_with_bot_password", lambda *_a: SignedInClient())
    browser = several(tmp_path).test_client()
    browser.get("/ko-wikipedia/signin")
    cookie = browser.get_cookie("mentorwatch-ko-wikipedia")
    assert cookie is not None
    app = several(tmp_path).wsgi_app.mounts["/ko-wikipedia"]  # type: ignore[attr-defined]
    token = app.session_interface.get_signing_serializer(app).loads(cookie.value)["csrf"]
    form = {"username": "Mira@x", "password": "p", "csrf_token": token}
    response = browser.post(f"/ko-wikipedia/signin?next={quote(target, safe='')}", data=form)
    clean(response, {302})
    location = response.headers["Location"]
    assert location.startswith("/ko-wikipedia/") and "de-wikipedia" not in location, location


# --- a signed-out cookie, replayed at every worker (issue 20) -----------------------------


def test_a_signed_out_cookie_replayed_on_every_route_of_every_worker(
    server: PageServer, tmp_path: Path
) -> None:
    """Two workers over one journal, each holding the session in memory; a sign-out on one.
    Every page and every form of both then answers as to nobody, and nothing is written."""
    secret = "5b2e9f0c7a1d4e8b3c6f9a0d2e5b8c1f"
    config = WebConfig(API, Settings(), "jsonpage", secret_key=secret, clock=lambda: NOW)
    journal = Journal(f"sqlite:///{tmp_path / 'journal.db'}")
    workers = [create_app(config, journal, wiki=ServedWiki(config, server)) for _ in range(2)]
    first, token = signed_in(workers[0], admin=True)
    other = workers[1].test_client()
    with first.session_transaction() as session:
        stolen = dict(session)
    with other.session_transaction() as session:
        session.update(stolen)
    assert other.get("/away").status_code == 200  # the other worker opened it: in its memory
    assert first.post("/signout", data={"csrf_token": token}).status_code == 302
    forms = [("/away", {"mode": "days", "days": "3"}), ("/away", {"action": "back"})]
    forms += [("/config", CONFIG_FORM), ("/refresh", {}), ("/signout", {})]
    for client in (first, other):
        with client.session_transaction() as session:
            session.update(stolen)
        for page in ("/", "/runs", "/config", "/away", "/export.csv", "/export.json"):
            response = client.get(page)
            clean(response, {302})
            assert urlsplit(response.headers["Location"]).path == "/signin", page
        for page, form in forms:
            response = client.post(page, data={**form, "csrf_token": token})
            clean(response, {302})
    assert server.edits == 0


# --- a sign-in flood (issue 20) -------------------------------------------------------------

SPELLINGS = ["Mira@a", "mira@b", "Mira_@c", " Mira @d", "mira@phone", "Mira@" + "x" * 500]


def test_sign_in_attempts_are_limited_across_workers(
    server: PageServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def refuse(_api: str, username: str, *_rest: Any) -> None:
        asked.append(username)
        raise WikiError("the wiki refused")

    pages = importlib.import_module("mentorwatch.web.pages.signin")
    monkeypatch.setattr(pages, "sign_in_with_bot_password", refuse)
    config = WebConfig(API, Settings(), "jsonpage", clock=lambda: NOW)
    journal = Journal(f"sqlite:///{tmp_path / 'journal.db'}")
    workers = [
        create_app(config, journal, wiki=ServedWiki(config, server)).test_client() for _ in range(3)
    ]
    codes = []
    for index, name in enumerate([*SPELLINGS, *HOSTILE_NAMES.values(), *ODD_FIELDS] * 2):
        client = workers[index % 3]
        client.get("/signin")
        with client.session_transaction() as session:
            token = session["csrf"]
        form = {"username": name, "password": "guess", "csrf_token": token}
        response = client.post("/signin", data=form)
        clean(response, {401, 429})
        codes.append(response.status_code)
    assert len(asked) == PER_ADDRESS and codes.count(429) == len(codes) - PER_ADDRESS
    assert sum(account_name(name) == "Mira" for name in asked) == PER_ACCOUNT  # one account


# --- the wiki's answer about a refused mentor, in every shape (issue 20) -------------------

BLOCKED_USER = {"id": MIRA, "name": "Mira", "rights": ["read", "edit"], "blockid": 5}
BLOCK_REASON = {"code": "blocked", "text": "You have been blocked from editing."}
PROTECTED = {"code": "protectednamespace-interface", "text": "Protected."}


def standing(user: Any = BLOCKED_USER, reason: Any = BLOCK_REASON, **parts: Any) -> Any:
    """The wiki's answer for a mentor blocked sitewide, said twice (their block, and a reason
    the list page may not be edited), with ``parts`` replaced."""
    edit = parts.get("edit", [PROTECTED, reason])
    pages = parts.get("pages", [{"title": MENTOR_LIST_PAGE, "actions": {"edit": edit}}])
    return parts.get("query", {"userinfo": user, "pages": pages})


STANDINGS = {
    **{f"userinfo-{label}": standing(user=doc) for label, doc in document_shapes(BLOCKED_USER)},
    **{f"reason-{label}": standing(reason=doc) for label, doc in document_shapes(BLOCK_REASON)},
    **{f"edit-{label}": standing(edit=value) for label, value in ODD_VALUES.items()},
    **{f"pages-{label}": standing(pages=value) for label, value in ODD_VALUES.items()},
    **{f"query-{label}": standing(query=value) for label, value in ODD_VALUES.items()},
    "no-pages": standing(pages=[]),
}


class RefusingServer(PageServer):
    """The wiki refuses the mentor's edit for the list page's protection, and answers the
    question "why may they not edit it?" with ``standing``."""

    def __init__(self, standing: Any) -> None:
        super().__init__()
        self.standing = standing

    def request(self, method: str | bytes, url: str | bytes, *a: Any, **kw: Any) -> Any:
        params = {**(kw.get("params") or {}), **(kw.get("data") or {})}
        if params.get("action") == "edit" or params.get("intestactions") == "edit":
            if params.get("action") == "edit":
                self.edits += 1
                body: Any = {"error": {**PROTECTED, "info": PROTECTED["text"]}}
            else:
                body = {"query": self.standing}
            answer = requests.Response()
            answer.status_code = 200
            answer._content = json.dumps(body).encode()
            return answer
        return super().request(method, url, *a, **kw)


class WithOperator(ServedWiki):
    """mentorwatch's own account, signed in, on a wiki of its own that counts its edits."""

    def __init__(self, config: WebConfig, server: PageServer, operator: PageServer) -> None:
        super().__init__(config, server)
        self.operator = operator

    @property
    def key(self) -> str:
        return API  # the journal's key a connected wiki would give itself

    def backend(self, client: MediaWikiClient) -> JsonPageBackend:
        return JsonPageBackend(MediaWikiClient(API, session=self.server, sleep=lambda _s: None))

    def operator_backend(self) -> JsonPageBackend:
        client = MediaWikiClient(API, session=self.operator, sleep=lambda _s: None)
        client.authenticated_as = "Mentorwatch-bot"
        return JsonPageBackend(client)


@pytest.mark.parametrize("answer", STANDINGS.values(), ids=STANDINGS.keys())
def test_a_blocked_mentor_is_never_saved_for_whatever_shape_the_wiki_answers_in(
    tmp_path: Path, answer: Any
) -> None:
    """The block is said twice; an answer broken in one place never makes mentorwatch's
    account save: the other place still says blocked, or the answer decides nothing."""
    mentor, operator = RefusingServer(answer), PageServer()
    config = WebConfig(API, Settings(), "jsonpage", secret_key="test", clock=lambda: NOW)
    journal = Journal(f"sqlite:///{tmp_path / 'journal.db'}")
    app = create_app(config, journal, wiki=WithOperator(config, mentor, operator))
    client, token = signed_in(app, admin=False)
    form = {"action": "away", "mode": "days", "days": "3", "csrf_token": token}
    clean(client.post("/away", data=form), {403, 502})
    assert mentor.edits == 1 and operator.edits == 0


def test_where_only_the_pages_protection_stands_mentorwatchs_account_does_save(
    tmp_path: Path,
) -> None:
    """The harness above can see a save on the mentor's behalf: here the wiki says nothing but
    the page's protection, and mentorwatch's account tries (its wiki saves nothing)."""
    mentor, operator = (
        RefusingServer(standing(user={"rights": ["edit"]}, reason=PROTECTED)),
        PageServer(),
    )
    config = WebConfig(API, Settings(), "jsonpage", secret_key="test", clock=lambda: NOW)
    journal = Journal(f"sqlite:///{tmp_path / 'journal.db'}")
    app = create_app(config, journal, wiki=WithOperator(config, mentor, operator))
    client, token = signed_in(app, admin=False)
    form = {"action": "away", "mode": "days", "days": "3", "csrf_token": token}
    clean(client.post("/away", data=form), {502})
    assert (mentor.edits, operator.edits) == (1, 1)


# --- the rules page (issue 20) ----------------------------------------------------------

HEADINGS = ["Hi\r[[Category:Pwned]]", "Hi\u2028there", "Hi\x85there", "== Hi ==", "Hi\x0bthere"]


@pytest.mark.parametrize("heading", HEADINGS, ids=[repr(h) for h in HEADINGS])
def test_a_warning_heading_that_would_leave_its_line_is_refused_by_the_form(
    app: Flask, server: PageServer, heading: str
) -> None:
    client, token = signed_in(app)
    form = {**CONFIG_FORM, "warning_heading": heading, "csrf_token": token}
    page = clean(client.post("/config", data=form), {422})
    assert 'id="warning_heading-error"' in page and server.edits == 0


@pytest.mark.parametrize("name", HOSTILE_NAMES.values(), ids=HOSTILE_NAMES.keys())
def test_an_exemption_for_a_name_the_wiki_does_not_know_is_refused(
    app: Flask, server: PageServer, name: str
) -> None:
    client, token = signed_in(app)
    form = {"action": "exempt", "exempt_mentor": name, "exempt_reason": "x", "csrf_token": token}
    page = clean(client.post("/config", data=form), {422})
    assert 'id="exempt_mentor-error"' in page and server.edits == 0
