"""Reasons are data: rendered at each edge in its language, kept as data in the journal, and
never rewritten as prose (a pause is said with its own messages)."""

from __future__ import annotations

from mentorwatch.domain.message import Message, store_sentences, stored_sentences
from mentorwatch.domain.messages import Undelivered
from mentorwatch.domain.outcomes import WriteAction
from mentorwatch.domain.planner import Action
from mentorwatch.language.catalogue import Style
from mentorwatch.language.render import (
    message_text,
    readable,
    reason_text,
    sentences_text,
    stored_text,
)
from mentorwatch.service.apply import reason_for
from mentorwatch.service.plan_json import decision_to_json

from .builders import AWAY_ONLY, DAY, NOW, decide_one

AWAY = AWAY_ONLY


def test_a_pause_is_said_with_its_own_message_where_the_wiki_cannot_mark_away() -> None:
    decision = decide_one(AWAY, last_edit_at=NOW - 12 * DAY)
    assert decision.action is Action.MARK_AWAY
    away = sentences_text(reason_for(WriteAction.MARK_AWAY, decision.reason), Style("en"))
    paused = sentences_text(reason_for(WriteAction.PAUSE, decision.reason), Style("en"))
    assert "; marked away until " in away
    assert "; paused (no automatic assignment) until " in paused and "marked away" not in paused
    # the same facts, the words of the other action: what precedes them stays as it was
    assert paused.split("; ")[0] == away.split("; ")[0]
    korean = sentences_text(reason_for(WriteAction.PAUSE, decision.reason), Style("ko"))
    assert "일시 중지" in korean and "부재중으로 표시" not in korean


def test_a_renewed_pause_is_said_as_a_pause() -> None:
    decision = decide_one(AWAY, last_edit_at=NOW - 12 * DAY, away_until=NOW + DAY)
    assert decision.action is Action.RENEW_AWAY
    paused = sentences_text(reason_for(WriteAction.RENEW_PAUSE, decision.reason), Style("en"))
    assert "the pause ends" in paused and "away period" not in paused


def test_the_journal_keeps_the_reason_as_messages_read_later_in_any_language() -> None:
    decision = decide_one(AWAY, last_edit_at=NOW - 12 * DAY)
    stored = store_sentences(decision.reason)
    assert stored_sentences(stored) == decision.reason
    assert stored_text(stored) == reason_text(decision)
    russian = stored_text(stored, Style("ru"))
    assert "Без активности 12 дней" in russian and "Inactive" not in russian


def test_a_reason_journaled_as_prose_before_is_shown_as_it_is() -> None:
    for prose in ("Inactive for 40 days since their last edit on 2026-10-16T12:00:00Z.", "{x"):
        assert stored_sentences(prose) is None
        assert stored_text(prose, Style("ar")) == prose


def test_plan_json_gives_the_reason_in_english_and_as_messages() -> None:
    decision = decide_one(AWAY, last_edit_at=NOW - 12 * DAY)
    document = decision_to_json(decision)
    assert document["reason"] == reason_text(decision)
    messages = tuple(Message.from_json(item) for item in document["reason_messages"])
    assert sentences_text(messages, Style("de")) == reason_text(decision, Style("de"))
    assert document["problem"] is None and document["problem_message"] is None


def test_a_message_given_up_on_is_one_line_of_the_summary_in_any_language() -> None:
    given_up = Undelivered(WriteAction.WARN, "Mira", "2026-10-01T00:00:00Z", 3, "protectedpage")
    assert message_text(given_up.line()) == (
        "Mira: the warning before removal could not be posted on their talk page in 3 runs "
        "(last answer: protectedpage)"
    )
    korean = message_text(given_up.line(), Style("ko"))
    assert korean.startswith("Mira: 제거 전 경고") and "3회" in korean and "protectedpage" in korean


def test_history_json_gives_the_journaled_reason_as_text_and_as_messages() -> None:
    decision = decide_one(AWAY, last_edit_at=NOW - 12 * DAY)
    row = readable({"username": "Mira", "reason": store_sentences(decision.reason)})
    assert row["reason"] == reason_text(decision) and row["username"] == "Mira"
    assert row["reason_messages"] == [sentence.to_json() for sentence in decision.reason]
    assert readable({"reason": "gone 45 days"}) == {
        "reason": "gone 45 days",
        "reason_messages": None,
    }
