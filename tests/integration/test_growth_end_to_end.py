"""The whole command sequence on the real GrowthExperiments (issue 10), checked against what the
wiki really holds afterwards: the list, each mentor's away preference and status as they see it,
Special:ManageMentors, mentees, the setmentor log, and new accounts' mentors.

The rigs (growth_rigs.py) are shared by the session: each test seeds mentors of its own and takes
them off the list when done (a run acts on the whole list, so leftovers would be acted on by the
next test's run).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import growthwiki
import pytest

from . import growth_e2e as e2e
from .growth_rigs import localwiki
from .test_growth_backend_real import manage_mentors_qqx, status_cell

RIGS = ["ge139", "ge143", "ge143cc"]


@pytest.fixture(params=RIGS)
def rig(request: pytest.FixtureRequest) -> localwiki.LocalWiki:
    wiki: localwiki.LocalWiki = request.getfixturevalue(request.param)
    return wiki


def is_rel139(wiki: localwiki.LocalWiki) -> bool:
    return wiki.flavour.growth_branch == "REL1_39"


# the cast of the full sequence: days since the last edit, weight, own away (days from now)
CAST: dict[str, dict[str, Any]] = {
    "Own": {"last_edit": 20, "away": 40, "message": "Away on my own"},  # inactive, away longer
    "Soon": {
        "last_edit": 15,
        "weight": 4,
        "message": "Soon away",
        "login": True,
    },  # to be marked away
    "Gone": {"last_edit": 45, "message": "Gone for good"},  # to be removed, with mentees
    "Blocked": {"last_edit": 1, "weight": 4, "blocked": True},
    "Holiday": {"last_edit": 1, "weight": 4, "away": 10},  # active, on a self-set away
    "Active": {"last_edit": 1, "weight": 1},
}


def cast_for(rig: localwiki.LocalWiki) -> dict[str, dict[str, Any]]:
    """REL1_39 cannot show anyone another mentor's away: its Holiday is not away here (that
    case is test_rel139_no_mentee_goes_to_a_mentor_on_a_self_set_away)."""
    if not is_rel139(rig):
        return CAST
    return {**CAST, "Holiday": {"last_edit": 1, "weight": 4}}


def run_ok(args: list[str], env: dict[str, str], *, stdout: bool = False) -> str:
    """The command's output (standard output only with ``stdout``: warnings go to stderr)."""
    result = e2e.cli(args, env)
    assert result.exit_code == 0, result.output
    return result.stdout if stdout else result.output


def run_id_of(output: str) -> int:
    return int(output.split("run #", 1)[1].split(")", 1)[0])


def test_the_whole_sequence(rig: localwiki.LocalWiki, tmp_path: Path) -> None:
    env = e2e.operator_env(rig, tmp_path)
    with e2e.seeded(rig, "Seq") as c:
        c.seed(cast_for(rig))
        mentees = c.mentees_for("Gone", 4)
        names = list(c.names.values())
        listed = growthwiki.mentor_list(rig)
        before = {name: e2e.comparable(listed[name]) for name in names}
        away_before = e2e.away_preferences(rig, names)
        assert away_before[c["Own"]] is not None

        # snapshot, then plan from it, offline
        snapshot = run_ok(["snapshot", "--wiki", rig.api_url], env, stdout=True)
        path = tmp_path / "snapshot.json"
        path.write_text(snapshot)
        planned = json.loads(run_ok(["plan", str(path), "--json"], {}))
        actions = {d["mentor"]: d["action"] for d in planned["decisions"]}
        assert actions[c["Gone"]] == "remove"
        assert actions[c["Soon"]] == "mark_away"
        assert {actions[c[s]] for s in ("Blocked", "Holiday", "Active")} == {"keep"}

        # a dry run changes nothing
        history_before = e2e.list_history(rig)
        dry = run_ok(["run", "--wiki", rig.api_url, "--dry-run"], env)
        assert "dry run" in dry and "planned  remove" in dry
        assert e2e.list_history(rig) == history_before
        assert e2e.away_preferences(rig, names) == away_before

        # the run
        first = run_ok(["run", "--wiki", rig.api_url], env)
        run_id = run_id_of(first)
        check_after_run(rig, c, mentees, before, away_before, first)

        # claim 2: a second run writes nothing
        history_after = e2e.list_history(rig)
        away_after = e2e.away_preferences(rig, names)
        again = run_ok(["run", "--wiki", rig.api_url], env)
        assert "Writes: none" in again, again
        second_id = run_id_of(again)
        journaled = json.loads(
            run_ok(["history", "--run", str(second_id), "--json"], env, stdout=True)
        )
        assert journaled["runs"][0]["summary"]["writes"] == {}
        assert e2e.list_history(rig) == history_after
        assert e2e.away_preferences(rig, names) == away_after

        # claim 6: newcomers after the run
        check_newcomers(rig, c)

        # history shows the run's removal with its revision
        shown = run_ok(["history", "--wiki", rig.api_url], env)
        assert f"remove         {c['Gone']}  rev " in shown, shown

        # claim 3: undo puts back every away and removal exactly
        # --no-exempt: an exemption would create the rules page the other tests of this rig share
        undone = run_ok(["undo", str(run_id), "--wiki", rig.api_url, "--no-exempt"], env)
        check_undone(rig, c, mentees, before, away_before, undone)


def check_after_run(
    rig: localwiki.LocalWiki,
    c: e2e.Cast,
    mentees: list[str],
    before: dict[str, dict[str, Any]],
    away_before: dict[str, str | None],
    output: str,
) -> None:
    listed = growthwiki.mentor_list(rig)
    assert c["Gone"] not in listed
    # claim 1: the mentor's own away, to the second, in the preference and as they see it
    assert e2e.away_preferences(rig, [c["Own"]]) == {c["Own"]: away_before[c["Own"]]}
    assert growthwiki.mentor_status(rig, c["Own"]) == "away"
    own_until = e2e.away_until(rig, c["Own"])
    assert own_until is not None
    if is_rel139(rig):  # paused: no automatic assignment, weight kept
        assert listed[c["Soon"]]["automaticallyAssigned"] is False
        assert listed[c["Soon"]]["weight"] == before[c["Soon"]]["weight"]
        assert growthwiki.mentor_status(rig, c["Soon"]) == "active"  # no away on REL1_39
    else:  # away, and weight 0 (this GrowthExperiments still gives away mentors newcomers)
        assert listed[c["Soon"]]["weight"] == 0
        assert listed[c["Soon"]]["message"] == "Soon away"
        assert growthwiki.mentor_status(rig, c["Soon"]) == "away"
        assert e2e.away_until(rig, c["Soon"]) is not None
        page = manage_mentors_qqx(rig)
        assert int(status_cell(page, c["Own"])[0]) == int(own_until.timestamp())
        assert int(status_cell(page, c["Soon"])[0]) > int(datetime.now(UTC).timestamp())
        assert growthwiki.mentor_status(rig, c["Holiday"]) == "away"
    # claim 5: every mentee of the removed mentor went to an available mentor
    check_reassigned(rig, c, mentees)


def check_reassigned(rig: localwiki.LocalWiki, c: e2e.Cast, mentees: list[str]) -> None:
    listed = growthwiki.mentor_list(rig)
    roles = e2e.mentors_of(rig, mentees)
    new = {mentee: roles[mentee]["primary"] for mentee in mentees}
    forbidden = {c["Gone"], c["Soon"], c["Own"], c["Blocked"]}
    if not is_rel139(rig):
        forbidden.add(c["Holiday"])  # away on their own
    assert not set(new.values()) & forbidden, new
    for mentee, mentor in new.items():
        assert mentor in listed, f"{mentee} went to {mentor}, who is not on the list"
        entry = listed[mentor]
        assert entry["weight"] > 0 and entry.get("automaticallyAssigned", True), (mentor, entry)
        assert e2e.away_until(rig, mentor) is None, f"{mentee} went to {mentor}, who is away"
        assert mentee in growthwiki.mentees_of(rig, mentor)
    assert not e2e.blocked_users(rig, set(new.values()))
    moves = {
        entry["title"].split(":", 1)[1]: entry["params"]
        for entry in reversed(e2e.setmentor_log(rig))
        if entry["params"].get("previous-mentor") == c["Gone"]
    }
    assert {mentee: moves[mentee]["new-mentor"] for mentee in mentees} == new


def check_newcomers(rig: localwiki.LocalWiki, c: e2e.Cast) -> None:
    """Accounts created after the run: neither primary nor effective mentor is one the rules
    found inactive."""
    newcomers = [f"{c.prefix}Newcomer{index}" for index in range(8)]
    for name in newcomers:
        growthwiki.create_newcomer(rig, name)
    inactive = {c["Own"], c["Soon"], c["Gone"]}
    roles = e2e.mentors_of(rig, newcomers)
    for name in newcomers:
        assert "primary" in roles[name], f"{name} got no mentor"
        assert roles[name]["primary"] not in {c["Soon"], c["Gone"]}, roles[name]
        effective = e2e.effective_mentor(rig, roles[name])
        assert effective not in inactive, (name, roles[name])
        assert growthwiki.mentor_of(rig, name, [roles[name]["primary"]]) == roles[name]["primary"]


def check_undone(
    rig: localwiki.LocalWiki,
    c: e2e.Cast,
    mentees: list[str],
    before: dict[str, dict[str, Any]],
    away_before: dict[str, str | None],
    output: str,
) -> None:
    # every list change is put back; a talk-page message (the away-limit notice) stays
    changes = [line for line in output.splitlines() if "a message on a talk page" not in line]
    assert not any("skipped" in line or "failed" in line for line in changes), output
    listed = growthwiki.mentor_list(rig)
    for short in ("Own", "Soon", "Gone", "Active", "Holiday"):
        assert e2e.comparable(listed[c[short]]) == before[c[short]], short
    assert e2e.away_until(rig, c["Soon"]) is None
    assert growthwiki.mentor_status(rig, c["Soon"]) == "active"
    assert e2e.away_preferences(rig, [c["Own"]]) == {c["Own"]: away_before[c["Own"]]}
    assert growthwiki.mentor_status(rig, c["Own"]) == "away"
    assert sorted(growthwiki.mentees_of(rig, c["Gone"])) == sorted(mentees)


# --- claim 7: a mentor's own away from the web page ---------------------------------------------


def test_a_mentor_sets_and_clears_their_own_away_on_the_web_page(
    rig: localwiki.LocalWiki, tmp_path: Path
) -> None:
    from .growth_web import away_form, serve_growth, signed_in

    with e2e.seeded(rig, "Web") as c:
        c.seed({"Mira": {"last_edit": 1, "message": "Ask me", "weight": 4, "login": True}})
        name = c["Mira"]
        before = e2e.comparable(growthwiki.mentor_list(rig)[name])
        with serve_growth(rig, tmp_path) as url:
            http = signed_in(url, rig.bot_credentials(name))
            token = away_form(http, url)
            saved = http.post(
                f"{url}/away",
                data={"csrf_token": token, "action": "away", "mode": "days", "days": "7"},
            )
            assert saved.ok and "saved" in saved.url, saved.text[:800]
            assert growthwiki.mentor_status(rig, name) == "away"
            until = e2e.away_until(rig, name)
            assert until is not None
            assert 6 <= (until - datetime.now(UTC)).days <= 7
            assert e2e.comparable(growthwiki.mentor_list(rig)[name]) == before

            token = away_form(http, url)
            back = http.post(f"{url}/away", data={"csrf_token": token, "action": "back"})
            assert back.ok and "saved=back" in back.url, back.text[:800]
            assert growthwiki.mentor_status(rig, name) == "active"
            assert e2e.away_until(rig, name) is None
            assert e2e.comparable(growthwiki.mentor_list(rig)[name]) == before


# --- claim 8: an empty list ---------------------------------------------------------------------


@pytest.mark.parametrize("rig_name", ["ge143", "ge139"])
def test_snapshot_and_run_on_an_empty_list(
    request: pytest.FixtureRequest, rig_name: str, tmp_path: Path
) -> None:
    wiki: localwiki.LocalWiki = request.getfixturevalue(rig_name)
    e2e.configure(wiki)
    env = e2e.operator_env(wiki, tmp_path)
    bot = growthwiki.Api(wiki, localwiki.BOT)
    listed = growthwiki.mentor_list(wiki)
    for name in listed:
        bot.post(action="growthmanagementorlist", geaction="remove", username=name, summary="e2e")
    try:
        assert growthwiki.mentor_list(wiki) == {}
        snapshot = json.loads(run_ok(["snapshot", "--wiki", wiki.api_url], env, stdout=True))
        assert snapshot["mentors"] == {"Mentors": {}}
        output = run_ok(["run", "--wiki", wiki.api_url], env)
        assert "No changes needed." in output and "Writes: none" in output
    finally:  # the rig is shared: the session's mentors back as they were
        for name, entry in listed.items():
            growthwiki.add_mentor(
                wiki,
                name,
                message=entry["message"],
                weight=entry["weight"] or 2,
                auto_assigned=entry["weight"] != 0 and entry.get("automaticallyAssigned", True),
            )
