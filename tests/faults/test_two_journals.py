"""Two journals writing to one wiki (a second installation, a journal started afresh) never
take each other's edits for their own: run ids start at 1 in both, so the edit summaries' tags
name the journal too."""

from __future__ import annotations

from pathlib import Path

from mentorwatch.store.journal import Journal
from tests.integration.test_cli_live import operator_env, run_cli
from tests.integration.test_jsonpage_cycle import MakeCommunity
from tests.integration.test_warnings_live import REMOVAL_WITH_WARNINGS, talk_history

from .killer import kill_spec
from .wikistate import killed


def test_recovery_never_credits_another_journals_edit_with_the_same_run_and_mentor(
    community: MakeCommunity, tmp_path: Path
) -> None:
    c = community(REMOVAL_WITH_WARNINGS).mentor("Fading", 25).mentor("Busy", 1).publish()
    first_db, second_db = tmp_path / "first.db", tmp_path / "second.db"
    first = {**operator_env(c, tmp_path), "MENTORWATCH_DATABASE": f"sqlite:///{first_db}"}
    second = {**first, "MENTORWATCH_DATABASE": f"sqlite:///{second_db}"}
    run = ["run", "--wiki", c.wiki.api_url]
    # the second journal's run #1 journals its warning, and dies before posting it
    killed(run, second, kill_spec("mentorwatch.wiki.notifier:TalkPageNotifier", "post", "before"))
    # the first journal's run #1 posts the same warning, with the same summary
    assert run_cli(run, first).exit_code == 0
    (theirs,) = talk_history(c, "Fading")

    assert run_cli(run, second).exit_code == 0  # recovers its run #1

    journals = {
        name: Journal(f"sqlite:///{path}")
        for name, path in (("first", first_db), ("second", second_db))
    }
    (recovered,) = [a for a in journals["second"].actions.find(run_id=1) if a.action == "warn"]
    assert recovered.status == "not_done" and recovered.revision_id is None
    assert "no such edit" in str(recovered.detail)
    by_revision = {r["revid"]: r["comment"] for r in talk_history(c, "Fading")}
    assert theirs["revid"] in by_revision
    for name, journal in journals.items():
        tag = f"[mentorwatch {journal.actions.journal_id}:"
        done = [a for a in journal.actions.find() if a.status == "done" and a.revision_id]
        assert done, name
        for action in done:  # each journal's revisions are its own edits
            assert tag in by_revision[action.revision_id], (name, action)
    assert journals["first"].actions.journal_id != journals["second"].actions.journal_id
