"""Hostile page contents on a real MediaWiki (the local wiki of the integration tests):
``snapshot``, ``run --dry-run`` and ``run`` end with the documented exit code and a clear
error, and the page history shows no edit of ours.

The list and configuration live in the Project namespace, where a page is wikitext and can
hold anything (a ``MediaWiki:*.json`` page refuses invalid JSON when saved, but not every
wrong shape, and a wiki can move its list).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from mentorwatch.wiki.api import MediaWikiClient
from mentorwatch.wiki.rules_page import protect_rules_page
from tests.integration.conftest import Community, login
from tests.integration.test_cli_live import run_cli

from .shapes import BROKEN_TEXTS, HOSTILE_NAMES, assert_clean

MakeCommunity = Callable[..., Community]

LIST_REFUSED = {
    **{key: BROKEN_TEXTS[key] for key in ("truncated", "deep-arrays", "duplicate-top-key", "nan")},
    "a-list": "[1, 2]",
    "mentors-a-string": '{"Mentors": "everyone"}',
    "duplicate-id": '{"Mentors": {"ID": {"username": "A", "weight": 2}, "ID": {"weight": 0}}}',
    "aliased-id": '{"Mentors": {"ID": {"username": "A", "weight": 2}, "0ID": {"weight": 0}}}',
}
CONFIG_REFUSED = {
    "truncated": '{"GEMentorshipShouldBeAutoremoved": ',
    "duplicate-key": '{"GEMentorshipAutoremovedAfterDays": 30, '
    '"GEMentorshipAutoremovedAfterDays": 3}',
    "days-odd": '{"GEMentorshipShouldBeAutoremoved": true, '
    '"GEMentorshipAutoremovedAfterDays": "²"}',
}


@pytest.fixture(scope="module")
def published(
    wiki: Any, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Community, dict[str, str]]:
    """One community for the module (every run here is refused, so nothing changes it)."""
    from datetime import UTC, datetime

    from tests.integration.conftest import BOTH_ON

    prefix = f"H{datetime.now(UTC):%H%M%S%f}"
    c = Community(wiki, prefix, datetime.now(UTC).replace(microsecond=0), dict(BOTH_ON))
    c.list_in_project = True
    c.mentor("Quiet", 12).mentor("Gone", 45).mentor("Busy", 1).publish()
    tmp = tmp_path_factory.mktemp("operator")
    config_page = f"Project:{prefix}Mentorship.json"
    c.write(config_page, BOTH_ON, "Set up", login(wiki))
    settings = tmp / "settings.toml"
    settings.write_text(
        f'list_page = "{c.list_page}"\nconfig_page = "{config_page}"\n'
        f'database = "sqlite:///{tmp / "journal.db"}"\n'
    )
    username, password = wiki.bot_credentials()
    env = {
        "MENTORWATCH_USERNAME": username,
        "MENTORWATCH_PASSWORD": password,
        "MENTORWATCH_SETTINGS": str(settings),
        "CONFIG_PAGE": config_page,
    }
    return c, env


def put(c: Community, title: str, text: str) -> int:
    """Store raw text on a page; the number of revisions it has after."""
    login(c.wiki).post_with_token(action="edit", title=title, text=text, summary="hostile")
    return len(c.history(title))


def commands(c: Community) -> list[list[str]]:
    api = c.wiki.api_url
    return [
        ["snapshot", "--wiki", api],
        ["run", "--wiki", api, "--dry-run"],
        ["run", "--wiki", api],
    ]


@pytest.mark.parametrize("text", LIST_REFUSED.values(), ids=LIST_REFUSED.keys())
def test_a_hostile_mentor_list_is_refused_with_exit_2_and_no_edit(
    published: tuple[Community, dict[str, str]], text: str
) -> None:
    c, env = published
    text = text.replace("ID", str(c.id("Gone")))
    revisions = put(c, c.list_page, text)
    for command in commands(c):
        result = run_cli(command, env)
        assert_clean(result, {2})
        assert c.list_page in result.output
    assert len(c.history(c.list_page)) == revisions


@pytest.mark.parametrize("text", CONFIG_REFUSED.values(), ids=CONFIG_REFUSED.keys())
def test_a_hostile_configuration_on_a_page_anyone_can_edit_is_refused_unread(
    published: tuple[Community, dict[str, str]], text: str
) -> None:
    """The old page here is a wikitext page of the Project namespace, unprotected: whatever it
    holds is not read, and the run is refused (exit 4) naming it, before any edit."""
    c, env = published
    good_list = {
        "Mentors": {str(m.user_id): {"username": m.name, "weight": 2} for m in c.members.values()}
    }
    before = put(c, c.list_page, json.dumps(good_list))
    put(c, env["CONFIG_PAGE"], text)
    result = run_cli(commands(c)[1], env)
    assert_clean(result, {4})
    assert f"{env['CONFIG_PAGE']} (revision" in result.output and "is not used" in result.output
    assert len(c.history(c.list_page)) == before


#: rules a protected JSON page can hold (the wiki refuses text that is not JSON there) that
#: mentorwatch refuses: exit 2, naming the key
RULES_REFUSED = {
    "days-odd": '{"RemoveInactiveMentors": true, "RemoveAfterDays": "²"}',
    "an-array": '[{"RemoveInactiveMentors": true}]',
    "heading-cr": '{"WarningHeading": "Hi\\r[[Category:Pwned]]"}',
    "heading-closing": '{"WarningHeading": "Hi ="}',
    "exemption-shape": '{"Exemptions": [{"mentor": "A"}]}',
}


@pytest.mark.parametrize("text", RULES_REFUSED.values(), ids=RULES_REFUSED.keys())
def test_a_protected_rules_page_with_hostile_rules_is_invalid_input(
    community: MakeCommunity, tmp_path: Path, text: str
) -> None:
    from tests.integration.test_cli_live import operator_env

    c = community({}).mentor("Quiet", 12).mentor("Busy", 1).publish()
    admin = login(c.wiki)
    admin.post_with_token(
        action="edit", title=c.rules_page, text=text, summary="hostile", contentmodel="json"
    )
    protect_rules_page(admin, c.rules_page, "test: administrators only")
    env = operator_env(c, tmp_path)
    before = len(c.history())
    for command in commands(c):
        result = run_cli(command, env)
        assert_clean(result, {2})
        assert c.rules_page in result.output
    assert len(c.history()) == before


@pytest.mark.parametrize("label", ["logged-out", "registered"])
def test_hostile_rules_from_anyone_change_nothing_and_name_the_page(
    community: MakeCommunity, tmp_path: Path, label: str
) -> None:
    from tests.integration.test_cli_live import operator_env

    c = community({}).mentor("Quiet", 5).mentor("Busy", 1).publish()
    anyone = MediaWikiClient(c.wiki.api_url, sleep=lambda _s: None)
    editor = "127.0.0.1"
    if label == "registered":
        c.wiki.create_bot_password(c.name("Busy"), "rules", "basic,editpage,createeditmovepage")
        anyone, editor = login(c.wiki, c.name("Busy")), c.name("Busy")
    hostile = {
        "RemoveInactiveMentors": True,
        "RemoveAfterDays": 2,
        "NotifyOnAction": True,
        "WarningHeading": "Hi\r[[Category:Pwned]]",
        "Exemptions": [{"mentor": c.name("Busy"), "reason": "me", "until": None}],
    }
    anyone.post_with_token(
        action="edit", title=c.rules_page, text=json.dumps(hostile), summary="my rules"
    )
    env = operator_env(c, tmp_path)
    before = len(c.history())
    snapshot, dry_run, run = commands(c)
    assert_clean(run_cli(snapshot, env), {0})
    for command in (dry_run, run):
        result = run_cli(command, env)
        assert_clean(result, {4})
        assert f"last edited by {editor})" in result.output and "is not used" in result.output
    assert len(c.history()) == before
    assert c.history(f"User talk:{c.name('Quiet')}") == []


@pytest.mark.parametrize("label", ["ansi", "bidi", "zero-width", "newline"])
def test_hostile_names_and_messages_are_printed_escaped(
    published: tuple[Community, dict[str, str]], label: str, tmp_path: Path
) -> None:
    c, env = published
    put(c, env["CONFIG_PAGE"], json.dumps({"GEMentorshipShouldBeAutoremoved": False}))
    name = HOSTILE_NAMES[label]
    entries = {
        str(m.user_id): {"username": m.name, "message": name, "weight": 2}
        for m in c.members.values()
    }
    entries["999999"] = {"username": name, "message": name, "weight": 2}  # not a user here
    before = put(c, c.list_page, json.dumps({"Mentors": entries}, ensure_ascii=False))
    snapshot, dry_run = commands(c)[:2]
    assert_clean(run_cli(snapshot, env), {0})
    assert_clean(run_cli(dry_run, env), {4})  # refused: the name is no user of this wiki
    assert len(c.history(c.list_page)) == before
    put(
        c,
        env["CONFIG_PAGE"],
        json.dumps(
            {"GEMentorshipShouldBeAutoremoved": True, "GEMentorshipAutoremovedAfterDays": 30}
        ),
    )


def test_an_edit_dated_in_year_9999_is_reported_and_the_run_goes_on(
    community: MakeCommunity, tmp_path: Path
) -> None:
    """A revision imported with a timestamp in 9999 crashed the whole run (OverflowError)."""
    from datetime import UTC, datetime

    from tests.faults.wikistate import edits
    from tests.integration.test_cli_live import operator_env
    from tests.integration.test_jsonpage_cycle import entries

    c = community()
    ahead = (datetime(9999, 12, 31, 23, 0, tzinfo=UTC) - c.now).total_seconds() / 86400
    c.mentor("Future", -ahead).mentor("Quiet", 12).mentor("Gone", 45).mentor("Busy", 1).publish()
    env = operator_env(c, tmp_path)

    result = run_cli(["run", "--wiki", c.wiki.api_url], env)

    assert_clean(result, {0})
    assert f"{c.name('Future')} [future_activity]" in result.output
    assert "the last edit (9999-12-31T" in result.output
    assert len(edits(c, f"Marking mentor {c.name('Quiet')}")) == 1
    assert len(edits(c, f"Removing mentor {c.name('Gone')}")) == 1
    assert entries(c)[str(c.id("Future"))].get("awayTimestamp") is None  # left alone
