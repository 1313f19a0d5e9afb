"""A rule's decision before the planner finishes it (:class:`Draft`), shared by the rule
modules (:mod:`.rules`, :mod:`.evidence_rules`)."""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from mentorwatch.domain.facts import Action, Flag
from mentorwatch.domain.message import Message


class Draft(NamedTuple):
    """A rule's decision before the warning it carries and the notes are added (a frozen
    record; one per mentor and plan, so a tuple: cheap to make)."""

    action: Action
    #: why, one sentence (``mentorwatch-reason-*``); the planner adds the notes of
    #: :attr:`notes` and its own after it
    reason: Message
    threshold: int | None
    away_until_after: datetime | None
    next_action: Action | None = None
    next_action_after: datetime | None = None
    weight_after: int | None = None
    warned_at: datetime | None = None
    #: a decision that is not acted on (bad data, blocked): no warning, no next action
    unusable: Flag | None = None
    problem: Message | None = None
    #: the next action is GrowthExperiments' own cleanup's, not mentorwatch's
    next_by_upstream: bool = False
    #: an exempt mentor: no warning, no notice, no next action
    exempt: bool = False
    #: sentences said after the reason
    notes: tuple[Message, ...] = ()
    #: the community rule that drafted it (:mod:`.evidence_rules`; None: the days rule)
    rule: str | None = None
