"""A web save that dies mid-way (issue 13, finding 7: the run was journaled as finished with the
action still pending), or whose answer the wiki lost, leaves its action pending in an
``interrupted`` run, for the next cleanup run to find in the page history; it is never
journaled as failed while the wiki may hold it."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from mentorwatch.domain.outcomes import WriteAction
from mentorwatch.service.web_writes import JournaledWrites
from mentorwatch.store.journal import Journal
from mentorwatch.wiki.errors import WriteUncertain

WIKI = "https://w.example/api.php"


@pytest.mark.parametrize(
    "failure",
    [
        RuntimeError("killed half-way"),
        WriteUncertain(f"{WIKI} lost the answer to a write (edit: HTTP 503)"),
    ],
)
def test_a_web_save_that_dies_mid_way_leaves_its_action_pending_for_the_next_run(
    tmp_path: Path, failure: Exception
) -> None:
    journal = Journal(f"sqlite:///{tmp_path / 'journal.db'}")
    writes = JournaledWrites(journal, WIKI, lambda: datetime(2026, 11, 1, tzinfo=UTC))

    def dies() -> int | None:
        raise failure

    with pytest.raises(type(failure)):
        writes.write(
            backend="jsonpage",
            by="Ana",
            action=WriteAction.SELF_AWAY,
            user_id=3,
            username="Ana",
            before={},
            intended={"awayTimestamp": "2026-12-01T00:00:00Z"},
            page="MediaWiki:GrowthMentors.json",
            summary="Ana is away",
            perform=dies,
        )
    (run,) = journal.runs.recent(WIKI)
    assert run.status == "interrupted"
    (pending,) = journal.actions.pending(WIKI)
    assert (pending.username, pending.action) == ("Ana", "self_away")
