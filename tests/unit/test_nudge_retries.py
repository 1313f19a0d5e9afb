"""A nudge the wiki keeps refusing is tried in at most 3 runs, each journaled, then reported as
needing an admin and never tried again for those questions (``domain/messages.py``'s policy,
the same as a warning's). Runs a day apart, the time injected; the journal is a real SQLite
database; the wiki's answer is a refusal (a protected talk page)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest

from mentorwatch.cli.speech import said
from mentorwatch.domain.config import CommunityConfig
from mentorwatch.domain.outcomes import Outcome, Status, WriteAction
from mentorwatch.domain.planner import plan
from mentorwatch.domain.questions import Question, QuestionsRecord
from mentorwatch.domain.wiki_texts import Summaries
from mentorwatch.language.wiki_words import words_for
from mentorwatch.service.action_log import ActionLog
from mentorwatch.service.talk_messages import TalkMessages
from mentorwatch.store.journal import Journal
from mentorwatch.wiki.errors import ApiError

from .builders import DAY, NOW, mentor
from .questions_world import snapshot_of

WIKI = "https://wiki.test/w/api.php"
NUDGING = CommunityConfig(nudge_enabled=True, minimum_pool=0)
ANN = Question(1, "Ann", NOW - 9 * DAY, 77, "Help")
BO = Question(1, "Bo", NOW - 8 * DAY, 78, "Images")


class ProtectedTalkPages:
    """The wiki's answer to every post: the talk page is protected."""

    def __init__(self) -> None:
        self.tried: list[str] = []

    def post(self, username: str, heading: str, text: str, summary: str) -> int:
        self.tried.append(username)
        raise ApiError("protectedpage", "This page has been protected", action="edit")


@pytest.fixture
def journal(tmp_path: Path) -> Journal:
    return Journal(f"sqlite:///{tmp_path / 'journal.db'}")


def a_run(
    journal: Journal, wiki: ProtectedTalkPages, day: int, asked: tuple[Question, ...]
) -> tuple[list[Outcome], TalkMessages]:
    """One run ``day`` days after NOW: the nudges due from what the journal remembers, posted."""
    now = NOW + day * DAY
    memory = journal.memory
    record = QuestionsRecord(asked, nudged=memory.nudged(WIKI))
    snapshot = replace(
        snapshot_of([mentor(1)], NUDGING),
        now=now,
        questions=record,
        undelivered=memory.undelivered(WIKI),
    )
    result = plan(snapshot)
    assert result.questions is not None
    run_id = journal.runs.start(WIKI, "jsonpage", False, now, {})

    def clock() -> datetime:
        return now

    log = ActionLog(journal.actions, WIKI, run_id, clock)
    words = words_for(Summaries(), "en", {})
    messages = TalkMessages(log, wiki, words, now, snapshot.undelivered)  # type: ignore[arg-type]
    waiting = result.questions.waiting_days
    return [messages.nudge(nudge, waiting) for nudge in result.questions.nudges], messages


def test_a_refused_nudge_is_tried_in_three_runs_then_reported_and_not_tried_again(
    journal: Journal,
) -> None:
    wiki = ProtectedTalkPages()
    details = []
    for day in (0, 1, 2):
        (outcome,), messages = a_run(journal, wiki, day, (ANN, BO))
        assert outcome.status == Status.FAILED
        details.append(outcome.detail)
    assert "attempt 1 of 3: tried again at the next run" in details[0]
    assert "attempt 2 of 3: tried again at the next run" in details[1]
    assert "attempt 3 of 3: not tried again, an admin is needed" in details[2]
    ((user_id, given_up),) = messages.given_up
    assert user_id == 1 and given_up.kind is WriteAction.NUDGE
    assert said(given_up.line()) == (
        "Mentor1: the reminder of mentees' waiting questions could not be posted on their talk "
        "page in 3 runs (last answer: the wiki answered: API error (edit): protectedpage: "
        "This page has been protected)"
    )

    later, _ = a_run(journal, wiki, 3, (ANN, BO))
    assert later == []  # not tried a fourth time
    assert wiki.tried == ["Mentor1"] * 3
    # each attempt journaled, before and after: three failed nudges, nothing else
    found = [(a.action, a.status) for a in journal.actions.find()]
    assert found == [("nudge", "failed")] * 3
    # still reported in later runs' summaries until an admin sees to it
    (still,) = journal.memory.undelivered(WIKI)[1]
    assert still.given_up and still.kind is WriteAction.NUDGE


def test_a_new_question_while_the_oldest_waits_does_not_start_the_count_again(
    journal: Journal,
) -> None:
    wiki = ProtectedTalkPages()
    a_run(journal, wiki, 0, (ANN,))
    (second,), _ = a_run(journal, wiki, 1, (ANN, BO))  # Bo asked since: listed too
    assert "attempt 2 of 3" in second.detail
    (third,), _ = a_run(journal, wiki, 2, (ANN, BO))
    assert "attempt 3 of 3: not tried again" in third.detail
    assert a_run(journal, wiki, 3, (ANN, BO))[0] == []


def test_a_question_asked_after_the_nudge_was_given_up_is_nudged_afresh(
    journal: Journal,
) -> None:
    wiki = ProtectedTalkPages()
    for day in (0, 1, 2):
        a_run(journal, wiki, day, (ANN,))
    cy = Question(1, "Cy", NOW + 2 * DAY - 8 * DAY, 90, "Tables")  # waiting 8 days by day 4
    (fresh,), _ = a_run(journal, wiki, 4, (ANN, cy))
    assert "attempt 1 of 3" in fresh.detail
    assert [row.intended["questions"] for row in journal.actions.find()][-1] == [90]
