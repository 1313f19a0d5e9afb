"""The configuration page and the dashboard with a rules page mentorwatch does not use: said
plainly, and fixable (protect it now, a save that protects it and makes it JSON, a broken page
replaced by a save); exemptions checked against the wiki (a user, on the mentor list, an end
date to come, the name as the wiki writes it); an administrator who may not protect saves
nothing. In process, on the paper wiki of ``test_web_routes`` (its fixtures, imported by name,
are the parameters of the tests: hence F811)."""

# ruff: noqa: F811

from __future__ import annotations

import json
from dataclasses import replace

from flask import Flask
from flask.testing import FlaskClient

from mentorwatch.domain.exemptions import Exemption
from mentorwatch.domain.rules_source import PageInfo, judge_rules_page
from mentorwatch.store.journal import Journal
from mentorwatch.web.runtime.services import services_of
from mentorwatch.web.views.dashboard_state import state_from

from .builders import DAY, NOW
from .test_web import dashboard_snapshot
from .test_web_routes import (  # noqa: F401 (the fixtures)
    ADMIN_SIGN_IN,
    ANA,
    CONFIG_FORM,
    OLEK,
    PaperBackend,
    app,
    backend,
    client,
    journal,
    mentor_entries,
    sign_in,
    text,
)

RULES_PAGE = "Project:Mentorwatch/Rules.json"
RULES = {"MarkInactiveMentorsAway": True, "AwayAfterDays": 10}


def store(backend: PaperBackend, content: str, *, model: str = "json") -> None:
    """The rules page as someone left it on the wiki (unprotected unless a test says so)."""
    backend.paper.pages[RULES_PAGE] = (150, content)
    backend.paper.models[RULES_PAGE] = model


def test_an_unprotected_rules_page_is_said_unused_and_protected_in_one_click(
    app: Flask, client: FlaskClient, backend: PaperBackend, journal: Journal
) -> None:
    store(backend, json.dumps(RULES))
    token = sign_in(app, client, admin=True)
    page = text(client.get("/config")).replace("&#39;", "'")
    assert "mentorwatch does not use these rules now" in page
    assert f"{RULES_PAGE} (revision 150, last edited by Admin) is not used" in page
    assert "Protect it now (edit and move: administrators only, infinite)" in page
    done = client.post("/config", data={"action": "protect", "csrf_token": token})
    assert done.status_code == 302 and backend.paper.protected == {RULES_PAGE}
    (protected,) = journal.actions.find()
    assert (protected.action, protected.status, protected.username) == ("protect", "done", "Mira")
    shown = text(client.get("/config?protected=1"))
    assert "The page is protected: only administrators may edit or move it." in shown
    assert "In use: " in shown and "mentorwatch does not use" not in shown


def test_an_administrator_who_may_not_protect_saves_nothing_and_is_told_why(
    app: Flask, client: FlaskClient, backend: PaperBackend, journal: Journal
) -> None:
    token = sign_in(app, client, admin=True, rights=ADMIN_SIGN_IN - {"protect"})
    page = text(client.get("/config"))
    assert "Protect it now" not in page
    response = client.post("/config", data={**CONFIG_FORM, "csrf_token": token})
    assert response.status_code == 403
    said = text(response).replace("&#39;", "'").replace("&#34;", '"')
    assert "Not saved: your sign-in cannot save Project:Mentorwatch/Rules.json" in said
    assert "Protect and unprotect pages" in said
    assert (backend.rules(), backend.writes, journal.actions.find()) == (None, 0, [])


def test_a_wikitext_rules_page_is_saved_as_json_and_protected(
    app: Flask, client: FlaskClient, backend: PaperBackend
) -> None:
    store(backend, json.dumps(RULES), model="wikitext")
    token = sign_in(app, client, admin=True)
    page = text(client.get("/config"))
    assert "its content model is wikitext, not JSON" in page
    assert "Saving the form below stores it as JSON." in page
    assert 'name="autoaway" value="yes" checked' in page  # what it holds is read
    response = client.post("/config", data={**CONFIG_FORM, "csrf_token": token})
    assert response.status_code == 302
    (edit,) = backend.paper.edits
    assert (edit["contentmodel"], edit["baserevid"]) == ("json", 150)
    assert backend.paper.models[RULES_PAGE] == "json"
    assert backend.paper.protected == {RULES_PAGE}


def test_a_rules_page_that_is_not_json_is_shown_and_replaced_by_a_whole_save(
    app: Flask, client: FlaskClient, backend: PaperBackend
) -> None:
    store(backend, '{"RemoveInactiveMentors": tru', model="wikitext")
    token = sign_in(app, client, admin=True)
    page = client.get("/config")
    shown = text(page).replace("&#34;", '"')
    assert page.status_code == 200 and "The rules page cannot be read" in shown
    assert "its text is not valid JSON" in shown and '{"RemoveInactiveMentors": tru' in shown
    exempt = {"action": "exempt", "exempt_mentor": "Mira", "exempt_reason": "x"}
    refused = client.post("/config", data={**exempt, "csrf_token": token})
    assert refused.status_code == 422 and "Fix the page first" in text(refused)
    assert backend.paper.edits == []
    saved = client.post("/config", data={**CONFIG_FORM, "csrf_token": token})
    assert saved.status_code == 302
    assert backend.rules() == {
        "MarkInactiveMentorsAway": True,
        "AwayAfterDays": 10,
        "RemoveInactiveMentors": True,
        "RemoveAfterDays": 30,
        "WarnBeforeRemoval": False,
        "NotifyOnAction": False,
    }
    assert backend.paper.edits[0]["baserevid"] == 150  # against what was shown


def test_an_exemption_is_for_a_user_on_the_mentor_list_named_as_the_wiki_names_them(
    app: Flask, client: FlaskClient, backend: PaperBackend
) -> None:
    backend.entries.update(mentor_entries(OLEK))
    token = sign_in(app, client, admin=True)

    def exempt(name: str, until: str = "") -> str:
        form = {"action": "exempt", "exempt_mentor": name, "exempt_reason": "leave"}
        response = client.post("/config", data={**form, "exempt_until": until, "csrf_token": token})
        return f"{response.status_code} {text(response)}"

    assert exempt("Nobody").startswith("422") and "Nobody is not a user of this wiki" in exempt(
        "Nobody"
    )
    assert "Ana is not on the mentor list; only mentors can be exempted." in exempt("Ana")
    past = exempt("Olek", "2026-11-25")  # the day has begun (NOW is noon)
    assert past.startswith("422") and "has already begun" in past
    assert backend.rules() is None
    assert exempt("olek", "2026-12-01").startswith("302")
    assert backend.rules()["Exemptions"] == [  # type: ignore[index]
        {"mentor": "Olek", "reason": "leave", "until": "2026-12-01T00:00:00Z"}
    ]
    assert backend.paper.summaries[0] == "Mentorship rules: exemption of Olek (via mentorwatch)"
    assert ANA not in {int(key) for key in backend.entries}


def test_an_expired_exemption_is_shown_as_expired(
    app: Flask, client: FlaskClient, backend: PaperBackend
) -> None:
    ended = Exemption("Mira", "field trip", NOW - DAY)
    store(backend, json.dumps({**RULES, "Exemptions": [ended.to_json()]}))
    backend.paper.protected.add(RULES_PAGE)
    sign_in(app, client, admin=True)
    page = text(client.get("/config"))
    assert '<tr class="expired">' in page and "(expired: it does nothing any more)" in page


def test_the_dashboard_says_when_the_rules_are_not_used_and_where_they_came_from(
    app: Flask, client: FlaskClient
) -> None:
    sign_in(app, client, admin=True)
    facts = PageInfo(RULES_PAGE, 4, True, 150, "127.0.0.1", "wikitext")
    refused = replace(dashboard_snapshot(), rules=judge_rules_page(facts, NOW))
    services_of(app).cache.state = state_from(refused, {}, NOW)
    page = text(client.get("/")).replace("&#39;", "'")
    assert "mentorwatch does not act on this wiki now" in page
    assert f"{RULES_PAGE} (revision 150, last edited by 127.0.0.1) is not used" in page
    assert f"Rules from: {RULES_PAGE}, revision 150 by 127.0.0.1: NOT USED" in page

    missing = replace(
        dashboard_snapshot(), rules=judge_rules_page(PageInfo(RULES_PAGE, 4, False), NOW)
    )
    services_of(app).cache.state = state_from(missing, {}, NOW + DAY)
    services_of(app).cache.version += 1
    page = text(client.get("/"))
    assert f"No rules page: {RULES_PAGE} does not exist, so both rules are off" in page
