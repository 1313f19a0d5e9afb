"""The web app's routes in process (Flask's test client): the branches a user meets when
something goes wrong, each checked by what the user sees.

The journal is real (SQLite in ``tmp_path``). There is no wiki in unit tests, so the wiki side
is :class:`PaperWiki`: a ``jsonpage`` backend whose list and configuration are held in memory
and whose writes fail as a test tells them to. Users are signed in by putting a
:class:`~mentorwatch.web.auth.WebUser` in the app's session store, as sign-in does.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from mentorwatch.domain.outcomes import WriteAction
from mentorwatch.settings import Settings
from mentorwatch.store.journal import ActionRecord, Journal
from mentorwatch.web.app import WebConfig, create_app
from mentorwatch.web.auth import WebUser
from mentorwatch.web.services import Wiki, services_of
from mentorwatch.web.writes import JournaledWrites
from mentorwatch.wiki.api import MediaWikiClient
from mentorwatch.wiki.errors import WikiError
from mentorwatch.wiki.mentorlist import (
    EntryChanged,
    JsonPageBackend,
    RawEntry,
    RawMentorList,
    Written,
)
from mentorwatch.wiring import WikiConnection

from .builders import NOW

API = "https://wiki.test/w/api.php"
MIRA = 7
STORED_CONFIG = {"GEMentorshipShouldBeAutoremoved": True, "GEMentorshipAutoremovedAfterDays": 30}
CONFIG_FORM = {
    "autoaway": "yes",
    "autoaway_days": "10",
    "autoremove": "yes",
    "autoremove_days": "30",
    "warn": "no",
    "notify": "no",
}


class PaperBackend(JsonPageBackend):
    """The wiki side only: the pages in memory; ``failure`` is raised by the next write."""

    def __init__(self) -> None:
        super().__init__(MediaWikiClient(API))
        self.config: dict[str, Any] = dict(STORED_CONFIG)
        self.entries: dict[str, RawEntry] = {
            str(MIRA): {"username": "Mira", "message": None, "weight": 2}
        }
        self.failure: WikiError | None = None
        self.writes = 0

    def read_config(self) -> dict[str, Any]:
        return dict(self.config)

    def read_list(self) -> RawMentorList:
        return RawMentorList({key: dict(entry) for key, entry in self.entries.items()})

    def write_config(self, document: Mapping[str, Any], summary: str) -> int:
        self._fail_if_told()
        self.config = dict(document)
        return 101

    def set_own_away(
        self, user_id: int, username: str, entry: RawEntry, until: datetime, summary: str
    ) -> Written:
        self._fail_if_told()
        raise AssertionError("no test here saves an away")

    def _fail_if_told(self) -> None:
        self.writes += 1
        if self.failure is not None:
            raise self.failure


class PaperWiki(Wiki):
    """Every signed-in user's backend is the paper one; the dashboard cannot read it."""

    def __init__(self, config: WebConfig, backend: PaperBackend) -> None:
        super().__init__(config)
        self.paper = backend

    @property
    def connection(self) -> WikiConnection:
        raise WikiError("there is no wiki in unit tests")

    def backend(self, client: MediaWikiClient) -> PaperBackend:
        return self.paper


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


def sign_in(app: Flask, client: FlaskClient, *, admin: bool = False) -> str:
    """Sign Mira in (an administrator or not); returns the CSRF token her pages carry."""
    user = WebUser(
        key=f"session-{admin}",
        name="Mira",
        user_id=MIRA,
        rights=frozenset({"edit", "editsitejson"} if admin else {"edit"}),
        date_format="dmy",
        client=MediaWikiClient(API),
        expires_at=NOW + timedelta(hours=8),
    )
    services_of(app).users.keep(user)
    with client.session_transaction() as session:
        session["key"] = user.key
    page = client.get("/runs")  # any page: the sign-out form carries the token
    found = re.search(r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True))
    assert found, "no CSRF token on the page"
    return found.group(1)


def text(response: Any) -> str:
    return str(response.get_data(as_text=True))


def only_action(journal: Journal) -> ActionRecord:
    (action,) = journal.actions()
    return action


def test_signed_out_visitors_are_sent_to_sign_in(client: FlaskClient) -> None:
    for page in ("/", "/away", "/config", "/runs"):
        response = client.get(page)
        assert response.status_code == 302
        assert response.headers["Location"] == f"/signin?next={page}?"
    signin = client.get("/signin?next=/away?")
    assert signin.status_code == 200 and "Sign in with your wiki account" in text(signin)
    assert client.get("/healthz").status_code == 200  # open to the server's monitoring


def test_a_form_without_the_sessions_csrf_token_is_refused(
    app: Flask, client: FlaskClient, backend: PaperBackend, journal: Journal
) -> None:
    sign_in(app, client, admin=True)
    forged = client.post("/config", data={**CONFIG_FORM, "csrf_token": "forged"})
    assert forged.status_code == 400
    assert "The form expired or did not come from this site" in text(forged)
    assert (backend.config, backend.writes, journal.actions()) == (STORED_CONFIG, 0, [])


def test_a_non_administrator_cannot_see_or_save_the_configuration(
    app: Flask, client: FlaskClient, backend: PaperBackend, journal: Journal
) -> None:
    token = sign_in(app, client, admin=False)
    shown = client.get("/config")
    posted = client.post("/config", data={**CONFIG_FORM, "csrf_token": token})
    for response in (shown, posted):
        assert response.status_code == 403
        assert "Only administrators" in text(response)
    assert (backend.config, backend.writes, journal.actions()) == (STORED_CONFIG, 0, [])


def test_the_configuration_form_says_so_when_the_wiki_does_not_save_it(
    app: Flask, client: FlaskClient, backend: PaperBackend, journal: Journal
) -> None:
    token = sign_in(app, client, admin=True)
    backend.failure = WikiError("MediaWiki:GrowthExperimentsMentorship.json is protected")
    response = client.post("/config", data={**CONFIG_FORM, "csrf_token": token})
    assert response.status_code == 502
    assert (
        "The wiki did not save the configuration: "
        "MediaWiki:GrowthExperimentsMentorship.json is protected"
    ) in text(response)
    assert 'value="10"' in text(response)  # the admin's values are still in the form
    assert backend.config == STORED_CONFIG
    journaled = only_action(journal)
    assert (journaled.action, journaled.status, journaled.username) == (
        "set_config",
        "failed",
        "Mira",
    )


def away_for_ten_days(client: FlaskClient, token: str) -> Any:
    return client.post(
        "/away", data={"action": "away", "mode": "days", "days": "10", "csrf_token": token}
    )


def test_the_away_page_answers_409_when_the_entry_changed_meanwhile(
    app: Flask, client: FlaskClient, backend: PaperBackend, journal: Journal
) -> None:
    token = sign_in(app, client)
    backend.failure = EntryChanged("the list entry of mentor #7 changed since it was read")
    response = away_for_ten_days(client, token)
    assert response.status_code == 409
    assert "Your entry changed meanwhile; reload and try again." in text(response)
    assert 'value="10"' in text(response)  # what she asked for is kept
    journaled = only_action(journal)
    assert (journaled.action, journaled.status) == ("self_away", "skipped")


def test_the_away_page_says_so_when_the_wiki_does_not_save_it(
    app: Flask, client: FlaskClient, backend: PaperBackend, journal: Journal
) -> None:
    token = sign_in(app, client)
    backend.failure = WikiError("the wiki is read-only for maintenance")
    response = away_for_ten_days(client, token)
    assert response.status_code == 502
    assert "The wiki did not save it: the wiki is read-only for maintenance" in text(response)
    journaled = only_action(journal)
    assert (journaled.action, journaled.status) == ("self_away", "failed")


def test_a_run_of_another_wiki_is_not_shown(
    app: Flask, client: FlaskClient, journal: Journal
) -> None:
    sign_in(app, client)
    ours = journal.start_run(API, "jsonpage", False, NOW, {})
    theirs = journal.start_run("https://other.test/w/api.php", "jsonpage", False, NOW, {})
    assert client.get(f"/runs/{ours}").status_code == 200
    response = client.get(f"/runs/{theirs}")
    assert response.status_code == 404
    assert f"Run #{theirs} was on another wiki." in text(response)
    missing = client.get("/runs/999")
    assert missing.status_code == 404 and "There is no run #999." in text(missing)


def test_a_web_save_that_dies_mid_way_leaves_its_action_pending_for_the_next_run(
    tmp_path: Path,
) -> None:
    # issue 13, finding 7: the run was journaled as finished with the action still pending
    journal = Journal(f"sqlite:///{tmp_path / 'journal.db'}")
    writes = JournaledWrites(journal, "https://w.example/api.php", lambda: NOW)

    def dies() -> int | None:
        raise RuntimeError("killed half-way")

    with pytest.raises(RuntimeError):
        writes.write(
            backend="jsonpage",
            by="Ana",
            action=WriteAction.SELF_AWAY,
            user_id=3,
            username="Ana",
            before={},
            intended={"awayTimestamp": "2026-12-01T00:00:00Z"},
            page="MediaWiki:GrowthMentors.json",
            summary="Ana is away",
            perform=dies,
        )
    (run,) = journal.runs("https://w.example/api.php")
    assert run["status"] == "interrupted"
    (pending,) = journal.pending_actions("https://w.example/api.php")
    assert (pending.username, pending.action) == ("Ana", "self_away")
