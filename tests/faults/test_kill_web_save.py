"""A web save (a mentor sets themselves away) whose server is SIGKILLed between the intent and
the write, and between the write and its outcome: the next cleanup run journals the truth, the
mentor's own revision ``done`` when the wiki took it, and the away is on the wiki once."""

from __future__ import annotations

from pathlib import Path

import pytest
import requests

from mentorwatch.store.journal import Journal
from tests.integration.test_cli_live import operator_env, run_cli
from tests.integration.test_jsonpage_cycle import MakeCommunity, entries
from tests.integration.web import csrf_of, serve, signed_in

from .killer import kill_spec
from .wikistate import check_journal_matches_wiki, edits

STEPS = {
    "intent journaled": kill_spec("mentorwatch.store.actions:Actions", "begin"),
    "written": kill_spec("mentorwatch.wiki.jsonpage:JsonPageBackend", "set_away"),
}


@pytest.mark.parametrize("step", list(STEPS))
def test_a_web_save_killed_mid_way_is_journaled_as_the_wiki_holds_it(
    community: MakeCommunity, tmp_path: Path, step: str
) -> None:
    c = community()
    c.list_in_project = True  # mentors may edit their own entry
    c.mentor("Mira", 2).mentor("Busy", 1).publish()
    with serve(c, tmp_path, "Mira", kill=STEPS[step]) as served:
        http = signed_in(served, served.mentor)
        token = csrf_of(http.get(f"{served.url}/away").text)
        with pytest.raises(requests.ConnectionError):  # the server died mid-save
            http.post(
                f"{served.url}/away",
                data={"action": "away", "mode": "days", "days": "7", "csrf_token": token},
            )
    journal = Journal(served.database)
    (pending,) = journal.actions.pending(journal.runs.recent()[0].wiki)
    assert (pending.username, pending.action) == (c.name("Mira"), "self_away")
    made = edits(c, f"{c.name('Mira')} is away until")
    assert len(made) == (1 if step == "written" else 0)

    result = run_cli(["run", "--wiki", c.wiki.api_url], operator_env(c, tmp_path))

    assert result.exit_code == 0 and "recovered: " in result.output, result.output
    records = check_journal_matches_wiki(c, journal)
    (saved,) = [r for r in records if r.action == "self_away"]
    assert edits(c, f"{c.name('Mira')} is away until") == made  # never made again
    if step == "written":
        assert saved.status == "done" and saved.revision_id == made[0]["revid"]
        assert "awayTimestamp" in entries(c)[str(c.id("Mira"))]
    else:
        assert saved.status == "not_done" and saved.revision_id is None
        assert "awayTimestamp" not in entries(c)[str(c.id("Mira"))]
    assert [run.status for run in journal.runs.recent()] == ["finished", "interrupted"]
