"""A run that dies mid-way leaves the wiki and the journal consistent, and the next run finishes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from mentorwatch.service.cycle import Cycle
from mentorwatch.store.journal import Journal
from mentorwatch.wiki.mentorlist import JsonPageBackend

from .conftest import login
from .test_jsonpage_cycle import MakeCommunity, entries


class Crash(BaseException):
    """Stands for the process being killed."""


class DiesAfterFirstWrite(JsonPageBackend):
    def set_away(self, *args: Any, **kwargs: Any) -> Any:
        super().set_away(*args, **kwargs)
        raise Crash


def test_a_crash_after_a_write_is_finished_by_the_next_run(
    community: MakeCommunity, tmp_path: Path
) -> None:
    c = community().mentor("Quiet", 12).mentor("Gone", 45).publish()
    journal = Journal(f"sqlite:///{tmp_path / 'journal.db'}")
    client = login(c.wiki)

    def cycle(backend: JsonPageBackend) -> Cycle:
        return Cycle(client, backend, journal, clock=lambda: c.now)

    with pytest.raises(Crash):
        cycle(DiesAfterFirstWrite(client, c.list_page, c.config_page)).run()
    (crashed_run,) = journal.runs(client.api_url)
    assert crashed_run["status"] == "failed"
    (pending,) = journal.pending_actions(client.api_url)
    assert pending.username == c.name("Quiet")  # the wiki has the change, the journal the intent

    report = cycle(JsonPageBackend(client, c.list_page, c.config_page)).run()
    assert journal.pending_actions(client.api_url) == []
    statuses = {(a.username, a.action): a.status for a in journal.actions(wiki=client.api_url)}
    assert statuses[(c.name("Quiet"), "mark_away")] == "interrupted"
    assert [(o.username, o.action) for o in report.outcomes] == [(c.name("Gone"), "remove")]
    listed = entries(c)
    assert "awayTimestamp" in listed[str(c.id("Quiet"))] and str(c.id("Gone")) not in listed
    marks = [r for r in c.history() if r["comment"].startswith("Marking mentor")]
    assert len(marks) == 1  # nothing done twice
