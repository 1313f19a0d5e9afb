"""A run killed with SIGKILL mid-way: the next run finishes it, nothing done twice, nothing lost."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from mentorwatch.domain.timeutil import format_timestamp
from mentorwatch.service.action_log import ActionLog
from mentorwatch.service.cycle import Cycle
from mentorwatch.store.journal import Intent, Journal, RunLocked
from mentorwatch.wiki.jsonpage import JsonPageBackend

from .conftest import Community, login
from .test_jsonpage_cycle import MakeCommunity, entries

HERE = Path(__file__).parent


def killed_run(c: Community, database: str, when: str) -> None:
    name, password = c.wiki.bot_credentials()
    env = {**os.environ, "MENTORWATCH_USERNAME": name, "MENTORWATCH_PASSWORD": password}
    env["PYTHONPATH"] = os.pathsep.join(sys.path)
    args = [c.wiki.api_url, c.list_page, c.config_page, database, format_timestamp(c.now), when]
    done = subprocess.run(
        [sys.executable, str(HERE / "crashing_run.py"), *args], env=env, timeout=120
    )
    assert done.returncode == -signal.SIGKILL


def edits_by_summary(c: Community, start: str) -> list[str]:
    return [r["comment"] for r in c.history() if r["comment"].startswith(start)]


@pytest.mark.parametrize("when", ["after-write", "before-write"])
def test_a_run_killed_around_a_write_is_finished_by_the_next_run(
    community: MakeCommunity, tmp_path: Path, when: str
) -> None:
    c = community().mentor("Quiet", 12).mentor("Gone", 45).mentor("Busy", 1).publish()
    database = f"sqlite:///{tmp_path / 'journal.db'}"
    killed_run(c, database, when)

    journal = Journal(database)
    (pending,) = journal.pending_actions(c.wiki.api_url)
    assert (pending.username, pending.action) == (c.name("Quiet"), "mark_away")
    marked = edits_by_summary(c, f"Marking mentor {c.name('Quiet')}")
    assert len(marked) == (1 if when == "after-write" else 0)

    client = login(c.wiki)
    backend = JsonPageBackend(client, c.list_page, c.config_page)
    report = Cycle(client, backend, journal, clock=lambda: c.now).run()

    # the dead run's lock was taken over and its intent reconciled from the page history
    assert any("took over the lock" in line for line in report.recovered)
    assert journal.pending_actions(client.api_url) == []
    assert [run["status"] for run in journal.runs(client.api_url)] == ["finished", "interrupted"]
    assert len(edits_by_summary(c, f"Marking mentor {c.name('Quiet')}")) == 1
    assert len(edits_by_summary(c, f"Removing mentor {c.name('Gone')}")) == 1
    listed = entries(c)
    assert "awayTimestamp" in listed[str(c.id("Quiet"))] and str(c.id("Gone")) not in listed

    records = journal.actions(wiki=client.api_url)
    quiet = [r for r in records if r.username == c.name("Quiet")]
    if when == "after-write":
        (only,) = quiet  # reconciled as done, not done again
        assert only.status == "done" and only.revision_id is not None
        assert "reconciled" in (only.detail or "")
    else:
        assert [r.status for r in quiet] == ["not_done", "done"]  # then made by the new run
        assert quiet[1].revision_id is not None
    assert all(r.status in ("done", "not_done") for r in records)
    revisions = {r["revid"] for r in c.history()}
    assert {r.revision_id for r in records if r.status == "done"} <= revisions


def test_two_runs_for_one_wiki_at_once_are_refused(
    community: MakeCommunity, tmp_path: Path
) -> None:
    c = community().mentor("Quiet", 12).publish()
    journal = Journal(f"sqlite:///{tmp_path / 'journal.db'}")
    client = login(c.wiki)
    journal.acquire_lock(client.api_url, c.now, holder="otherhost:4242")
    cycle = Cycle(
        client, JsonPageBackend(client, c.list_page, c.config_page), journal, clock=lambda: c.now
    )
    with pytest.raises(RunLocked) as refused:
        cycle.run()
    assert "otherhost:4242" in str(refused.value)
    assert "awayTimestamp" not in entries(c)[str(c.id("Quiet"))]
    journal.break_lock(client.api_url)
    cycle.run()
    assert "awayTimestamp" in entries(c)[str(c.id("Quiet"))]


def test_a_run_journals_the_same_on_postgresql(
    community: MakeCommunity, tmp_path: Path, postgres_server: str
) -> None:
    from tests.databases import new_postgres_database

    c = community().mentor("Quiet", 12).mentor("Gone", 45).mentor("Busy", 1).publish()
    journal = Journal(new_postgres_database(postgres_server))
    client = login(c.wiki)
    backend = JsonPageBackend(client, c.list_page, c.config_page)
    report = Cycle(client, backend, journal, clock=lambda: c.now).run()
    assert {(o.username, o.action, o.status) for o in report.outcomes} == {
        (c.name("Quiet"), "mark_away", "done"),
        (c.name("Gone"), "remove", "done"),
    }
    records = journal.actions(wiki=client.api_url)
    assert {r.revision_id for r in records} <= {r["revid"] for r in c.history()}
    assert len(journal.decisions(report.run_id)) == 3
    assert journal.runs(client.api_url)[0]["status"] == "finished"


def test_our_own_edits_are_found_despite_a_clock_ahead_and_a_summary_without_the_mentor(
    community: MakeCommunity, tmp_path: Path
) -> None:
    # two writes of one run, journaled with this machine's clock 5 s ahead of the wiki's, with an
    # operator's summary that names nobody; the run died before journaling either outcome
    c = community().mentor("One", 12).mentor("Two", 12).mentor("Busy", 1).publish()
    journal = Journal(f"sqlite:///{tmp_path / 'journal.db'}")
    client = login(c.wiki)
    backend = JsonPageBackend(client, c.list_page, c.config_page)
    wiki = client.api_url
    run_id = journal.start_run(wiki, backend.name, False, c.now, {})
    log = ActionLog(journal, wiki, run_id, lambda: datetime.now(UTC) + timedelta(seconds=5))
    until = c.now + timedelta(days=30)
    made = {}
    for short in ("One", "Two"):
        user_id, entry = c.id(short), entries(c)[str(c.id(short))]
        summary = log.tagged("Mentor list upkeep", user_id)
        intended = {"awayTimestamp": format_timestamp(until)}
        log.begin(
            Intent(user_id, c.name(short), "mark_away", "r", entry, intended, c.list_page, summary)
        )
        made[short] = backend.set_away(user_id, c.name(short), entry, until, summary).revision_id
    journal.finish_run(run_id, "running", c.now, {})

    Cycle(client, backend, journal, clock=lambda: datetime.now(UTC)).prepare()

    done = {r.username: r for r in journal.actions(run_id=run_id)}
    for short in ("One", "Two"):
        record = done[c.name(short)]
        assert record.status == "done", record.detail
        assert record.revision_id == made[short]  # its own revision, not the other's
    assert made["One"] != made["Two"]
