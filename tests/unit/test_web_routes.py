"""The web app's routes in process (Flask's test client): the branches a user meets when
something goes wrong, each checked by what the user sees.

The journal is real (SQLite in ``tmp_path``). There is no wiki in unit tests, so the wiki side
is :class:`PaperWiki`: a ``jsonpage`` backend whose list and configuration are held in memory
and whose writes fail as a test tells them to. Users are signed in by putting a
:class:`~mentorwatch.web.runtime.sessions.WebUser` in the app's session store, as sign-in does.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, cast

import pytest
from flask import Flask
from flask.testing import FlaskClient

from mentorwatch.cli.render import history_to_json, history_to_text
from mentorwatch.cli.speech import speak
from mentorwatch.domain.languages import SOURCE_LANGUAGE
from mentorwatch.domain.message import Message
from mentorwatch.domain.outcomes import Outcome, Status, WriteAction
from mentorwatch.domain.timeutil import format_timestamp
from mentorwatch.language.render import english_sentences
from mentorwatch.service.action_log import ActionLog
from mentorwatch.settings import Settings
from mentorwatch.store.actions import Intent
from mentorwatch.store.journal import ActionRecord, Journal, RunStatus
from mentorwatch.web.runtime.app import create_app
from mentorwatch.web.runtime.services import Wiki, services_of
from mentorwatch.web.runtime.sessions import WebUser
from mentorwatch.web.runtime.web_config import WebConfig
from mentorwatch.wiki.api import MediaWikiClient
from mentorwatch.wiki.errors import ApiError, WikiError
from mentorwatch.wiki.jsonpage import JsonPageBackend
from mentorwatch.wiki.mentorlist import (
    CONFIG_PAGE,
    EntryChanged,
    RawEntry,
    RawMentorList,
    Written,
)
from mentorwatch.wiring import WikiConnection

from .builders import DAY, NOW

#: an administrator signed in with the grants the sign-in page lists for them (a save protects
#: a rules page that is not protected yet: "Protect and unprotect pages")
ADMIN_SIGN_IN = frozenset({"edit", "createpage", "editcontentmodel", "editprotected", "protect"})
API = "https://wiki.test/w/api.php"
MIRA = 7
OLEK = 8
ANA = 9
STORED_CONFIG = {"GEMentorshipShouldBeAutoremoved": True, "GEMentorshipAutoremovedAfterDays": 30}
CONFIG_FORM = {
    "autoaway": "yes",
    "autoaway_days": "10",
    "autoremove": "yes",
    "autoremove_days": "30",
    "warn": "no",
    "notify": "no",
}


#: what the wiki says when asked why the signed-in user may not edit the list page: only its
#: namespace's protection (as MediaWiki 1.39 and 1.43 say it for a plain user)
PAGE_PROTECTED = [
    {"code": "protectednamespace-interface", "text": "This page provides interface text."},
    {"code": "sitejsonprotected", "text": "You do not have permission to edit this JSON page."},
]


class PaperClient(MediaWikiClient):
    """The wiki's pages in memory (``read_pages``, the rules page's facts, ``edit``,
    ``protect``), its users, the mentor's last edit, its content language, and why the user
    may not edit a page (``userinfo``, ``edit_reasons``: as the wiki answers
    ``intestactions``). Pages are JSON, in
    the Project namespace unless named ``MediaWiki:``; ``models`` and ``protected`` say
    otherwise; the legacy configuration page is there (an interface administrator's)."""

    def __init__(self, on_write: Any, user: str | None = None) -> None:
        super().__init__(API)
        self.pages: dict[str, tuple[int, str]] = {}
        self.models: dict[str, str] = {}
        self.protected: set[str] = set()
        self.users = {"Mira": MIRA, "Olek": OLEK, "Ana": ANA}
        self.on_write = on_write
        self.authenticated_as = user
        self.last_edit = NOW - 2 * DAY
        self.summaries: list[str] = []
        self.userinfo: dict[str, Any] = {"id": MIRA, "name": user, "rights": ["read", "edit"]}
        self.edit_reasons: list[dict[str, Any]] = list(PAGE_PROTECTED)
        self.edits: list[dict[str, Any]] = []
        #: the wiki's content language (``meta=siteinfo``)
        self.language = "en"

    def get(self, **params: Any) -> dict[str, Any]:
        if params.get("meta") == "siteinfo":
            return {"query": {"general": {"lang": self.language}}}
        if params.get("list") == "usercontribs":
            stamp = format_timestamp(self.last_edit)
            return {"query": {"usercontribs": [{"timestamp": stamp}]}}
        if params.get("intestactions") == "edit":
            actions = {"edit": self.edit_reasons}
            page = {"title": params["titles"], "actions": actions}
            return {"query": {"userinfo": self.userinfo, "pages": [page]}}
        if params.get("list") == "users":
            name = str(params["ususers"]).replace("_", " ")
            name = name[:1].upper() + name[1:]
            found = (
                {"name": name, "userid": self.users[name]}
                if name in self.users
                else {
                    "name": name,
                    "missing": True,
                }
            )
            return {"query": {"users": [found]}}
        return {"query": {"pages": [self._page(t) for t in str(params["titles"]).split("|")]}}

    def _page(self, title: str) -> dict[str, Any]:
        namespace = 8 if title.startswith("MediaWiki:") else 4
        if title not in self.pages and title != CONFIG_PAGE:
            return {"title": title, "ns": namespace, "missing": True}
        revid, content = self.pages.get(title, (100, "{}"))
        model = self.models.get(title, "json")
        main = {"content": content, "contentmodel": model}
        revision = {"revid": revid, "timestamp": "", "user": "Admin", "slots": {"main": main}}
        protection = [
            {"type": kind, "level": "sysop", "expiry": "infinity"}
            for kind in ("edit", "move")
            if title in self.protected
        ]
        return {
            "title": title,
            "ns": namespace,
            "contentmodel": model,
            "protection": protection,
            "revisions": [revision],
        }

    def post_with_token(self, **params: Any) -> dict[str, Any]:
        self.on_write()
        title = params["title"]
        if params.get("action") == "protect":
            self.protected.add(title)
            return {"protect": {"title": title, "reason": params["reason"]}}
        if params.get("createonly") and title in self.pages:
            raise ApiError("articleexists", "The page already exists.")
        if "baserevid" in params and self.pages[title][0] != params["baserevid"]:
            raise ApiError("editconflict", "Edit conflict.")
        revid = 200 + len(self.summaries)
        self.pages[title] = (revid, params["text"])
        if "contentmodel" in params:
            self.models[title] = params["contentmodel"]
        self.summaries.append(params["summary"])
        self.edits.append(params)
        return {"edit": {"result": "Success", "newrevid": revid}}


class PaperBackend(JsonPageBackend):
    """The wiki side only: the pages in memory; ``failure`` is raised by the next write."""

    def __init__(self, account: str | None = None) -> None:
        super().__init__(PaperClient(self._fail_if_told, account))
        self.paper = cast(PaperClient, self.client)
        self.config: dict[str, Any] = dict(STORED_CONFIG)
        self.entries: dict[str, RawEntry] = {
            str(MIRA): {"username": "Mira", "message": None, "weight": 2}
        }
        self.failure: WikiError | None = None
        self.writes = 0
        self.away_summaries: list[str] = []

    def read_config(self) -> dict[str, Any]:
        return dict(self.config)

    def read_list(self) -> RawMentorList:
        return RawMentorList({key: dict(entry) for key, entry in self.entries.items()})

    def set_own_away(
        self, user_id: int, username: str, entry: RawEntry, until: datetime, summary: str
    ) -> Written:
        self._fail_if_told()
        written = {**entry, "awayTimestamp": format_timestamp(until)}
        self.entries[str(user_id)] = written
        self.away_summaries.append(summary)
        return Written(written, 300)

    def rules(self) -> dict[str, Any] | None:
        """The rules page as stored (None: it does not exist)."""
        page = self.paper.pages.get(self.rules_page)
        return None if page is None else cast(dict[str, Any], json.loads(page[1]))

    def _fail_if_told(self) -> None:
        self.writes += 1
        if self.failure is not None:
            raise self.failure


class PaperWiki(Wiki):
    """Every signed-in user's backend is the paper one; the dashboard cannot read it;
    mentorwatch's own account (``operator``) is another paper backend, when a test gives one."""

    def __init__(self, config: WebConfig, backend: PaperBackend) -> None:
        super().__init__(config)
        self.paper = backend
        self.operator: PaperBackend | None = None

    @property
    def connection(self) -> WikiConnection:
        raise WikiError("there is no wiki in unit tests")

    @property
    def key(self) -> str:
        return API  # the key a connected wiki would give itself

    def backend(self, client: MediaWikiClient) -> PaperBackend:
        return self.paper

    def operator_backend(self) -> PaperBackend:
        if self.operator is None:
            raise WikiError("no operator account in this test")
        return self.operator


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
def operator(app: Flask, backend: PaperBackend) -> PaperBackend:
    """mentorwatch's own account, sharing the wiki's list with the mentor's view."""
    account = PaperBackend("Mentorwatch-bot")
    account.entries = backend.entries
    wiki = services_of(app).wiki
    assert isinstance(wiki, PaperWiki)
    wiki.operator = account
    return account


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def sign_in(
    app: Flask, client: FlaskClient, *, admin: bool = False, rights: frozenset[str] | None = None
) -> str:
    """Sign Mira in (an administrator or not; ``rights``: exactly those); returns the CSRF
    token her pages carry."""
    user = WebUser(
        key=f"session-{admin}-{sorted(rights or ())}",
        name="Mira",
        user_id=MIRA,
        rights=rights if rights is not None else ADMIN_SIGN_IN if admin else frozenset({"edit"}),
        date_format="dmy",
        client=MediaWikiClient(API),
        expires_at=NOW + timedelta(hours=8),
        admin=admin,
    )
    services_of(app).users.keep(user)
    with client.session_transaction() as session:
        session["key"] = user.key
    page = client.get("/runs")  # any page: the sign-out form carries the token
    found = re.search(r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True))
    assert found, "no CSRF token on the page"
    return found.group(1)


def mentor_entries(*user_ids: int) -> dict[str, RawEntry]:
    names = {user_id: name for name, user_id in PaperClient(None).users.items()}
    return {
        str(user_id): {"username": names[user_id], "message": None, "weight": 2}
        for user_id in user_ids
    }


def text(response: Any) -> str:
    return str(response.get_data(as_text=True))


def only_action(journal: Journal) -> ActionRecord:
    (action,) = journal.actions.find()
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
    assert (backend.config, backend.writes, journal.actions.find()) == (STORED_CONFIG, 0, [])


def test_a_non_administrator_cannot_see_or_save_the_configuration(
    app: Flask, client: FlaskClient, backend: PaperBackend, journal: Journal
) -> None:
    token = sign_in(app, client, admin=False)
    shown = client.get("/config")
    posted = client.post("/config", data={**CONFIG_FORM, "csrf_token": token})
    for response in (shown, posted):
        assert response.status_code == 403
        assert "Only administrators" in text(response)
    assert (backend.config, backend.writes, journal.actions.find()) == (STORED_CONFIG, 0, [])


def test_the_configuration_form_says_so_when_the_wiki_does_not_save_it(
    app: Flask, client: FlaskClient, backend: PaperBackend, journal: Journal
) -> None:
    token = sign_in(app, client, admin=True)
    backend.failure = WikiError("the wiki is read-only for maintenance")
    response = client.post("/config", data={**CONFIG_FORM, "csrf_token": token})
    assert response.status_code == 502
    assert "The wiki did not save the rules: the wiki is read-only for maintenance" in text(
        response
    )
    assert 'value="10"' in text(response)  # the admin's values are still in the form
    assert backend.rules() is None
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
    ours = journal.runs.start(API, "jsonpage", False, NOW, {})
    theirs = journal.runs.start("https://other.test/w/api.php", "jsonpage", False, NOW, {})
    assert client.get(f"/runs/{ours}").status_code == 200
    response = client.get(f"/runs/{theirs}")
    assert response.status_code == 404
    assert f"Run #{theirs} was on another wiki." in text(response)
    missing = client.get("/runs/999")
    assert missing.status_code == 404 and "There is no run #999." in text(missing)


def test_a_refused_runs_page_says_why_in_the_readers_language(
    app: Flask, client: FlaskClient, journal: Journal
) -> None:
    sign_in(app, client)
    run = journal.runs.start(API, "jsonpage", False, NOW, {})
    why = (
        Message.of(
            "mentorwatch-safety-numbered",
            number=1,
            refusal=Message("mentorwatch-safety-all-inactive"),
        ),
    )
    summary = {"refused": english_sentences(why), "refused_messages": [m.to_json() for m in why]}
    journal.runs.finish(run, RunStatus.REFUSED, NOW, summary)
    english = text(client.get(f"/runs/{run}"))
    assert "(1) every mentor appears inactive, which usually means" in english
    korean = text(client.get(f"/runs/{run}?uselang=ko"))
    assert "(1) 모든 멘토가 비활동으로 보입니다" in korean and "every mentor" not in korean


#: an outcome's detail kept as English text by an older mentorwatch: shown as it is
BEFORE = "kept as English text by an older mentorwatch"


def journal_two_outcomes(journal: Journal) -> int:
    """A run with a removal whose detail is a message, and a row with an English detail."""
    run = journal.runs.start(API, "jsonpage", False, NOW, {})
    log = ActionLog(journal.actions, API, run, lambda: NOW)
    unplaced = Message.of("mentorwatch-outcome-unreassigned", unplaced=2, num_mentees=5)
    removed = Outcome(3, "Quiet", WriteAction.REMOVE, Status.DONE, "", 1).said(unplaced)
    log.record(Intent(3, "Quiet", WriteAction.REMOVE, "inactive"), removed)
    old = Outcome(4, "Older", WriteAction.REMOVE, Status.SKIPPED, BEFORE)
    log.record(Intent(4, "Older", WriteAction.REMOVE, "inactive"), old)
    journal.runs.finish(run, RunStatus.FINISHED, NOW, {})
    return run


def test_history_says_each_outcomes_detail_in_the_operators_language(journal: Journal) -> None:
    records = journal.actions.find(run_id=journal_two_outcomes(journal))
    english = history_to_text(None, records, None)
    assert "(2 of 5 mentees could not be reassigned)" in english and f"({BEFORE})" in english
    shown = history_to_json([], records, None)["actions"]
    assert [a["detail"] for a in shown] == ["2 of 5 mentees could not be reassigned", BEFORE]
    assert shown[0]["detail_messages"][0]["key"] == "mentorwatch-outcome-unreassigned"
    assert shown[1]["detail_messages"] is None
    speak("ru")
    try:
        russian = history_to_text(None, records, None)
    finally:
        speak(SOURCE_LANGUAGE)
    assert "(не удалось переназначить 2 из 5 подопечных)" in russian and BEFORE in russian


def test_a_runs_page_says_each_outcomes_detail_in_the_readers_language(
    app: Flask, client: FlaskClient, journal: Journal
) -> None:
    sign_in(app, client)
    run = journal_two_outcomes(journal)
    before = BEFORE
    english = text(client.get(f"/runs/{run}"))
    assert "2 of 5 mentees could not be reassigned" in english and before in english
    korean = text(client.get(f"/runs/{run}?uselang=ko"))
    assert "멘티 5명 중 2명을 다시 배정하지 못함" in korean and "mentees could not" not in korean
    assert before in korean
    russian = text(client.get(f"/runs/{run}?uselang=ru"))
    assert "не удалось переназначить 2 из 5 подопечных" in russian


RULES_PAGE = "Project:Mentorwatch/Rules.json"


def test_the_configuration_page_says_where_the_rules_live_and_who_may_edit_them(
    app: Flask, client: FlaskClient
) -> None:
    sign_in(app, client, admin=True)
    page = text(client.get("/config"))
    assert "These rules live on the wiki page" in page and RULES_PAGE in page
    assert "it does not exist yet: saving creates it as a JSON page and protects it" in page
    assert "mentorwatch uses them only while the page is protected" in page
    assert 'name="autoremove" value="yes" checked' in page  # the legacy settings, moved over
    assert "No mentor is exempt." in page


def test_saving_the_configuration_creates_the_rules_page_with_the_legacy_settings(
    app: Flask, client: FlaskClient, backend: PaperBackend, journal: Journal
) -> None:
    token = sign_in(app, client, admin=True)
    form = {**CONFIG_FORM, "autoremove_days": "14", "warn": "yes", "warn_days": "5"}
    response = client.post("/config", data={**form, "csrf_token": token})
    assert response.status_code == 302
    assert backend.rules() == {
        "MarkInactiveMentorsAway": True,
        "AwayAfterDays": 10,
        "RemoveInactiveMentors": True,
        "RemoveAfterDays": 14,
        "WarnBeforeRemoval": True,
        "WarnDaysBeforeRemoval": 5,
        "NotifyOnAction": False,
    }
    assert backend.config == STORED_CONFIG  # the legacy page is not touched
    assert backend.paper.summaries == [
        "Mentorship cleanup settings: away after 10 days, removal after 14 days (via mentorwatch)"
    ]
    saved, protected = journal.actions.find()  # one run: the page saved, then protected
    assert (saved.action, saved.status, saved.username) == ("set_config", "done", "Mira")
    assert (protected.action, protected.status, protected.username) == ("protect", "done", "Mira")
    assert saved.run_id == protected.run_id and backend.paper.protected == {RULES_PAGE}
    again = client.post("/config", data={**form, "autoaway": "no", "csrf_token": token})
    assert again.status_code == 302 and backend.rules()["MarkInactiveMentorsAway"] is False  # type: ignore[index]
    assert len(journal.actions.find()) == 3  # protected already: no second protection


def test_exemptions_are_added_listed_and_removed_on_the_rules_page(
    app: Flask, client: FlaskClient, backend: PaperBackend
) -> None:
    token = sign_in(app, client, admin=True)
    backend.entries.update(mentor_entries(OLEK, ANA))
    added = {"action": "exempt", "exempt_mentor": "Olek", "exempt_reason": "on leave"}
    client.post("/config", data={**added, "exempt_until": "2027-01-10", "csrf_token": token})
    client.post("/config", data={**added, "exempt_mentor": "Ana", "csrf_token": token})
    assert backend.rules()["Exemptions"] == [  # type: ignore[index]
        {"mentor": "Olek", "reason": "on leave", "until": "2027-01-10T00:00:00Z"},
        {"mentor": "Ana", "reason": "on leave", "until": None},
    ]
    page = text(client.get("/config"))
    assert "Olek" in page and "on leave" in page and "no end date" in page
    client.post("/config", data={"action": "unexempt", "mentor": "Olek", "csrf_token": token})
    assert backend.rules()["Exemptions"] == [  # type: ignore[index]
        {"mentor": "Ana", "reason": "on leave", "until": None}
    ]
    assert backend.paper.summaries[-1] == (
        "Mentorship rules: exemption of Olek removed (via mentorwatch)"
    )


@pytest.mark.parametrize(
    ("form", "field", "says"),
    [
        ({**CONFIG_FORM, "autoremove_days": "0"}, "autoremove_days", "from 1 to 3650"),
        ({**CONFIG_FORM, "autoaway_days": "40"}, "autoaway_days", "must be less than"),
        ({**CONFIG_FORM, "warn": "yes", "warn_days": "30"}, "warn_days", "Lower the warning"),
        ({**CONFIG_FORM, "autoremove": "maybe"}, "autoremove", "Choose Yes or No."),
        ({**CONFIG_FORM, "warning_text": "Bye $9"}, "warning_text", "$9"),
        (
            {"action": "exempt", "exempt_mentor": "Olek", "exempt_reason": ""},
            "exempt_reason",
            "required: why the mentor is exempt",
        ),
        (
            {"action": "exempt", "exempt_mentor": "", "exempt_reason": "leave"},
            "exempt_mentor",
            "required: the mentor's user name",
        ),
        (
            {
                "action": "exempt",
                "exempt_mentor": "O",
                "exempt_reason": "r",
                "exempt_until": "soon",
            },
            "exempt_until",
            "Enter the end date as YYYY-MM-DD",
        ),
    ],
)
def test_each_bad_field_gets_its_error_and_nothing_is_saved(
    app: Flask,
    client: FlaskClient,
    backend: PaperBackend,
    journal: Journal,
    form: dict[str, str],
    field: str,
    says: str,
) -> None:
    token = sign_in(app, client, admin=True)
    response = client.post("/config", data={**form, "csrf_token": token})
    assert response.status_code == 422
    page = text(response)
    found = re.search(rf'id="{field}-error" role="alert">([^<]*)<', page)
    assert found and says in found.group(1).replace("&#39;", "'"), page
    assert "Nothing was saved" in page
    assert (backend.rules(), backend.writes, journal.actions.find()) == (None, 0, [])


def test_a_protected_rules_page_gets_the_wikis_refusal_said_plainly(
    app: Flask, client: FlaskClient, backend: PaperBackend
) -> None:
    token = sign_in(app, client, admin=True)
    backend.failure = ApiError("protectedpage", "This page has been protected.")
    response = client.post("/config", data={**CONFIG_FORM, "csrf_token": token})
    assert response.status_code == 403
    assert (
        f"The wiki does not let Mira edit {RULES_PAGE} (it is protected, or needs rights Mira "
        "does not have). Nothing was saved. The wiki said: This page has been protected."
    ) in text(response).replace("&#39;", "'")
    assert backend.rules() is None


def test_where_upstreams_cleaner_has_a_rule_on_the_page_says_mentorwatch_defers(
    app: Flask, client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    upstream = {"GEMentorshipShouldBeAutoremoved": True, "GEMentorshipAutoremovedAfterDays": 90}
    monkeypatch.setattr(
        "mentorwatch.service.edit_rules_page.upstream_config", lambda backend: upstream
    )
    sign_in(app, client, admin=True)
    page = text(client.get("/config")).replace("&#39;", "'")
    assert (
        "GrowthExperiments' own cleanup removes mentors after 90 days: that rule is upstream's; "
        "mentorwatch defers to it"
    ) in page
    assert "marks mentors away after" not in page  # upstream's away rule is off


def test_the_away_page_explains_the_removal_date_and_asks_before_running_past_it(
    app: Flask, client: FlaskClient, backend: PaperBackend
) -> None:
    token = sign_in(app, client)
    backend.paper.last_edit = NOW - 5 * DAY  # removal at 30 days: on or after NOW + 25 days
    page = text(client.get("/away"))
    assert (
        "If you do not edit again, you will be removed from mentorship on or after "
        "20 December 2026: 30 days after your last edit (20 November 2026), even while away."
    ) in page
    asked = {"action": "away", "mode": "days", "days": "28", "csrf_token": token}
    first = client.post("/away", data=asked)
    assert first.status_code == 200 and backend.writes == 0
    assert "You asked to be away until 23 December 2026, past 20 December 2026" in text(first)
    assert 'name="confirm" value="yes"' in text(first)
    confirmed = client.post("/away", data={**asked, "confirm": "yes"})
    assert confirmed.status_code == 302
    assert backend.entries[str(MIRA)]["awayTimestamp"] == format_timestamp(NOW + 28 * DAY)


def test_where_the_wiki_refuses_the_mentor_mentorwatchs_account_saves_on_their_behalf(
    app: Flask, client: FlaskClient, backend: PaperBackend, operator: PaperBackend, journal: Journal
) -> None:
    token = sign_in(app, client)
    backend.failure = ApiError("protectednamespace-interface", "You do not have permission.")
    before = dict(backend.entries[str(MIRA)])
    refused = client.post(
        "/away", data={"action": "away", "mode": "days", "days": "45", "csrf_token": token}
    )
    assert refused.status_code == 422 and "at most 30 days" in text(refused)
    assert (backend.entries[str(MIRA)], operator.writes) == (before, 0)
    saved = away_for_ten_days(client, token)
    assert saved.status_code == 302
    assert backend.entries[str(MIRA)] == {**before, "awayTimestamp": "2026-12-05T12:00:00Z"}
    assert operator.away_summaries == [
        "Mira set away until 5 December 2026 by Mira via mentorwatch (saved by mentorwatch's "
        "account: the wiki does not let them edit MediaWiki:GrowthMentors.json)"
    ]
    tried, done = journal.actions.find()
    assert (tried.action, tried.status, tried.username) == ("self_away", "failed", "Mira")
    assert (done.action, done.status, done.username) == ("self_away", "done", "Mira")


@pytest.mark.parametrize(
    ("userinfo", "said"),
    [
        (
            {"blockid": 5, "blockedby": "Admin", "blockexpiry": "infinite", "blockreason": "x"},
            "The wiki has blocked Mira from editing (by Admin, expiry infinite: x)",
        ),
        (
            {"rights": ["read"]},
            "Your sign-in does not allow editing: the bot password (or OAuth sign-in) you used "
            "lacks the grant “Edit existing pages” (editpage)",
        ),
    ],
    ids=["blocked", "basic-grant-only"],
)
def test_the_page_says_why_nothing_was_saved_on_the_mentors_behalf(
    app: Flask,
    client: FlaskClient,
    backend: PaperBackend,
    operator: PaperBackend,
    userinfo: dict[str, Any],
    said: str,
) -> None:
    token = sign_in(app, client)
    backend.failure = ApiError("protectednamespace-interface", "You do not have permission.")
    backend.paper.userinfo |= userinfo
    response = away_for_ten_days(client, token)
    assert response.status_code == 403 and said in text(response)
    assert "awayTimestamp" not in backend.entries[str(MIRA)] and operator.writes == 0


def test_without_mentorwatchs_account_the_refusal_is_said_plainly(
    app: Flask, client: FlaskClient, backend: PaperBackend
) -> None:
    token = sign_in(app, client)
    backend.failure = ApiError("protectednamespace-interface", "You do not have permission.")
    response = away_for_ten_days(client, token)
    assert response.status_code == 403
    assert "The wiki does not let Mira edit MediaWiki:GrowthMentors.json" in text(response)
    assert "awayTimestamp" not in backend.entries[str(MIRA)]


def test_the_community_rules_are_edited_on_the_configuration_page_with_the_same_validation(
    app: Flask, client: FlaskClient, backend: PaperBackend
) -> None:
    token = sign_in(app, client, admin=True)
    page = client.get("/config").get_data(as_text=True)
    assert 'name="edits_groups"' in page and "0 = 20\ntalk = 10" in page
    korean = {
        **CONFIG_FORM,
        "edits": "yes",
        "edits_window": "90",
        "edits_groups": "0 = 20\ntalk = 10",
        "edits_combine": "and",
        "edits_action": "removal",
        "retired": "yes",
        "retired_templates": "Retired, Template:Semi-retired",
        "retired_action": "removal",
        "wikibreak": "no",
        "log_actions": "no",
    }
    bad = {**korean, "edits_window": "0", "edits_groups": "0 = 20\ntalk = lots"}
    refused = client.post("/config", data={**bad, "csrf_token": token})
    assert refused.status_code == 422 and backend.rules() is None  # nothing saved
    text = refused.get_data(as_text=True)
    assert "EditsInWindow.window_days: 0 is not allowed" in text
    assert "EditsInWindow.groups[1].minimum" in text
    saved = client.post("/config", data={**korean, "csrf_token": token})
    assert saved.status_code == 302, saved.get_data(as_text=True)[:2000]
    rules = backend.rules()
    assert rules is not None
    assert rules["EditsInWindow"] == {
        "enabled": True,
        "window_days": 90,
        "groups": [{"namespaces": [0], "minimum": 20}, {"namespaces": ["talk"], "minimum": 10}],
        "combine": "and",
        "action": "removal",
    }
    assert rules["RetiredTemplates"]["templates"] == ["Retired", "Template:Semi-retired"]
    assert "WikibreakTemplates" not in rules and "LogActions" not in rules
    shown = client.get("/config").get_data(as_text=True)
    assert "Retired, Semi-retired" in shown or "Retired, Template:Semi-retired" in shown


def test_the_community_rules_form_speaks_the_readers_language_and_names_the_bad_line(
    app: Flask, client: FlaskClient, backend: PaperBackend
) -> None:
    token = sign_in(app, client, admin=True)
    page = client.get("/config?uselang=ko").get_data(as_text=True)
    assert "이름공간별 최소 편집 수에 못 미치는 멘토" in page
    assert "Minimums to meet" not in page
    unreadable = {
        **CONFIG_FORM,
        "edits": "yes",
        "edits_window": "90",
        "edits_groups": "0 = 20\ntalk",
        "edits_combine": "and",
        "edits_action": "removal",
    }
    refused = client.post("/config?uselang=ko", data={**unreadable, "csrf_token": token})
    assert refused.status_code == 422 and backend.rules() is None  # nothing saved
    assert "2번째 줄" in refused.get_data(as_text=True)
