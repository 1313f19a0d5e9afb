"""``config migrate`` is journaled like any write: a run of its own whose ``set_config`` intent
is in the journal before the rules page is written and whose outcome (with the revision) is
after, followed by the page's protection in the same run. SIGKILLed between intent and outcome,
it leaves the action pending, and the next run journals the truth: ``done`` with the rules
page's revision when the wiki took it, ``not_done`` when not; a page left unprotected is
named and its rules are not used."""

from __future__ import annotations

from pathlib import Path

import pytest

from mentorwatch.store.journal import Journal
from tests.integration.test_cli_live import operator_env, run_cli
from tests.integration.test_jsonpage_cycle import MakeCommunity

from .killer import kill_spec
from .wikistate import check_journal_matches_wiki, killed

STEPS = {
    "intent journaled": kill_spec("mentorwatch.store.actions:Actions", "begin"),
    "written": kill_spec("mentorwatch.store.actions:Actions", "finish", "before"),
}


def test_config_migrate_journals_its_write_in_a_run_of_its_own(
    community: MakeCommunity, tmp_path: Path
) -> None:
    c = community().mentor("Busy", 1).publish()
    env = operator_env(c, tmp_path)
    moved = run_cli(["config", "migrate", "--wiki", c.wiki.api_url], env)
    assert moved.exit_code == 0, moved.output

    journal = Journal(f"sqlite:///{tmp_path / 'journal.db'}")
    (run,) = journal.runs.recent()
    assert (run.kind, run.status, run.wiki) == ("migrate", "finished", c.wiki.api_url)
    protected, created = c.history(c.rules_page)  # newest first
    action, protection = journal.actions.find(run_id=run.id)
    assert (action.action, action.status, action.page) == ("set_config", "done", c.rules_page)
    assert action.revision_id == created["revid"] and action.summary == created["comment"]
    assert action.intended == c.read(c.rules_page)
    assert (protection.action, protection.status) == ("protect", "done")
    assert protection.revision_id == protected["revid"]
    assert check_journal_matches_wiki(c, journal) == [action, protection]


@pytest.mark.parametrize("step", list(STEPS))
def test_a_config_migrate_killed_mid_way_is_journaled_as_the_wiki_holds_it(
    community: MakeCommunity, tmp_path: Path, step: str
) -> None:
    c = community().mentor("Busy", 1).publish()
    env = operator_env(c, tmp_path)
    killed(["config", "migrate", "--wiki", c.wiki.api_url], env, STEPS[step])

    journal = Journal(f"sqlite:///{tmp_path / 'journal.db'}")
    (pending,) = journal.actions.pending(c.wiki.api_url)
    assert (pending.action, pending.page) == ("set_config", c.rules_page)  # the intent: before
    made = c.history(c.rules_page)
    assert len(made) == (1 if step == "written" else 0)

    result = run_cli(["run", "--wiki", c.wiki.api_url], env)

    # killed after the page was made and before it was protected: the run reconciles, and
    # refuses the unprotected page's rules, naming it (killed before: the old page's rules)
    assert "recovered: " in result.output, result.output
    if step == "written":
        assert result.exit_code == 4 and f"{c.rules_page} (revision" in result.output
        assert "is not used: it is not protected" in result.output
    else:
        assert result.exit_code == 0, result.output
    (record,) = [r for r in check_journal_matches_wiki(c, journal) if r.action == "set_config"]
    assert c.history(c.rules_page) == made  # never made again
    if step == "written":
        assert record.status == "done" and record.revision_id == made[0]["revid"]
    else:
        assert record.status == "not_done" and record.revision_id is None
    assert [run.kind for run in journal.runs.recent()] == ["cleanup", "migrate"]


PROTECTION_STEPS = {
    "protection journaled": kill_spec("mentorwatch.store.actions:Actions", "begin", call=2),
    "protected": kill_spec("mentorwatch.store.actions:Actions", "finish", "before", call=2),
}


@pytest.mark.parametrize("step", list(PROTECTION_STEPS))
def test_a_config_migrate_killed_around_the_protection_is_journaled_as_the_wiki_holds_it(
    community: MakeCommunity, tmp_path: Path, step: str
) -> None:
    c = community().mentor("Busy", 1).publish()
    env = operator_env(c, tmp_path)
    killed(["config", "migrate", "--wiki", c.wiki.api_url], env, PROTECTION_STEPS[step])

    journal = Journal(f"sqlite:///{tmp_path / 'journal.db'}")
    (pending,) = journal.actions.pending(c.wiki.api_url)
    assert (pending.action, pending.page) == ("protect", c.rules_page)
    protected = step == "protected"
    assert len(c.history(c.rules_page)) == (2 if protected else 1)

    result = run_cli(["run", "--wiki", c.wiki.api_url], env)

    assert "recovered: " in result.output, result.output
    records = check_journal_matches_wiki(c, journal)
    (record,) = [r for r in records if r.action == "protect"]
    assert record.status == ("done" if protected else "not_done")
    assert result.exit_code == (0 if protected else 4), result.output
