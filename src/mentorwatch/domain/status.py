"""One vocabulary for what state a mentor is in and what mentorwatch did or will do.

Every surface says it with these words: the dashboard and its CSV/JSON export, ``plan``, the
``run`` report, ``history`` and the run page. Each status is an enum member with one
message (``mentorwatch-status-label-*``), here and nowhere else; what mentorwatch did is said in
the past (:data:`DONE`: "marked away on 3 Dec"), what it will do in the future (:data:`WILL`:
"will be marked away on 14 Dec"), an attempt that did not end done by its noun and its outcome
(:data:`ATTEMPT`: "clearing the away: skipped on 3 Dec"). The domain hands out messages; each
surface renders them in its reader's language (``docs/i18n.md``).

A mentor's status is the state the plan found them in (before this run's action; the action
is said beside it), worked out once, in the planner (:func:`status_of`), and carried by the
decision.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from mentorwatch.domain.facts import Flag, MentorFacts
from mentorwatch.domain.message import WORDS, Message
from mentorwatch.domain.outcomes import Status, WriteAction


class MentorStatus(StrEnum):
    """What state a mentor is in, in the order a status column sorts (values are stable
    identifiers: filters, CSS classes, JSON)."""

    ACTIVE = "active"
    INACTIVE = "inactive"
    AWAY = "away"
    WARNED = "warned"
    OPTED_OUT = "opted_out"
    TO_REMOVE = "to_remove"
    EXEMPT = "exempt"
    NEEDS_ADMIN = "needs_admin"
    FLAGGED = "flagged"

    @property
    def message(self) -> Message:
        """The status in words, as every surface says it (``mentorwatch-status-label-*``)."""
        return Message(f"mentorwatch-status-label-{self.value}")


#: what mentorwatch did, in the past tense ("marked away on 3 Dec"): ``mentorwatch-done-*``
DONE = frozenset(
    {
        WriteAction.MARK_AWAY,
        WriteAction.RENEW_AWAY,
        WriteAction.PAUSE,
        WriteAction.RENEW_PAUSE,
        WriteAction.RESUME,
        WriteAction.REMOVE,
        WriteAction.REASSIGN,
        WriteAction.WARN,
        WriteAction.NOTIFY,
        WriteAction.AWAY_NOTICE,
        WriteAction.NUDGE,
        WriteAction.SET_CONFIG,
        WriteAction.SELF_AWAY,
        WriteAction.SELF_BACK,
        WriteAction.EXEMPT,
        WriteAction.UNDO_REMOVE,
        WriteAction.UNDO_MARK_AWAY,
        WriteAction.UNDO_RENEW_AWAY,
        WriteAction.UNDO_PAUSE,
        WriteAction.UNDO_RESUME,
        WriteAction.UNDO_REASSIGN,
    }
)

#: an attempt, by its noun ("clearing the away: skipped"): ``mentorwatch-attempt-*``, for the
#: same actions as :data:`DONE`
ATTEMPT = DONE

#: what mentorwatch will do, in the future tense ("will be marked away at the next run"):
#: ``mentorwatch-will-*``
WILL = frozenset(
    {
        WriteAction.MARK_AWAY,
        WriteAction.RENEW_AWAY,
        WriteAction.REMOVE,
        WriteAction.RESUME,
        WriteAction.WARN,
        WriteAction.AWAY_NOTICE,
    }
)

#: how an attempt ended, in words (done is said by :data:`DONE`): ``mentorwatch-outcome-*``
OUTCOME = frozenset(
    {
        Status.PLANNED,
        Status.PENDING,
        Status.SKIPPED,
        Status.FAILED,
        Status.OPTED_OUT,
        Status.NOT_DONE,
        Status.INTERRUPTED,
    }
)


def _said(
    prefix: str, known: frozenset[WriteAction] | frozenset[Status], value: StrEnum
) -> Message:
    """The catalogue's words for ``value`` (``mentorwatch-<prefix>-<value>``), or its identifier
    as it is where the catalogue has none."""
    if value in known:
        return Message(f"mentorwatch-{prefix}-{value.value.replace('_', '-')}")
    words = value.value if isinstance(value, Status) else value.value.replace("_", " ")
    return Message.of(WORDS, words=words)


def paused_note(previous_weight: int) -> Message:
    """What a weight 0 set by mentorwatch means (Special:ManageMentors shows weight 0 as
    "None (I claim them manually)", as if it were the mentor's choice)."""
    return Message.of("mentorwatch-status-paused-note", weight=previous_weight)


#: flags that mean a mentor is not acted on: the data needs a look
NOT_ACTED_ON = frozenset({Flag.BLOCKED, Flag.NO_ACTIVITY_RECORD, Flag.FUTURE_ACTIVITY})


def status_of(facts: MentorFacts, flags: tuple[Flag, ...], removes: bool) -> MentorStatus:
    """The state the plan found the mentor in (``removes``: this plan removes them)."""
    if flags:
        if not NOT_ACTED_ON.isdisjoint(flags):
            return MentorStatus.FLAGGED
        if Flag.MESSAGE_UNDELIVERED in flags:
            return MentorStatus.NEEDS_ADMIN
    if facts.exemption is not None:
        return MentorStatus.EXEMPT
    if removes:
        return MentorStatus.TO_REMOVE
    warning = facts.episode_warning
    if warning is not None:
        return MentorStatus.OPTED_OUT if warning.opted_out else MentorStatus.WARNED
    away = facts.away_until
    if facts.pause is not None or (away is not None and away >= facts.context.now):
        return MentorStatus.AWAY
    inactive = facts.past_removal_in_force or facts.past_own_removal or facts.past_away
    if inactive or facts.past_upstream_away or facts.warning is not None:
        return MentorStatus.INACTIVE
    return MentorStatus.ACTIVE


def done_text(action: WriteAction, status: Status, when: datetime) -> Message:
    """What mentorwatch did to a mentor, dated: "marked away on 3 Dec", "clearing the away:
    skipped on 3 Dec"."""
    if status is Status.DONE:
        return Message.of("mentorwatch-status-done-on", what=_said("done", DONE, action), when=when)
    return Message.of(
        "mentorwatch-status-attempt-on",
        what=_said("attempt", ATTEMPT, action),
        outcome=_said("outcome", OUTCOME, status),
        when=when,
    )


def will_text(
    action: WriteAction, when: datetime | None, by: str = "", *, warned: bool = False
) -> Message:
    """What mentorwatch (or ``by``) will do: "will be marked away on 14 Dec", "will be removed
    at the next run" (``when`` None: the next run; ``warned``: and warned then)."""
    what = _said("will", WILL, action)
    if when is None:
        if by:
            return Message.of("mentorwatch-status-will-by-next-run", what=what, by=by)
        key = (
            "mentorwatch-status-will-warned-next-run"
            if warned
            else "mentorwatch-status-will-next-run"
        )
        return Message.of(key, what=what)
    if by:
        return Message.of("mentorwatch-status-will-by-on", what=what, by=by, when=when)
    return Message.of("mentorwatch-status-will-on", what=what, when=when)
