"""One status vocabulary (issue 21): each mentor's status, and what was done or will be done,
in words with the tense right."""

from __future__ import annotations

from dataclasses import replace

from mentorwatch.domain.exemptions import Exemption
from mentorwatch.domain.message import Message
from mentorwatch.domain.outcomes import Status, WriteAction
from mentorwatch.domain.status import MentorStatus, done_text, will_text
from mentorwatch.domain.warned import Warned
from mentorwatch.language.catalogue import Style
from mentorwatch.language.render import message_text, reason_text
from mentorwatch.web.views.dates import short_date

from .builders import DAY, NOW, WARNING, decide_one


def test_every_status_has_one_label() -> None:
    labels = [message_text(status.message) for status in MentorStatus]
    assert len(set(labels)) == len(labels) and all(labels)


def test_a_mentor_opted_out_of_bot_messages_is_not_called_warned() -> None:
    last = NOW - 25 * DAY
    opted = decide_one(WARNING, last_edit_at=last, warned=Warned(NOW - DAY, last, True))
    warned = decide_one(WARNING, last_edit_at=last, warned=Warned(NOW - DAY, last))
    assert (opted.status, warned.status) == (MentorStatus.OPTED_OUT, MentorStatus.WARNED)
    assert "their talk page asks bots not to post" in reason_text(opted)
    assert "Warned on" not in reason_text(opted)


def test_a_warning_due_now_is_not_a_warning_given() -> None:
    decision = decide_one(WARNING, last_edit_at=NOW - 25 * DAY)
    assert decision.warn_removal_on is not None
    assert decision.status is MentorStatus.INACTIVE  # "warned" only once it is on record


def test_an_exempt_mentor_24_days_inactive_is_exempt_and_not_called_active() -> None:
    config = replace(WARNING, exemptions=(Exemption("Mentor3", "on leave"),))
    decision = decide_one(config, last_edit_at=NOW - 24 * DAY)
    assert decision.status is MentorStatus.EXEMPT
    assert "Active" not in reason_text(decision) and "2026-11-01T12:00:00Z" in reason_text(decision)


def test_what_was_done_is_past_and_what_will_be_done_is_future() -> None:
    dec3, dec14 = NOW + 8 * DAY, NOW + 19 * DAY
    assert said(done_text(WriteAction.MARK_AWAY, Status.DONE, dec3)) == "marked away on 3 Dec"
    skipped = said(done_text(WriteAction.UNDO_MARK_AWAY, Status.SKIPPED, dec3))
    assert skipped == "clearing the away: skipped on 3 Dec"  # nothing was cleared
    assert said(will_text(WriteAction.MARK_AWAY, dec14)) == "will be marked away on 14 Dec"
    assert said(will_text(WriteAction.REMOVE, None, "GrowthExperiments")) == (
        "will be removed by GrowthExperiments at its next run"
    )


def test_what_was_done_and_will_be_done_is_said_in_the_readers_language() -> None:
    dec3 = NOW + 8 * DAY
    korean = Style("ko", moment=short_date)
    assert said(done_text(WriteAction.MARK_AWAY, Status.DONE, dec3), korean) == (
        "12월 3일에 자리 비움으로 표시됨"
    )
    assert said(will_text(WriteAction.REMOVE, None), Style("de")) == (
        "wird entfernt beim nächsten Lauf"
    )
    assert said(MentorStatus.TO_REMOVE.message, Style("ar")) != "due for removal"


def said(message: Message, style: Style | None = None) -> str:
    """A message as the dashboard shows it (days short: '3 Dec')."""
    return message_text(message, style or Style("en", moment=short_date))
