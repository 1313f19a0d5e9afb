"""Signed-in sessions shared by the web workers (issue 20): a sign-out on one worker ends the
session on every other at the next request; a sealed session opens only in its own row; one
account, and the store in all, hold a bounded number; sign-in attempts are rate-limited per
address and per account across workers; a weak secret is refused at start. Each worker is an
app of its own over one real SQLite journal."""

from __future__ import annotations

import importlib
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from mentorwatch.settings import Settings, SettingsError
from mentorwatch.store.journal import Journal
from mentorwatch.store.migrate import JournalError
from mentorwatch.store.web_sessions import SessionBounds
from mentorwatch.web.runtime.app import create_app
from mentorwatch.web.runtime.sealed_sessions import SharedSessions
from mentorwatch.web.runtime.services import services_of
from mentorwatch.web.runtime.sessions import CACHED_SESSIONS, SessionStore, WebUser
from mentorwatch.web.runtime.sign_in_limits import PER_ACCOUNT, PER_ADDRESS, WINDOW, account_name
from mentorwatch.web.runtime.web_config import WebConfig, web_config_from_env
from mentorwatch.wiki.api import MediaWikiClient
from mentorwatch.wiki.errors import AuthenticationError

from .builders import NOW
from .test_web_routes import API, PaperBackend, PaperWiki

auth_routes = importlib.import_module("mentorwatch.web.pages.signin")
SECRET = "f3a9c1d27be84e05a6c9d0b1e2f34a5b6c7d8e9f0a1b2c3d4e5f60718293a4b5"
LIFETIME = timedelta(hours=8)


class LoggingOut(MediaWikiClient):
    """A signed-in wiki client that remembers the writes it was asked for (``logout``)."""

    def __init__(self) -> None:
        super().__init__(API)
        self.authenticated_as = "Mira"
        self.posted: list[str] = []

    def post_with_token(self, **params: Any) -> dict[str, Any]:
        self.posted.append(str(params["action"]))
        return {}


def user(key: str, user_id: int = 7, client: MediaWikiClient | None = None) -> WebUser:
    return WebUser(
        key, "Mira", user_id, frozenset({"edit"}), "dmy", client or LoggingOut(), NOW + LIFETIME
    )


@pytest.fixture
def journal(tmp_path: Path) -> Journal:
    return Journal(f"sqlite:///{tmp_path / 'journal.db'}")


def worker(journal: Journal, clock: Any = lambda: NOW) -> SessionStore:
    """One worker's sessions: its memory, over the shared journal."""
    return SessionStore(clock, LIFETIME, SharedSessions(journal.web_sessions, SECRET))


# --- sign-out everywhere ------------------------------------------------------------------


def test_a_sign_out_on_one_worker_ends_the_session_on_every_other(journal: Journal) -> None:
    one, other = worker(journal), worker(journal)
    mira = user("browser-key")
    one.keep(mira)
    assert other.get("browser-key") is not None  # opened from the store: now in its memory
    assert other.get("browser-key") is not None
    one.remove("browser-key")
    assert other.get("browser-key") is None  # its memory no longer serves it
    assert one.get("browser-key") is None
    assert isinstance(mira.client, LoggingOut) and mira.client.posted == ["logout"]


def test_signing_out_on_a_worker_that_never_saw_the_session_logs_it_out_of_the_wiki(
    journal: Journal,
) -> None:
    one, other = worker(journal), worker(journal)
    one.keep(user("browser-key", client=MediaWikiClient(API)))
    logged_out: list[MediaWikiClient] = []
    sessions = importlib.import_module("mentorwatch.web.runtime.sessions")
    original = sessions.sign_out
    sessions.sign_out = lambda client: logged_out.append(client) or True
    try:
        other.remove("browser-key")
    finally:
        sessions.sign_out = original
    assert [client.authenticated_as for client in logged_out] == ["Mira"]
    assert one.get("browser-key") is None


def test_an_expired_session_is_refused_by_the_worker_holding_it(journal: Journal) -> None:
    moments = [NOW]
    one = worker(journal, lambda: moments[0])
    one.keep(user("browser-key"))
    moments[0] = NOW + LIFETIME
    assert one.get("browser-key") is None


def test_each_worker_keeps_a_bounded_number_of_sessions_opened(journal: Journal) -> None:
    one = worker(journal)
    for index in range(CACHED_SESSIONS + 5):
        one.keep(user(f"key-{index}", user_id=1000 + index))
    assert len(one._users) == CACHED_SESSIONS
    assert one.get("key-0") is not None  # dropped from memory, opened again from the store


# --- a sealed session is bound to its row --------------------------------------------------


def test_a_sealed_session_copied_into_another_row_opens_as_nobody(journal: Journal) -> None:
    one = worker(journal)
    admin = WebUser(
        "admin-key", "Ada", 1, frozenset({"editsitejson"}), "dmy", LoggingOut(), NOW + LIFETIME
    )
    one.keep(admin)
    one.keep(user("attacker-key", user_id=9))
    sealed = journal.web_sessions.load("admin-key", NOW)
    assert sealed is not None
    journal.web_sessions.save("attacker-key", sealed, NOW + LIFETIME)  # a database writer
    fresh = worker(journal)  # a worker that has not opened the attacker's session yet
    assert fresh.get("attacker-key") is None
    assert fresh.get("admin-key") is not None  # the admin's own row still opens


# --- bounded sessions -----------------------------------------------------------------------


def test_one_account_holds_a_bounded_number_of_sessions_and_the_store_in_all(
    journal: Journal,
) -> None:
    rows = journal.web_sessions
    bounds = SessionBounds(per_owner=2, in_total=3)
    later = [NOW + timedelta(minutes=minute) for minute in range(4)]
    for index, expires in enumerate(later[:3]):
        assert rows.save(f"mira-{index}", "s", expires, "mira", bounds=bounds, now=NOW)
    assert [rows.alive(f"mira-{index}", NOW) for index in range(3)] == [False, True, True]
    assert rows.save("ana-0", "s", later[3], "ana", bounds=bounds, now=NOW)
    assert not rows.save("olek-0", "s", later[3], "olek", bounds=bounds, now=NOW)  # full
    assert not rows.alive("olek-0", NOW)
    # once sessions expire, there is room again
    assert rows.save("olek-0", "s", later[3] + LIFETIME, "olek", bounds=bounds, now=later[2])


# --- a weak secret is refused at start -----------------------------------------------------


WEAK = ["a", "bench", "x" * 64, "abcd" * 16, "0123456789abcde", "password" * 4, "hunter2-" * 5]


@pytest.mark.parametrize("secret", WEAK)
def test_a_weak_web_secret_is_refused_at_start(secret: str) -> None:
    with pytest.raises(SettingsError, match="MENTORWATCH_WEB_SECRET is too weak") as raised:
        web_config_from_env(API, Settings(), env={"MENTORWATCH_WEB_SECRET": secret})
    assert "secrets.token_hex(32)" in str(raised.value)
    if len(secret) > 4:
        assert secret not in str(raised.value)  # never said back


@pytest.mark.parametrize(
    "secret", [SECRET, SECRET[:32], "correct horse battery staple, twice over"]
)
def test_a_strong_web_secret_is_taken(secret: str) -> None:
    config = web_config_from_env(API, Settings(), env={"MENTORWATCH_WEB_SECRET": secret})
    assert config.secret_key == secret
    assert len(web_config_from_env(API, Settings(), env={}).secret_key) == 64  # a random one


# --- sign-in attempts, rate-limited across workers ----------------------------------------


@pytest.fixture
def moments() -> list[datetime]:
    return [NOW]


def app_on(journal: Journal, moments: list[datetime]) -> Flask:
    config = WebConfig(API, Settings(), "jsonpage", secret_key=SECRET, clock=lambda: moments[0])
    return create_app(config, journal, wiki=PaperWiki(config, PaperBackend()))


@pytest.fixture
def wiki_refuses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The wiki refuses every sign-in; the names it was asked for."""
    asked: list[str] = []

    def refuse(_api: str, username: str, _password: str, _contact: str | None) -> None:
        asked.append(username)
        raise AuthenticationError("login-failed", f"login as {username} failed: wrong password")

    monkeypatch.setattr(auth_routes, "sign_in_with_bot_password", refuse)
    return asked


def attempt(client: FlaskClient, name: str, address: str = "192.0.2.1") -> Any:
    client.get("/signin")
    with client.session_transaction() as session:
        token = session["csrf"]
    form = {"username": name, "password": "guess", "csrf_token": token}
    return client.post("/signin", data=form, environ_base={"REMOTE_ADDR": address})


def test_sign_in_attempts_for_one_account_are_limited_across_workers(
    journal: Journal, moments: list[datetime], wiki_refuses: list[str]
) -> None:
    workers = [app_on(journal, moments).test_client() for _ in range(2)]
    spellings = ["Mira@a", "mira@b", "Mira_@c", " Mira @d", "mira@phone", "MIRA@x"]
    answers = [attempt(workers[i % 2], name) for i, name in enumerate(spellings)]
    assert [a.status_code for a in answers] == [401] * PER_ACCOUNT + [401]  # MIRA: another
    refused = attempt(workers[0], "Mira@again")
    assert refused.status_code == 429 and refused.headers["Retry-After"] == "600"
    page = refused.get_data(as_text=True)
    assert "Too many sign-in attempts for this account: wait 10 minutes" in page
    assert len(wiki_refuses) == PER_ACCOUNT + 1  # the refused attempt never reached the wiki
    assert attempt(workers[1], "Ana@x").status_code == 401  # another account goes on
    moments[0] = NOW + WINDOW
    assert attempt(workers[1], "Mira@again").status_code == 401


def test_sign_in_attempts_from_one_address_are_limited(
    journal: Journal, moments: list[datetime], wiki_refuses: list[str]
) -> None:
    client = app_on(journal, moments).test_client()
    codes = [attempt(client, f"User{index}@x").status_code for index in range(PER_ADDRESS)]
    assert codes == [401] * PER_ADDRESS
    refused = attempt(client, "Someone@x")
    assert refused.status_code == 429
    assert "Too many sign-in attempts from your address" in refused.get_data(as_text=True)
    assert attempt(client, "Someone@x", address="198.51.100.7").status_code == 401


def test_account_names_are_read_as_the_wiki_reads_them() -> None:
    assert account_name("mira_s@phone") == "Mira s"
    assert account_name("  Mira   S ") == "Mira S"
    assert account_name("Mira@a@b") == "Mira@a"


def test_the_web_app_bounds_sessions_by_the_account_it_signs_in(journal: Journal) -> None:
    app = app_on(journal, [NOW])
    users = services_of(app).users
    for index in range(12):
        users.keep(user(f"mira-{index}"))
    alive = [journal.web_sessions.alive(f"mira-{index}", NOW) for index in range(12)]
    assert alive.count(True) == 10 and alive[-1]


def test_a_journal_that_cannot_say_whether_a_session_stands_serves_nobody(
    journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = app_on(journal, [NOW])
    services_of(app).users.keep(user("browser-key"))
    client = app.test_client()
    with client.session_transaction() as session:
        session["key"] = "browser-key"
    assert client.get("/runs").status_code == 200

    def locked(_key: str, _now: datetime) -> bool:
        raise JournalError("the journal sqlite:///j.db cannot be used (database is locked)")

    monkeypatch.setattr(journal.web_sessions, "alive", locked)
    refused = client.get("/runs")
    assert refused.status_code == 503
    assert "Try again in a moment: the journal" in refused.get_data(as_text=True)
