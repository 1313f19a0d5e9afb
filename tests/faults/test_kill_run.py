"""``mentorwatch run`` SIGKILLed at each step that matters; the next run finishes the work.

Quiet (12 days) is marked away, Gone (45 days) removed. The killed run dies at an exact call
(killer.py); the next real run must leave each change made exactly once on the wiki, nothing
pending, and a journal whose ``done`` revisions are in the page's history holding what the
journal says.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mentorwatch.store.journal import Journal
from tests.integration.test_cli_live import operator_env, run_cli
from tests.integration.test_jsonpage_cycle import MakeCommunity, entries

from .killer import kill_spec
from .wikistate import check_journal_matches_wiki, edits, killed, statuses

LOCKS = "mentorwatch.store.locks:RunLocks"
ACTIONS = "mentorwatch.store.actions:Actions"
RUNS = "mentorwatch.store.runs:Runs"
LIST = "mentorwatch.wiki.jsonpage:JsonPageBackend"
DONE, REDONE = ["done"], ["not_done", "done"]

#: step -> (the kill, Quiet's records, Gone's records, whether the killed run had started)
STEPS = {
    "lock taken": (kill_spec(LOCKS, "acquire"), DONE, DONE, False),
    "first intent journaled": (kill_spec(ACTIONS, "begin"), REDONE, DONE, True),
    "first write made": (kill_spec(LIST, "set_away"), DONE, DONE, True),
    "between two actions": (kill_spec(ACTIONS, "finish"), DONE, DONE, True),
    "second intent journaled": (kill_spec(ACTIONS, "begin", call=2), DONE, REDONE, True),
    "second write made": (kill_spec(LIST, "remove"), DONE, DONE, True),
    "run not closed": (kill_spec(RUNS, "finish", "before"), DONE, DONE, True),
}


@pytest.mark.parametrize("step", list(STEPS))
def test_a_run_killed_at_each_step_is_finished_once_by_the_next(
    community: MakeCommunity, tmp_path: Path, step: str
) -> None:
    killed_then_finished(community, tmp_path, step, f"sqlite:///{tmp_path / 'journal.db'}")


def test_a_run_killed_after_its_write_is_finished_once_with_the_journal_on_postgresql(
    community: MakeCommunity, tmp_path: Path, postgres_server: str
) -> None:
    from tests.databases import new_postgres_database

    database = new_postgres_database(postgres_server)
    killed_then_finished(community, tmp_path, "first write made", database)


def killed_then_finished(
    community: MakeCommunity, tmp_path: Path, step: str, database: str
) -> None:
    kill, quiet, gone, started = STEPS[step]
    c = community().mentor("Quiet", 12).mentor("Gone", 45).mentor("Busy", 1).publish()
    env = operator_env(c, tmp_path, MENTORWATCH_DATABASE=database)
    killed(["run", "--wiki", c.wiki.api_url], env, kill)

    result = run_cli(["run", "--wiki", c.wiki.api_url], env)

    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert "recovered: " in result.output  # the lock taken over, what was pending resolved
    assert len(edits(c, f"Marking mentor {c.name('Quiet')}")) == 1
    assert len(edits(c, f"Removing mentor {c.name('Gone')}")) == 1
    listed = entries(c)
    assert "awayTimestamp" in listed[str(c.id("Quiet"))] and str(c.id("Gone")) not in listed
    journal = Journal(database)
    records = check_journal_matches_wiki(c, journal)
    assert statuses(records, c.name("Quiet"), "mark_away") == quiet
    assert statuses(records, c.name("Gone"), "remove") == gone
    runs = [run.status for run in journal.runs.recent()]
    assert runs == (["finished", "interrupted"] if started else ["finished"])
