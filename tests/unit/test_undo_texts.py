"""Undo knows what it takes back and says plainly what it does not (issue 21)."""

from __future__ import annotations

from datetime import UTC, datetime

from mentorwatch.domain.outcomes import ENTRY_ACTIONS, Status, WriteAction
from mentorwatch.service.undo import not_put_back
from mentorwatch.store.actions import ActionRecord

NOW = datetime(2026, 11, 25, tzinfo=UTC)


def record(action: WriteAction) -> ActionRecord:
    return ActionRecord(
        1,
        7,
        "wiki",
        3,
        "Mentor3",
        action,
        Status.DONE,
        "why",
        None,
        None,
        None,
        "Project:Mentorwatch/Rules.json",
        None,
        None,
        42,
        NOW,
        NOW,
    )


def test_every_action_but_an_undo_has_an_undo_and_an_undo_has_none() -> None:
    for action in WriteAction:
        if action.value.startswith("undo_"):
            continue
        assert action.undone().value == f"undo_{action.value}"


def test_what_an_undo_does_not_take_back_is_said_for_every_action() -> None:
    # undo takes back entries and reassigned mentees; every other action has its own sentence
    taken_back = {*ENTRY_ACTIONS, WriteAction.REASSIGN}
    for action in WriteAction:
        if action in taken_back or action.value.startswith("undo_"):
            continue
        assert not_put_back(record(action)) != "not something an undo puts back", action
    assert "their choice, not undone" in not_put_back(record(WriteAction.SELF_AWAY))
    rules = not_put_back(record(WriteAction.SET_CONFIG))
    assert "revision 42 is the save" in rules and "Project:Mentorwatch/Rules.json" in rules
