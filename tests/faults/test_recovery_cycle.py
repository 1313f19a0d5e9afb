"""Recovery at the cycle level: two runs at once are refused; the journal on PostgreSQL; our
own edits found despite a clock ahead of the wiki's. (Whole runs killed: test_kill_run.py.)"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from mentorwatch.domain.timeutil import format_timestamp
from mentorwatch.service.action_log import ActionLog
from mentorwatch.service.cycle import Cycle
from mentorwatch.store.journal import Intent, Journal, RunLocked
from mentorwatch.wiki.jsonpage import JsonPageBackend
from tests.integration.conftest import login
from tests.integration.test_jsonpage_cycle import MakeCommunity, entries


def test_two_runs_for_one_wiki_at_once_are_refused(
    community: MakeCommunity, tmp_path: Path
) -> None:
    c = community().mentor("Quiet", 12).publish()
    journal = Journal(f"sqlite:///{tmp_path / 'journal.db'}")
    client = login(c.wiki)
    journal.locks.acquire(client.api_url, c.now, holder="otherhost:4242")
    cycle = Cycle(
        client, JsonPageBackend(client, c.list_page, c.config_page), journal, clock=lambda: c.now
    )
    with pytest.raises(RunLocked) as refused:
        cycle.run()
    assert "otherhost:4242" in str(refused.value)
    assert "awayTimestamp" not in entries(c)[str(c.id("Quiet"))]
    journal.locks.unlock(client.api_url, force=True)
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
    records = journal.actions.find(wiki=client.api_url)
    assert {r.revision_id for r in records} <= {r["revid"] for r in c.history()}
    assert len(journal.runs.decisions(report.run_id)) == 3
    assert journal.runs.recent(client.api_url)[0].status == "finished"


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
    run_id = journal.runs.start(wiki, backend.name, False, c.now, {})
    log = ActionLog(journal.actions, wiki, run_id, lambda: datetime.now(UTC) + timedelta(seconds=5))
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
    journal.runs.finish(run_id, "running", c.now, {})

    Cycle(client, backend, journal, clock=lambda: datetime.now(UTC)).prepare()

    done = {r.username: r for r in journal.actions.find(run_id=run_id)}
    for short in ("One", "Two"):
        record = done[c.name(short)]
        assert record.status == "done", record.detail
        assert record.revision_id == made[short]  # its own revision, not the other's
    assert made["One"] != made["Two"]
