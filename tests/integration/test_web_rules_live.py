"""The web pages on real wikis: an administrator saves mentorwatch's rules page from the
configuration page (the plain wiki, GrowthExperiments 1.43 with and without
CommunityConfiguration) and a run applies them; a mentor who cannot edit the list sets their
own away through mentorwatch's account, within the rules' limit."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import pytest

from mentorwatch.domain.timeutil import parse_timestamp
from mentorwatch.wiki.api import MediaWikiClient

from .conftest import OTHER_ADMIN, Community, extra_bot_password
from .growth_rigs import localwiki
from .test_cli_live import operator_env, run_cli
from .web import RULES_FORM, csrf_of, serve, signed_in

SAVED_RULES = {
    "MarkInactiveMentorsAway": False,
    "RemoveInactiveMentors": True,
    "RemoveAfterDays": 30,
    "WarnBeforeRemoval": False,
    "NotifyOnAction": False,
}


def protection(api_url: str, title: str) -> dict[str, str]:
    """The page's protections in force, as the wiki reports them (``prop=info``)."""
    info = MediaWikiClient(api_url).get(
        action="query", prop="info", inprop="protection", titles=title
    )
    return {p["type"]: p["level"] for p in info["query"]["pages"][0].get("protection", [])}


def content_model(api_url: str, title: str) -> str:
    info = MediaWikiClient(api_url).get(action="query", prop="info", titles=title)
    return str(info["query"]["pages"][0]["contentmodel"])


def test_an_admin_saves_the_rules_from_the_web_page_and_a_run_applies_them(
    community: Callable[..., Community], tmp_path: Path
) -> None:
    c = community({})  # nothing on the old page
    c.mentor("Mira", 2).mentor("Pia", 12).mentor("Quinn", 3).mentor("Olaf", 45)
    c.mentor("Elsa", 50).publish()
    with serve(c, tmp_path, "Mira") as served:
        http = signed_in(served, served.admin)
        page = http.get(f"{served.url}/config")
        assert c.rules_page in page.text and "does not exist yet" in page.text
        token = csrf_of(page.text)
        saved = http.post(f"{served.url}/config", data={**RULES_FORM, "csrf_token": token})
        assert saved.ok and "Saved to the wiki" in saved.text, saved.text[
            saved.text.find("<main") :
        ][:1500]
        exempt = {
            "action": "exempt",
            "exempt_mentor": c.name("Elsa"),
            "exempt_reason": "sabbatical",
        }
        added = http.post(f"{served.url}/config", data={**exempt, "csrf_token": token})
        assert added.ok and "sabbatical" in added.text
    rules = c.read(c.rules_page)
    assert {key: rules[key] for key in SAVED_RULES} == SAVED_RULES
    assert rules["Exemptions"] == [
        {"mentor": c.name("Elsa"), "reason": "sabbatical", "until": None}
    ]
    assert content_model(c.wiki.api_url, c.rules_page) == "json"
    assert {revision["user"] for revision in c.history(c.rules_page)} == {OTHER_ADMIN}
    assert protection(c.wiki.api_url, c.rules_page) == {"edit": "sysop", "move": "sysop"}

    result = run_cli(["run", "--wiki", c.wiki.api_url], operator_env(c, tmp_path))
    assert result.exit_code == 0, result.output
    assert "done  remove      " + c.name("Olaf") in result.output
    left = {entry["username"] for entry in c.read()["Mentors"].values()}
    assert c.name("Olaf") not in left and c.name("Elsa") in left  # exempt: never removed


def test_a_mentor_who_cannot_edit_the_list_sets_their_away_through_mentorwatch(
    community: Callable[..., Community], tmp_path: Path
) -> None:
    c = community({})
    c.mentor("Mira", 2).mentor("Pia", 12).publish()  # the list is in the MediaWiki namespace
    c.publish_rules(SAVED_RULES)
    mira = str(c.id("Mira"))
    with serve(c, tmp_path, "Mira", operator=True) as served:
        http = signed_in(served, served.mentor)
        page = http.get(f"{served.url}/away")
        assert "You can be away for at most 30 days" in page.text
        assert "you will be removed from mentorship on or after" in page.text
        token = csrf_of(page.text)
        before = c.history()
        refused = http.post(
            f"{served.url}/away",
            data={"action": "away", "mode": "days", "days": "45", "csrf_token": token},
        )
        assert refused.status_code == 422 and "at most 30 days" in refused.text
        assert c.history() == before and "awayTimestamp" not in c.read()["Mentors"][mira]
        saved = http.post(
            f"{served.url}/away",
            data={"action": "away", "mode": "days", "days": "20", "csrf_token": token},
        )
        assert saved.ok and "Saved: you are away until" in saved.text, saved.text[-800:]
    entry = c.read()["Mentors"][mira]
    away = parse_timestamp(entry["awayTimestamp"])
    assert 19.9 < (away - c.now).total_seconds() / 86400 < 20.1
    assert {key: value for key, value in entry.items() if key != "awayTimestamp"} == {
        key: value for key, value in before_entry(c, mira).items()
    }
    latest = c.history()[0]
    assert latest["user"] == localwiki.BOT
    assert f"{c.name('Mira')} set away until " in latest["comment"]
    assert f"by {c.name('Mira')} via mentorwatch" in latest["comment"]


def before_entry(c: Community, key: str) -> dict[str, object]:
    """The entry as published (message and weight untouched by the away)."""
    member = next(m for m in c.members.values() if str(m.user_id) == key)
    return {"username": member.name, "message": member.message, "weight": member.weight}


@pytest.fixture(params=["ge143", "ge143cc"])
def rig(request: pytest.FixtureRequest) -> localwiki.LocalWiki:
    wiki: localwiki.LocalWiki = request.getfixturevalue(request.param)
    return wiki


def test_an_admin_saves_the_rules_from_the_web_page_on_growthexperiments_143(
    rig: localwiki.LocalWiki, tmp_path: Path
) -> None:
    from .growth_web import serve_growth
    from .growth_web import signed_in as signed_in_growth

    title = f"Project:WebRules{random.randrange(10**9)}.json"  # the rigs are shared
    with serve_growth(rig, tmp_path, rules_page=title) as url:
        http = signed_in_growth(url, rig.bot_credentials())
        page = http.get(f"{url}/config")
        assert page.ok and title in page.text, page.text[-800:]
        saved = http.post(f"{url}/config", data={**RULES_FORM, "csrf_token": csrf_of(page.text)})
        assert saved.ok and "Saved to the wiki" in saved.text, saved.text[
            saved.text.find("<main") :
        ][:1500]
    rules = {key: value for key, value in read_json(rig, title).items() if key in SAVED_RULES}
    assert rules == SAVED_RULES
    assert content_model(rig.api_url, title) == "json"
    assert protection(rig.api_url, title) == {"edit": "sysop", "move": "sysop"}


def read_json(wiki: localwiki.LocalWiki, title: str) -> dict[str, object]:
    import json

    from mentorwatch.wiki.pages import read_pages

    page = read_pages(MediaWikiClient(wiki.api_url), [title])[title]
    assert page is not None, f"{title} was not created"
    return dict(json.loads(page["content"]))


def signin_page_admin_grants(html: str) -> list[str]:
    """The grants the sign-in page lists for administrators, as grant names."""
    import re

    from mentorwatch.domain.grants import GRANTS

    (line,) = [li for li in re.findall(r"<li>(.*?)</li>", html, re.S) if "administrators" in li]
    by_label = {grant.label: name for name, grant in GRANTS.items()}
    return [by_label[label] for label in re.findall(r"<em>([^<]+)</em>", line)]


def test_an_admin_with_the_sign_in_pages_grants_creates_the_rules_page_and_one_less_is_named(
    community: Callable[..., Community], tmp_path: Path
) -> None:
    c = community({})
    c.mentor("Mira", 2).publish()
    admin = f"{c.prefix}Sysop"  # an administrator, not an interface administrator
    c.wiki.create_users([{"name": admin, "groups": ["sysop"]}])
    with serve(c, tmp_path, "Mira") as served:
        grants = signin_page_admin_grants(requests_get(f"{served.url}/signin"))
        assert grants == ["createeditmovepage", "protect"]  # a save protects the new page
        short = c.wiki.create_bot_password(admin, "short", "basic,editprotected")
        http = signed_in(served, short)
        page = http.get(f"{served.url}/config")
        assert page.ok and c.rules_page in page.text  # an admin without editinterface
        refused = http.post(
            f"{served.url}/config", data={**RULES_FORM, "csrf_token": csrf_of(page.text)}
        )
        assert refused.status_code == 403
        assert "grant *Create, edit, and move pages* to the bot password" in refused.text
        assert c.history(c.rules_page) == []  # not tried

        listed = c.wiki.create_bot_password(admin, "web", ",".join(["basic", *grants]))
        http = signed_in(served, listed)
        page = http.get(f"{served.url}/config")
        saved = http.post(
            f"{served.url}/config", data={**RULES_FORM, "csrf_token": csrf_of(page.text)}
        )
        assert saved.ok and "Saved to the wiki" in saved.text
    assert [revision["user"] for revision in c.history(c.rules_page)] == [admin, admin]
    assert content_model(c.wiki.api_url, c.rules_page) == "json"


def requests_get(url: str) -> str:
    import requests

    return requests.get(url, timeout=30).text


def test_an_admin_whose_sign_in_may_not_protect_is_told_why_and_nothing_is_saved(
    community: Callable[..., Community], tmp_path: Path
) -> None:
    c = community({}).mentor("Mira", 2).publish()
    # an administrator signed in with a bot password without "Protect and unprotect pages":
    # the new page would not be protected, so mentorwatch would not use it
    grants = "basic,createeditmovepage,editprotected"
    credentials = extra_bot_password(c.wiki, OTHER_ADMIN, grants)
    with serve(c, tmp_path, "Mira") as served:
        http = signed_in(served, credentials)
        page = http.get(f"{served.url}/config")
        token = csrf_of(page.text)
        saved = http.post(f"{served.url}/config", data={**RULES_FORM, "csrf_token": token})
    assert saved.status_code == 403
    said = saved.text.replace("&#39;", "'").replace("&#34;", '"')
    assert f"Not saved: your sign-in cannot save {c.rules_page}" in said
    assert "grant *Protect and unprotect pages* to the bot password" in said
    assert c.history(c.rules_page) == []  # not created
