"""Who may set the rules, on the real (plain, jsonpage) wiki: a rules page created by a
logged-out client, or edited by an ordinary registered user, changes nothing mentorwatch does
and is named as untrusted; a page an administrator protected is used, and every plan says where
its rules came from; a page that is missing, wikitext or not a JSON object is said plainly."""

from __future__ import annotations

import json
from pathlib import Path

from mentorwatch.store.journal import Journal
from mentorwatch.wiki.api import MediaWikiClient
from mentorwatch.wiki.rules_page import protect_rules_page

from .conftest import Community, extra_bot_password, login
from .test_cli_live import operator_env, run_cli
from .test_jsonpage_cycle import MakeCommunity, entries

#: what an attacker writes: removal after 2 days, and an exemption for themselves
HOSTILE = {"RemoveInactiveMentors": True, "RemoveAfterDays": 2}


def hostile_rules(exempted: str) -> str:
    document = {**HOSTILE, "Exemptions": [{"mentor": exempted, "reason": "me", "until": None}]}
    return json.dumps(document)


def quiet_community(community: MakeCommunity) -> Community:
    """Mentors 5, 3 and 1 days inactive, under no rules at all: nothing is due."""
    return community({}).mentor("Quiet", 5).mentor("Keen", 3).mentor("Busy", 1).publish()


def edit_as(client: MediaWikiClient, title: str, text: str) -> None:
    result = client.post_with_token(action="edit", title=title, text=text, summary="my rules")
    assert result["edit"]["result"] == "Success", result


def assert_refused_naming(output: str, c: Community, editor: str) -> None:
    assert "REFUSED:" in output, output
    assert f"{c.rules_page} (revision " in output and f"last edited by {editor})" in output
    assert "is not used: it is not protected" in output
    assert "Special:Protect, Edit and Move: Allow only administrators, infinite" in output


def test_a_rules_page_created_by_a_logged_out_client_changes_nothing(
    community: MakeCommunity, tmp_path: Path
) -> None:
    c = quiet_community(community)
    before = entries(c)
    anonymous = MediaWikiClient(c.wiki.api_url, sleep=lambda _s: None)
    edit_as(anonymous, c.rules_page, hostile_rules(c.name("Keen")))
    env = operator_env(c, tmp_path)

    ran = run_cli(["run", "--wiki", c.wiki.api_url], env)

    assert ran.exit_code == 4, ran.output
    assert_refused_naming(ran.output, c, "127.0.0.1")
    assert "its content model is wikitext, not JSON" in ran.output
    assert f"rules from: {c.rules_page}, revision" in ran.output and "NOT USED" in ran.output
    assert entries(c) == before and len(c.history()) == 1  # the list as published
    for name in ("Quiet", "Keen", "Busy"):
        assert c.history(f"User talk:{c.name(name)}") == []  # nobody told anything
    journal = Journal(f"sqlite:///{tmp_path / 'journal.db'}")
    (run,) = journal.runs.recent()
    assert run.status == "refused"
    assert [a.status for a in journal.actions.find(run_id=run.id)] == []  # nothing planned

    dry = run_cli(["run", "--wiki", c.wiki.api_url, "--dry-run"], env)
    assert dry.exit_code == 4 and "REFUSED:" in dry.output, dry.output
    snapshot = run_cli(["snapshot", "--wiki", c.wiki.api_url], env)
    assert snapshot.exit_code == 0 and "refused: " in snapshot.stderr
    document = json.loads(snapshot.stdout)
    assert document["version"] == 2 and document["rules"]["trust"] == "none"
    assert document["rules"]["editor"] == "127.0.0.1" and document["config"]["Exemptions"] == []
    path = tmp_path / "snap.json"
    path.write_text(snapshot.stdout)
    planned = run_cli(["plan", str(path)], {})
    assert planned.exit_code == 4 and "REFUSED: " in planned.output
    assert "Summary: 3 keep" in planned.output


def test_a_registered_users_edit_of_an_unprotected_rules_page_is_refused(
    community: MakeCommunity, tmp_path: Path
) -> None:
    c = quiet_community(community)
    c.publish_rules({"MarkInactiveMentorsAway": True, "AwayAfterDays": 4}, protect=False)
    env = operator_env(c, tmp_path)
    before = run_cli(["run", "--wiki", c.wiki.api_url, "--dry-run"], env)
    assert before.exit_code == 4 and "last edited by MentorwatchBot)" in before.output
    c.wiki.create_bot_password(c.name("Keen"), "rules", "basic,editpage")
    keen = login(c.wiki, c.name("Keen"))
    edit_as(keen, c.rules_page, hostile_rules(c.name("Keen")))  # JSON stays JSON
    listed = entries(c)

    ran = run_cli(["run", "--wiki", c.wiki.api_url], env)

    assert ran.exit_code == 4, ran.output
    assert_refused_naming(ran.output, c, c.name("Keen"))
    assert "content model" not in ran.output  # JSON: only the protection is missing
    assert entries(c) == listed


def test_a_json_rules_page_an_administrator_protected_is_used_and_named(
    community: MakeCommunity, tmp_path: Path
) -> None:
    c = quiet_community(community)
    revision = c.publish_rules({"MarkInactiveMentorsAway": True, "AwayAfterDays": 4})
    env = operator_env(c, tmp_path)

    ran = run_cli(["run", "--wiki", c.wiki.api_url, "--json"], env)

    assert ran.exit_code == 0, ran.output
    report = json.loads(ran.stdout)
    assert report["rules"]["page"] == c.rules_page and report["rules"]["trust"] == "protected"
    assert report["rules"]["revision"] > revision  # the protection's own revision
    assert report["rules"]["editor"] == "MentorwatchBot" and report["rules"]["refused"] is None
    assert (
        "edit: administrators only, infinite; move: administrators only"
        in (report["rules"]["basis"])
    )
    assert "awayTimestamp" in entries(c)[str(c.id("Quiet"))]  # the rules are acted on
    text = run_cli(["run", "--wiki", c.wiki.api_url, "--dry-run"], env)
    assert f"rules from: {c.rules_page}, revision" in text.output
    assert "by MentorwatchBot (trusted: protected, edit: administrators only" in text.output


def protected_as(community: MakeCommunity, protections: str, expiry: str) -> Community:
    """A quiet community whose JSON rules page (away after 4 days) has these protections."""
    c = quiet_community(community)
    c.publish_rules({"MarkInactiveMentorsAway": True, "AwayAfterDays": 4}, protect=False)
    login(c.wiki).post_with_token(
        action="protect", title=c.rules_page, reason="test", protections=protections, expiry=expiry
    )
    return c


def test_a_page_protected_for_editing_only_or_as_wikitext_is_not_used(
    community: MakeCommunity, tmp_path: Path
) -> None:
    c = protected_as(community, "edit=sysop", "infinite")
    env = operator_env(c, tmp_path)
    edit_only = run_cli(["run", "--wiki", c.wiki.api_url, "--dry-run"], env)
    assert edit_only.exit_code == 4 and "protection: edit: administrators only" in (
        edit_only.output
    )

    other = community({}).mentor("Quiet", 5).publish()
    (tmp_path / "other").mkdir()
    admin = login(other.wiki)
    edit_as(admin, other.rules_page, json.dumps({"MarkInactiveMentorsAway": True}))  # wikitext
    protect_rules_page(admin, other.rules_page, "test")
    wikitext = run_cli(
        ["run", "--wiki", other.wiki.api_url, "--dry-run"], operator_env(other, tmp_path / "other")
    )
    assert wikitext.exit_code == 4
    assert "its content model is wikitext, not JSON" in wikitext.output
    assert "Special:ChangeContentModel" in wikitext.output
    assert "it is not protected" not in wikitext.output  # protected: only the model is wrong


def test_a_missing_rules_page_is_said_with_both_rules_off(
    community: MakeCommunity, tmp_path: Path
) -> None:
    c = quiet_community(community)
    dry = run_cli(["run", "--wiki", c.wiki.api_url, "--dry-run"], operator_env(c, tmp_path))
    assert dry.exit_code == 0, dry.output
    assert f"rules from: none ({c.rules_page} does not exist: both rules are off)" in dry.output
    assert f"note: no rules page: {c.rules_page} does not exist, so both rules" in dry.output
    assert "No changes needed." in dry.output


def test_a_protected_json_page_holding_an_array_is_invalid_input(
    community: MakeCommunity, tmp_path: Path
) -> None:
    c = quiet_community(community)
    admin = login(c.wiki)
    text = json.dumps([{"MarkInactiveMentorsAway": True}])
    admin.post_with_token(
        action="edit", title=c.rules_page, text=text, summary="an array", contentmodel="json"
    )
    protect_rules_page(admin, c.rules_page, "test")
    ran = run_cli(["run", "--wiki", c.wiki.api_url], operator_env(c, tmp_path))
    assert ran.exit_code == 2, ran.output
    assert f"{c.rules_page}: it must hold a JSON object of rules" in ran.output
    assert "not an array" in ran.output and "Traceback" not in ran.output


def test_a_finite_protection_is_used_and_said_to_end(
    community: MakeCommunity, tmp_path: Path
) -> None:
    c = protected_as(community, "edit=sysop|move=sysop", "1 month|1 month")
    dry = run_cli(["run", "--wiki", c.wiki.api_url, "--dry-run"], operator_env(c, tmp_path))
    assert dry.exit_code == 0, dry.output
    assert "mentorwatch refuses the rules: make the protection infinite" in dry.output


def test_config_migrate_by_an_account_that_may_not_protect_says_the_page_needs_it(
    community: MakeCommunity, tmp_path: Path
) -> None:
    c = community().mentor("Gone", 45).mentor("Busy", 1).mentor("Keen", 2).publish()
    grants = "basic,editpage,createeditmovepage,editinterface,editsiteconfig"
    username, password = extra_bot_password(c.wiki, "MentorwatchBot", grants)
    env = {
        **operator_env(c, tmp_path),
        "MENTORWATCH_USERNAME": username,
        "MENTORWATCH_PASSWORD": password,
    }
    moved = run_cli(["config", "migrate", "--wiki", c.wiki.api_url], env)
    assert moved.exit_code == 0, moved.output
    assert f"{c.rules_page} is NOT protected" in moved.output
    assert 'grant "Protect and unprotect pages"' in moved.output
    assert len(c.history(c.rules_page)) == 1  # created, not protected
    ran = run_cli(["run", "--wiki", c.wiki.api_url], env)
    assert ran.exit_code == 4 and "is not used: it is not protected" in ran.output
    assert str(c.id("Gone")) in entries(c)  # the migrated rules are not acted on yet


def test_undo_creates_the_rules_page_for_its_exemption_protected_and_the_next_run_uses_it(
    community: MakeCommunity, tmp_path: Path
) -> None:
    c = community().mentor("Gone", 45).mentor("Busy", 1).mentor("Keen", 2).publish()
    env = operator_env(c, tmp_path)
    assert run_cli(["run", "--wiki", c.wiki.api_url], env).exit_code == 0  # the old page's rules
    assert str(c.id("Gone")) not in entries(c)
    run_id = Journal(f"sqlite:///{tmp_path / 'journal.db'}").runs.recent()[0].id

    undone = run_cli(["undo", str(run_id), "--wiki", c.wiki.api_url], env)
    assert undone.exit_code == 0, undone.output
    assert "done  protect" in undone.output
    assert [e["mentor"] for e in c.read(c.rules_page)["Exemptions"]] == [c.name("Gone")]
    again = run_cli(["run", "--wiki", c.wiki.api_url], env)
    assert again.exit_code == 0, again.output
    assert "(trusted: protected" in again.output
    assert str(c.id("Gone")) in entries(c)  # exempt: not removed again
