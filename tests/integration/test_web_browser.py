"""The web app in a real browser (Debian's Chromium, headless, driven by Playwright).

Against ``mentorwatch serve`` on the session's local MediaWiki: the admin's configuration page
and the mentor's away settings, checked on the wiki itself after each step. Screenshots of the
dashboard and the configuration page are written to docs/ for the README when
MENTORWATCH_SCREENSHOTS=1.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from mentorwatch.domain.timeutil import parse_timestamp
from mentorwatch.store.journal import Journal
from mentorwatch.web.views.dates import format_date
from mentorwatch.wiki.api import MediaWikiClient
from mentorwatch.wiki.pages import read_pages
from mentorwatch.wiki.rules_page import protect_rules_page

from .conftest import ROOT, Community, login
from .test_cli_live import operator_env, run_cli
from .web import Served, serve

CHROMIUM = "/usr/bin/chromium"
DOCS = ROOT / "docs"


def _playwright() -> Any:
    """``playwright.sync_api``; a clear failure (not a skip) when it cannot be imported."""
    try:
        return importlib.import_module("playwright.sync_api")
    except ImportError as error:
        problem = str(error)
    pytest.fail(
        f"Playwright cannot be imported ({problem}): scripts/test installs it "
        "(pip install -e '.[dev]'); the browser tests cannot run without it",
        pytrace=False,
    )


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Debian's Chromium driven by Playwright; each test fails, never skips, without them."""
    playwright = _playwright()
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium is missing at {CHROMIUM}: scripts/test installs it "
            "(scripts/install-test-packages.sh); the browser tests cannot run without it",
            pytrace=False,
        )
    with playwright.sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=CHROMIUM, headless=True)
        yield launched
        launched.close()


@pytest.fixture
def served(community: Callable[..., Community], tmp_path: Path) -> Iterator[Served]:
    c = community({"GEMentorshipShouldBeAutoawayed": True, "GEMentorshipAutoawayedAfterDays": 10})
    c.list_in_project = True
    c.mentor("Mira", 2, message="Happy to help with images").mentor("Olaf", 45)
    c.mentor("Pia", 12, weight=4).mentor("Quinn", 22).mentor("Rosa", 5, weight=1).publish()
    with serve(c, tmp_path, "Mira") as running:
        yield running


def sign_in(
    browser: object,
    served: Served,
    credentials: tuple[str, str],
    ready: str = "h1:has-text('Mentor Status Dashboard')",
) -> object:
    """A new page signed in as ``credentials``, once the dashboard shows ``ready``."""
    page = browser.new_page(viewport={"width": 1200, "height": 900})  # type: ignore[attr-defined]
    page.goto(f"{served.url}/")
    page.fill("input[name=username]", credentials[0])
    page.fill("input[name=password]", credentials[1])
    page.click("button[type=submit]")
    page.wait_for_selector(ready)
    return page


def follow(page: object, link: str) -> None:
    """Follow a link of the navigation and wait until the new page's scripts have run (a
    check right after the click could see the page before its script hid or showed fields)."""
    page.click(f"nav >> text={link}")  # type: ignore[attr-defined]
    page.wait_for_load_state("load")  # type: ignore[attr-defined]


def test_an_admin_switches_removal_on_and_bad_values_save_nothing(
    browser: object, served: Served
) -> None:
    c = served.community
    page = sign_in(browser, served, served.admin)
    follow(page, "Configuration")
    assert page.is_visible("text=Mark inactive mentors as Away?")
    assert page.is_visible("text=Remove inactive mentors from Mentorship?")
    # removal is off: its days are hidden until it is switched on, then propose 30
    assert not page.is_visible("#autoremove_days")
    page.check("input[name=autoremove][value=yes]")
    assert page.is_visible("#autoremove_days")
    assert page.input_value("#autoremove_days") == "30"
    assert page.input_value("#autoaway_days") == "10"

    # the rules page does not exist yet: the old page's away rule is moved over
    assert page.is_visible(f"text={c.rules_page}")
    assert page.is_checked("input[name=autoaway][value=yes]")

    # an invalid combination: removal 5 with away 10 -> the field error, nothing saved
    page.fill("#autoremove_days", "5")
    page.click("text=Save to the wiki")
    error = page.inner_text("#autoaway_days-error")
    assert "must be less than" in error and "(5)" in error
    assert page.is_visible("text=Nothing was saved")
    assert read_pages(MediaWikiClient(c.wiki.api_url), [c.rules_page])[c.rules_page] is None

    page.fill("#autoremove_days", "30")
    page.click("text=Save to the wiki")
    page.wait_for_selector("text=Saved to the wiki")
    stored = c.read(c.rules_page)
    assert (stored["MarkInactiveMentorsAway"], stored["AwayAfterDays"]) == (True, 10)
    assert (stored["RemoveInactiveMentors"], stored["RemoveAfterDays"]) == (True, 30)
    protected, latest = c.history(c.rules_page)  # saved, then protected by the same admin
    assert latest["user"] == "OtherAdmin" and "removal after 30 days" in latest["comment"]
    assert protected["user"] == "OtherAdmin" and "only administrators" in protected["comment"]
    (journaled,) = [a for a in Journal(served.database).actions.find() if a.action == "set_config"]
    assert (journaled.username, journaled.revision_id) == ("OtherAdmin", latest["revid"])
    assert page.is_visible("text=In use: ")  # protected and JSON: mentorwatch uses it

    page.fill("#exempt_mentor", c.name("Pia"))
    page.fill("#exempt_reason", "on a wikibreak")
    page.click("text=Add the exemption")
    page.wait_for_selector("table.exemptions >> text=on a wikibreak")
    assert c.read(c.rules_page)["Exemptions"][0]["mentor"] == c.name("Pia")
    if os.environ.get("MENTORWATCH_SCREENSHOTS"):
        page.screenshot(path=str(DOCS / "screenshot-configuration.png"), full_page=True)
    page.close()


def test_a_non_admin_cannot_open_the_configuration(browser: object, served: Served) -> None:
    page = sign_in(browser, served, served.mentor)
    assert not page.is_visible("nav >> text=Configuration")
    response = page.goto(f"{served.url}/config")
    assert response.status == 403
    assert page.is_visible("text=Only administrators")
    page.close()


def test_a_mentor_cannot_be_away_longer_than_the_removal_period(
    browser: object, served: Served
) -> None:
    c = served.community
    admin = c.read(c.config_page)
    admin.update(GEMentorshipShouldBeAutoremoved=True, GEMentorshipAutoremovedAfterDays=30)
    c.write(c.config_page, admin, "removal on", login(c.wiki))
    page = sign_in(browser, served, served.mentor)
    follow(page, "My away settings")
    assert page.is_visible("text=at most 30 days")
    before = c.read()

    page.fill("#days", "45")
    page.click("button[value=away]")
    error = page.inner_text(".field-error")
    assert "at most 30 days" in error and "removed from mentorship automatically" in error
    assert c.read() == before  # the wiki is unchanged

    page.fill("#days", "20")
    page.click("button[value=away]")
    page.wait_for_selector("text=Saved: you are away until")
    entry = c.read()["Mentors"][str(c.id("Mira"))]
    away_until = parse_timestamp(entry["awayTimestamp"])
    assert timedelta(days=19.9) < away_until - c.now < timedelta(days=20.1)
    assert entry["message"] == "Happy to help with images"  # the rest of the entry is kept
    assert c.history()[0]["user"] == served.mentor_name

    (journaled,) = [a for a in Journal(served.database).actions.find() if a.action == "self_away"]
    assert journaled.status == "done" and journaled.revision_id == c.history()[0]["revid"]

    follow(page, "Dashboard")
    row = page.locator(f"tr[data-user='{served.mentor_name}']")
    assert row.locator("td.away-until").inner_text().strip() == format_date(away_until)
    if os.environ.get("MENTORWATCH_SCREENSHOTS"):
        page.screenshot(path=str(DOCS / "screenshot-dashboard.png"), full_page=True)
    page.close()


def page_info(c: Community) -> tuple[str, dict[str, str]]:
    """The rules page's content model and protections, as the wiki reports them."""
    result = MediaWikiClient(c.wiki.api_url).get(
        action="query", prop="info", inprop="protection", titles=c.rules_page
    )
    info = result["query"]["pages"][0]
    return info["contentmodel"], {p["type"]: p["level"] for p in info.get("protection", [])}


def create_in_the_wikis_editor(c: Community, text: str) -> None:
    """The rules page as an admin makes it in the wiki's own editor: wikitext."""
    login(c.wiki).post_with_token(action="edit", title=c.rules_page, text=text, summary="rules")


def test_a_rules_page_that_is_not_json_is_said_plainly_and_a_save_fixes_it(
    browser: object, served: Served, tmp_path: Path
) -> None:
    c = served.community
    create_in_the_wikis_editor(c, '{"RemoveInactiveMentors": tru, "RemoveAfterDays": 30')
    page = sign_in(browser, served, served.admin)
    response = page.goto(f"{served.url}/config")
    assert response.status == 200
    unreadable = page.inner_text("#rules-unreadable")
    assert "its text is not valid JSON" in unreadable and '"RemoveInactiveMentors": tru' in (
        unreadable
    )
    refused = page.inner_text("#rules-refused")
    assert "mentorwatch does not use these rules now" in refused
    assert "content model is wikitext" in refused and "not protected" in refused
    assert "Saving the form below stores it as JSON." in refused

    page.check("input[name=autoremove][value=yes]")
    page.fill("#autoremove_days", "30")
    page.click("text=Save to the wiki")
    page.wait_for_selector("text=Saved to the wiki")
    assert page.is_visible("text=In use: ")
    assert page_info(c) == ("json", {"edit": "sysop", "move": "sysop"})
    stored = c.read(c.rules_page)
    assert (stored["RemoveInactiveMentors"], stored["RemoveAfterDays"]) == (True, 30)
    page.close()
    dry = run_cli(["run", "--wiki", c.wiki.api_url, "--dry-run"], operator_env(c, tmp_path))
    assert dry.exit_code == 0 and "(trusted: protected" in dry.output, dry.output


def test_a_protected_wikitext_rules_page_is_turned_into_json_by_a_save(
    browser: object, served: Served, tmp_path: Path
) -> None:
    c = served.community
    create_in_the_wikis_editor(c, '{"RemoveInactiveMentors": true, "RemoveAfterDays": 40}')
    protect_rules_page(login(c.wiki), c.rules_page, "test: administrators only")
    dry = run_cli(["run", "--wiki", c.wiki.api_url, "--dry-run"], operator_env(c, tmp_path))
    assert dry.exit_code == 4 and "content model is wikitext, not JSON" in dry.output
    page = sign_in(browser, served, served.admin)
    page.goto(f"{served.url}/config")
    refused = page.inner_text("#rules-refused")
    assert "content model is wikitext" in refused and "not protected" not in refused
    assert page.input_value("#autoremove_days") == "40"  # what it holds is read and shown
    assert not page.is_visible("text=Protect it now")  # protected already

    page.click("text=Save to the wiki")
    page.wait_for_selector("text=Saved to the wiki")
    assert page_info(c) == ("json", {"edit": "sysop", "move": "sysop"})
    assert c.read(c.rules_page)["RemoveAfterDays"] == 40
    assert page.is_visible("text=In use: ")
    page.close()
    dry = run_cli(["run", "--wiki", c.wiki.api_url, "--dry-run"], operator_env(c, tmp_path))
    assert dry.exit_code == 0 and "(trusted: protected" in dry.output, dry.output
