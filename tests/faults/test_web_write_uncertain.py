"""A web save whose answer the wiki lost stays pending (its run interrupted), for the next
cleanup run to find in the page history, instead of being journaled as failed."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from mentorwatch.domain.outcomes import WriteAction
from mentorwatch.store.journal import Journal
from mentorwatch.web.writes import JournaledWrites
from mentorwatch.wiki.errors import WriteUncertain

WIKI = "https://w.example/api.php"


def test_a_web_save_whose_answer_was_lost_is_left_pending(tmp_path: Path) -> None:
    journal = Journal(f"sqlite:///{tmp_path / 'journal.db'}")
    writes = JournaledWrites(journal, WIKI, lambda: datetime(2026, 11, 1, tzinfo=UTC))

    def lost() -> int | None:
        raise WriteUncertain("https://w.example/api.php lost the answer to a write (edit: 503)")

    with pytest.raises(WriteUncertain):
        writes.write(
            backend="jsonpage",
            by="Ana",
            action=WriteAction.SELF_AWAY,
            user_id=3,
            username="Ana",
            before={},
            intended={"awayTimestamp": "2026-12-01T00:00:00Z"},
            page="Project:Mentors.json",
            summary="Ana is away until 1 December 2026 (via mentorwatch)",
            perform=lost,
        )
    (pending,) = journal.pending_actions(WIKI)
    assert (pending.username, pending.action) == ("Ana", "self_away")
    assert journal.runs(WIKI)[0]["status"] == "interrupted"
