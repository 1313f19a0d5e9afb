"""What mentorwatch says and does is true (issue 21), on the real GrowthExperiments 1.43 rig:
no churn between runs, an undo that knows the tool's own later edits, failed talk-page
messages retried and then reported, and one status word for a mentor on every surface.

Each test writes mentorwatch's rules on a rules page of its own (the rig is shared by the
session) and checks what the wiki really holds afterwards, not only what mentorwatch printed.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import growthwiki
import pytest

from mentorwatch.domain.safety import SafetyLimits
from mentorwatch.service.cycle import Cycle, RunOptions, RunReport
from mentorwatch.store.journal import Journal
from mentorwatch.wiki.growth import GrowthBackend

from . import growth_e2e as e2e
from .conftest import login
from .growth_rigs import localwiki
from .growth_web import signed_in
from .servers import app_env, running, serve_command

RULES: dict[str, Any] = {
    "MarkInactiveMentorsAway": True,
    "AwayAfterDays": 10,
    "RemoveInactiveMentors": True,
    "RemoveAfterDays": 30,
    "WarnBeforeRemoval": True,
    "WarnDaysBeforeRemoval": 7,
}


@pytest.fixture
def rig(ge143: localwiki.LocalWiki) -> localwiki.LocalWiki:
    return ge143


def rules_page(cast: e2e.Cast) -> str:
    return f"Project:Mentorwatch/Rules-{cast.prefix}.json"


def run(args: list[str], env: dict[str, str], *, code: int = 0) -> str:
    result = e2e.cli(args, env)
    assert result.exit_code == code, result.output
    return result.output


def run_id_of(output: str) -> int:
    return int(output.split("run #", 1)[1].split(")", 1)[0])


def page_history(rig: localwiki.LocalWiki, title: str) -> list[dict[str, Any]]:
    result = growthwiki.Api(rig).get(
        action="query", prop="revisions", titles=title, rvprop="ids|comment", rvlimit="max"
    )
    return list(result["query"]["pages"][0].get("revisions", []))


def talk_revisions(rig: localwiki.LocalWiki, name: str) -> list[dict[str, Any]]:
    return page_history(rig, f"User talk:{name}")


def read_page(rig: localwiki.LocalWiki, title: str) -> str:
    result = growthwiki.Api(rig).get(
        action="query", prop="revisions", titles=title, rvprop="content", rvslots="main"
    )
    return str(result["query"]["pages"][0]["revisions"][0]["slots"]["main"]["content"])


# --- 1. no churn: runs seconds apart make no edit for mentors waiting on a warning -----------


def test_runs_seconds_apart_make_no_edit_for_mentors_waiting_on_their_warning(
    rig: localwiki.LocalWiki, tmp_path: Path
) -> None:
    with e2e.seeded(rig, "Churn") as c:
        c.seed(
            {
                "Waiting": {"last_edit": 40},  # past removal: warned now, removal waits 7 days
                "Warned": {"last_edit": 45},
                "Quiet": {"last_edit": 15},  # past away only
                "Busy": {"last_edit": 1},
            }
        )
        e2e.write_rules(rig, rules_page(c), RULES)
        env = e2e.operator_env(rig, tmp_path, rules_page=rules_page(c))
        names = [c["Waiting"], c["Warned"], c["Quiet"]]

        first = run(["run", "--wiki", rig.api_url], env)
        assert f"done  warn        {c['Waiting']}" in first, first
        away = e2e.away_preferences(rig, names)
        assert all(away.values()), away
        talk = {name: len(talk_revisions(rig, name)) for name in names}

        for _ in range(2):
            again = run(["run", "--wiki", rig.api_url], env)
            assert "Writes: none" in again, again
            assert e2e.away_preferences(rig, names) == away  # to the second
            shown = json.loads(run(["history", "--run", str(run_id_of(again)), "--json"], env))
            decisions = {d["username"]: d for d in shown["decisions"]}
            for name in names:
                assert decisions[name]["action"] == "keep", decisions[name]["reason"]
        assert {name: len(talk_revisions(rig, name)) for name in names} == talk


# --- 2. undo knows mentorwatch's own later edits -----------------------------------------------


def cycle_at(rig: localwiki.LocalWiki, tmp_path: Path, page: str, moment: datetime) -> RunReport:
    """A cleanup run whose clock reads ``moment`` (later runs of the weekly job, today; by
    then every mentor of the shared rig looks inactive, which the safety checks, the removal and
    the mark-away caps, are told to allow)."""
    client = login(rig)
    backend = GrowthBackend(client, rules_page=page, clock=lambda: moment)
    journal = Journal(f"sqlite:///{tmp_path / 'journal.db'}")
    options = RunOptions(
        safety=SafetyLimits.with_cap(None, allow_all_inactive=True, allow_mass_away=True)
    )
    return Cycle(client, backend, journal, clock=lambda: moment, options=options).run()


def test_undo_of_a_run_whose_aways_later_runs_extended_puts_every_mentor_back_blaming_no_one(
    rig: localwiki.LocalWiki, tmp_path: Path
) -> None:
    away_only = {"MarkInactiveMentorsAway": True, "AwayAfterDays": 10}
    with e2e.seeded(rig, "Undo") as c:
        c.seed(
            {
                "Quiet": {"last_edit": 15, "message": "Ask me", "weight": 4},
                "Still": {"last_edit": 20},
                "Sleepy": {"last_edit": 12, "weight": 1},
                "Changer": {"last_edit": 14, "login": True},
                "Busy": {"last_edit": 1},
            }
        )
        page = rules_page(c)
        e2e.write_rules(rig, page, away_only)
        env = e2e.operator_env(rig, tmp_path, rules_page=page)
        ours = [c["Quiet"], c["Still"], c["Sleepy"]]
        names = [*ours, c["Changer"]]
        listed = growthwiki.mentor_list(rig)
        before = {name: e2e.comparable(listed[name]) for name in names}

        first = run(["run", "--wiki", rig.api_url], env)
        run_id = run_id_of(first)
        assert all(e2e.away_until(rig, name) for name in names)
        # the weekly job goes on: 23 and 46 days later each run extends the aways it set
        start = e2e.now()
        for days in (23, 46):
            later = cycle_at(rig, tmp_path, page, start + timedelta(days=days))
            renewed = {
                o.username for o in later.outcomes if (o.action, o.status) == ("renew_away", "done")
            }
            assert set(names) <= renewed, later.outcomes
        growthwiki.set_own_away(rig, c["Changer"], start + timedelta(days=5))  # their choice
        own_choice = e2e.away_preferences(rig, [c["Changer"]])
        revisions = len(page_history(rig, page))

        undone = run(["undo", str(run_id), "--wiki", rig.api_url], env)
        assert "the mentor or an admin edited it" not in "".join(
            line for line in undone.splitlines() if c["Changer"] not in line
        ), undone
        listed = growthwiki.mentor_list(rig)
        for name in ours:
            assert e2e.comparable(listed[name]) == before[name], name  # message, weight
            assert e2e.away_until(rig, name) is None, name
        (changer,) = [
            line for line in undone.splitlines() if c["Changer"] in line and "undo_" in line
        ]
        assert "skipped" in changer and "the entry changed since the run" in changer
        assert e2e.away_preferences(rig, [c["Changer"]]) == own_choice  # left as they set it
        # one rules-page edit exempts the three mentors put back
        history = page_history(rig, page)
        assert len(history) == revisions + 1, history
        exempt = json.loads(read_page(rig, page))["Exemptions"]
        assert sorted(e["mentor"] for e in exempt) == sorted(ours)


# --- 3. a message the wiki refuses: retried, then reported, the same for every kind ----------


def journaled(tmp_path: Path) -> Journal:
    return Journal(f"sqlite:///{tmp_path / 'journal.db'}")


def run_wiki_key(env: dict[str, str], rig: localwiki.LocalWiki) -> str:
    """The journal's key for the rig (the wiki's own name for itself)."""
    shown = json.loads(run(["history", "--json", "--limit", "1"], env))
    return str(shown["runs"][0]["wiki"])


#: a talk page one new section short of the wiki's size limit ($wgMaxArticleSize, 2048 KiB):
#: the wiki refuses every message, whatever the account's rights
FULL_TALK_PAGE = "x" * (2048 * 1024 - 100)


def fill_talk_pages(rig: localwiki.LocalWiki, names: list[str]) -> None:
    at = datetime.now(UTC)
    rig.import_edits(
        {
            "user": localwiki.ADMIN,
            "title": f"User talk:{name}",
            "timestamp": at,
            "text": FULL_TALK_PAGE,
        }
        for name in names
    )


@pytest.mark.parametrize(
    ("case", "status", "code"),
    [
        # the wiki refuses the post: the talk page is full
        ("talk pages full", "failed", 1),
        # the bot password lacks the edit grants: the preflight says so, nothing is tried
        ("no edit grant", "not_allowed", 6),
    ],
)
def test_messages_not_delivered_are_retried_then_reported_the_same_for_every_kind(
    rig: localwiki.LocalWiki, tmp_path: Path, case: str, status: str, code: int
) -> None:
    with e2e.seeded(rig, "Refused") as c:
        c.seed(
            {
                "Fading": {"last_edit": 40},  # marked away, warned before removal
                "Sleepy": {"last_edit": 15},  # marked away, told so
                "Far": {"last_edit": 1, "away": 60},  # away past their removal date, told so
                "Busy": {"last_edit": 1, "login": True},
            }
        )
        page = rules_page(c)
        e2e.write_rules(rig, page, {**RULES, "NotifyOnAction": True})
        kinds = {"warn": c["Fading"], "notify": c["Sleepy"], "away_notice": c["Far"]}
        credentials = None
        if case == "talk pages full":
            fill_talk_pages(rig, list(kinds.values()))
        else:  # list changes work (managementorship), talk-page messages may not be made
            credentials = e2e.bot_password(rig, "nomessages", "basic,highvolume,managementorship")
        env = e2e.operator_env(rig, tmp_path, rules_page=page, credentials=credentials)
        talk = {name: len(talk_revisions(rig, name)) for name in kinds.values()}

        for attempt in (1, 2, 3):
            output = run(["run", "--wiki", rig.api_url], env, code=code)
            for kind, name in kinds.items():
                (line,) = [x for x in output.splitlines() if f"{kind} " in x and name in x]
                assert line.lstrip().startswith(status), output
                assert f"attempt {attempt} of 3" in line, line
            assert ("not tried again, an admin is needed" in output) == (attempt == 3)
            assert e2e.away_until(rig, c["Sleepy"]) is not None  # the list change was made

        fourth = run(["run", "--wiki", rig.api_url], env, code=0 if code == 1 else code)
        assert "Needs an admin" in fourth, fourth
        for name in kinds.values():
            (line,) = [x for x in fourth.splitlines() if x.strip().startswith(f"{name}: the")]
            assert "in 3 runs" in line and "last answer" in line, line
        assert c["Fading"] in growthwiki.mentor_list(rig)  # not removed without its warning

        actions = journaled(tmp_path).actions.find(wiki=run_wiki_key(env, rig))
        for kind, name in kinds.items():
            tried = [a for a in actions if a.username == name and a.action == kind]
            assert [a.status for a in tried] == [status] * 3, (kind, tried)  # then no more
        assert {name: len(talk_revisions(rig, name)) for name in kinds.values()} == talk
        # each run's line in history says how many need an admin (other tests' mentors on the
        # shared rig may add to the counts), and how many failed where the wiki refused
        history = run(["history", "--wiki", rig.api_url], env).splitlines()
        runs = {int(line.split()[0][1:]): line for line in history if line.startswith("  #")}
        assert "needs admin" not in runs[1] and re.search(r"needs admin \d+ ", runs[3]), runs
        assert re.search(r"needs admin \d+ ", runs[4]), runs
        if status == "failed":
            assert re.search(r"failures \d+ ", runs[1]) and "failures" not in runs[4], runs
        with serve_app(rig, tmp_path, page) as url:
            http = signed_in(url, rig.bot_credentials(c["Busy"]))
            shown = json.loads(http.get(f"{url}/export.json").text)["mentors"]
        statuses = {row["username"]: row["status_label"] for row in shown}
        assert {statuses[name] for name in kinds.values()} == {"needs an admin"}, statuses


# --- 4. one status word for a mentor on every surface ----------------------------------------


@contextmanager
def serve_app(rig: localwiki.LocalWiki, tmp_path: Path, page: str) -> Iterator[str]:
    """The web app on the same journal as the command line (its run pages show those runs)."""
    settings = tmp_path / "web-settings.toml"
    settings.write_text(
        f'database = "sqlite:///{tmp_path / "journal.db"}"\nrules_page = "{page}"\n'
    )
    port = localwiki.free_port()
    command = serve_command(rig.api_url, "growth", settings, port)
    with running(command, app_env(), port, tmp_path / "serve.log") as url:
        yield url


def test_every_surface_shows_the_same_status_word_for_the_same_mentor(
    rig: localwiki.LocalWiki, tmp_path: Path
) -> None:
    with e2e.seeded(rig, "Words") as c:
        c.seed(
            {
                "Exempt": {"last_edit": 24},  # exempt: not "active"
                "Shy": {"last_edit": 25},  # {{nobots}}: never warned, not "warned"
                "Fading": {"last_edit": 25},  # warned
                "Quiet": {"last_edit": 15},  # marked away
                "Holiday": {"last_edit": 1, "away": 5},  # away on their own
                "Busy": {"last_edit": 1, "login": True},
            }
        )
        page = rules_page(c)
        exemption = {"mentor": c["Exempt"], "reason": "on leave", "until": None}
        e2e.write_rules(rig, page, {**RULES, "Exemptions": [exemption]})
        growthwiki.Api(rig, localwiki.BOT).post(
            action="edit", title=f"User talk:{c['Shy']}", text="{{nobots}}", summary="e2e"
        )
        env = e2e.operator_env(rig, tmp_path, rules_page=page)
        run(["run", "--wiki", rig.api_url], env)  # warns Fading (and Shy: opted out), Quiet away
        expected = {
            c["Exempt"]: "exempt",
            c["Shy"]: "not warned (opted out of bot messages)",
            c["Fading"]: "warned",
            c["Quiet"]: "away",
            c["Holiday"]: "away",
            c["Busy"]: "active",
        }

        snapshot = tmp_path / "snapshot.json"
        snapshot.write_text(e2e.cli(["snapshot", "--wiki", rig.api_url], env).stdout)
        plan_text = run(["plan", str(snapshot)], {})
        planned = json.loads(run(["plan", str(snapshot), "--json"], {}))["decisions"]
        report = run(["run", "--wiki", rig.api_url], env)
        run_id = run_id_of(report)
        as_json = json.loads(e2e.cli(["run", "--wiki", rig.api_url, "--json"], env).stdout)
        reported = {m["username"]: m["status_label"] for m in as_json["mentors"]}
        history = run(["history", "--run", str(run_id)], env)
        for name, word in expected.items():
            (row,) = [line for line in plan_text.splitlines() if line.startswith(f"{name} ")]
            assert f"  {word}  " in row, (name, row)
            assert {d["mentor"]: d["status_label"] for d in planned}[name] == word
            (status_line,) = [x for x in report.splitlines() if x.startswith(f"  {word}: ")]
            assert (name in status_line) == (word != "active"), (name, report)  # active: counted
            assert reported[name] == word
            assert f"{name} [{word}]: " in history, (name, history)

        with serve_app(rig, tmp_path, page) as url:
            http = signed_in(url, rig.bot_credentials(c["Busy"]))
            # the exports wait for the app's first reading of the wiki; the page then has it
            exported = list(csv.DictReader(io.StringIO(http.get(f"{url}/export.csv").text)))
            document = json.loads(http.get(f"{url}/export.json").text)
            dashboard = http.get(f"{url}/").text
            run_page = http.get(f"{url}/runs/{run_id}").text
        csv_status = {row["username"]: row["status"] for row in exported}
        json_status = {row["username"]: row["status_label"] for row in document["mentors"]}
        for name, word in expected.items():
            shown = html.escape(word, quote=False)
            assert re.search(
                rf'data-user="{name}">(?:(?!</tr>).)*?class="status [a-z_]+"[^>]*>'
                rf"{re.escape(shown)}[< ]",
                dashboard,
                re.S,
            ), name
            assert re.search(rf"<td>{name}</td><td[^>]*>{re.escape(shown)}</td>", run_page), name
            assert csv_status[name] == word and json_status[name] == word


# --- 5. weight 0: said to be mentorwatch's pause, not the mentor's choice --------------------


def test_weight_0_of_a_mentor_marked_away_is_said_to_be_mentorwatchs_pause_everywhere(
    rig: localwiki.LocalWiki, tmp_path: Path
) -> None:
    paused = "paused by mentorwatch, weight restored to 4 when they edit"
    with e2e.seeded(rig, "Weight") as c:
        c.seed({"Quiet": {"last_edit": 15, "weight": 4}, "Busy": {"last_edit": 1, "login": True}})
        page = rules_page(c)
        e2e.write_rules(rig, page, {"MarkInactiveMentorsAway": True, "AwayAfterDays": 10})
        env = e2e.operator_env(rig, tmp_path, rules_page=page)
        report = run(["run", "--wiki", rig.api_url], env)
        (line,) = [x for x in report.splitlines() if "mark_away" in x and c["Quiet"] in x]
        assert paused in line, report
        assert growthwiki.mentor_list(rig)[c["Quiet"]]["weight"] == 0
        # the list's own history says why (GrowthExperiments wraps the summary)
        comments = [r["comment"] for r in e2e.list_history(rig) if c["Quiet"] in r["comment"]]
        assert any(
            "weight 0 meanwhile (not their choice): restored to 4 when they edit" in comment
            for comment in comments
        ), comments

        again = run(["run", "--wiki", rig.api_url, "--dry-run"], env)
        decisions = json.loads(run(["history", "--run", str(run_id_of(again)), "--json"], env))
        (quiet,) = [d for d in decisions["decisions"] if d["username"] == c["Quiet"]]
        assert paused in quiet["reason"] and "None (I claim them manually)" in quiet["reason"]
        with serve_app(rig, tmp_path, page) as url:
            http = signed_in(url, rig.bot_credentials(c["Busy"]))
            document = json.loads(http.get(f"{url}/export.json").text)
            dashboard = http.get(f"{url}/").text
        (row,) = [m for m in document["mentors"] if m["username"] == c["Quiet"]]
        assert row["weight"] == 0 and paused in row["note"]
        assert paused in dashboard


# --- 7. small untruths ---------------------------------------------------------------------


def test_a_run_logs_no_harmless_warning_and_each_warning_once_and_counts_its_warnings(
    rig: localwiki.LocalWiki, tmp_path: Path
) -> None:
    with e2e.seeded(rig, "Said") as c:
        c.seed(
            {
                "Gone": {"last_edit": 40},  # marked away and warned: one warning, carried
                "Quiet": {"last_edit": 15},
                "Sleepy": {"last_edit": 16},
                "Blocked": {"last_edit": 1, "blocked": True},  # its away cannot be read
                "Busy": {"last_edit": 1},
            }
        )
        page = rules_page(c)
        e2e.write_rules(rig, page, RULES)
        env = e2e.operator_env(rig, tmp_path, rules_page=page)
        dry = run(["run", "--wiki", rig.api_url, "--dry-run"], env)
        planned = [x for x in dry.splitlines() if x.startswith("Planned: ")]
        assert planned and "3 mark_away" in planned[0] and "1 warn" in planned[0], dry
        output = run(["run", "--wiki", rig.api_url], env)
        assert "API warning from paraminfo" not in output, output  # expected, harmless
        cannot = [x for x in output.splitlines() if "cannot be read from Special:Manage" in x]
        assert len(cannot) == 1, output  # once per run, not once per write
        assert "the away status of 1 mentor cannot" in cannot[0]
        # "1 mentors" as a count of its own ("of 21 mentors", the pool's line, is fine)
        assert not re.search(r"\b1 mentors", output) and "mentor(s)" not in output
