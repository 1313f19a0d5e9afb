"""One vocabulary for what state a mentor is in and what mentorwatch did or will do.

Every surface says it with these words: the dashboard and its CSV/JSON export, ``plan``, the
``run`` report, ``history`` and the run page. Each status is an enum member with one English
label, here and nowhere else (a message catalogue can later replace :data:`LABELS`); what
mentorwatch did is said in the past (:data:`DONE`: "marked away on 3 Dec"), what it will do in
the future (:data:`WILL`: "will be marked away on 14 Dec"), an attempt that did not end done
by its noun and its outcome (:data:`ATTEMPT`: "clearing the away: skipped on 3 Dec").

A mentor's status is the state the plan found them in (before this run's action; the action
is said beside it), worked out once, in the planner (:func:`status_of`), and carried by the
decision.
"""

from __future__ import annotations

from enum import StrEnum

from mentorwatch.domain.facts import Flag, MentorFacts
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
    def label(self) -> str:
        return LABELS[self]


#: each status in English, as every surface shows it
LABELS = {
    MentorStatus.ACTIVE: "active",
    MentorStatus.INACTIVE: "inactive",
    MentorStatus.AWAY: "away",
    MentorStatus.WARNED: "warned",
    MentorStatus.OPTED_OUT: "not warned (opted out of bot messages)",
    MentorStatus.TO_REMOVE: "due for removal",
    MentorStatus.EXEMPT: "exempt",
    MentorStatus.NEEDS_ADMIN: "needs an admin",
    MentorStatus.FLAGGED: "not acted on (check the data)",
}

#: what mentorwatch did, in the past tense ("marked away on 3 Dec")
DONE = {
    WriteAction.MARK_AWAY: "marked away",
    WriteAction.RENEW_AWAY: "away extended",
    WriteAction.PAUSE: "paused",
    WriteAction.RENEW_PAUSE: "pause extended",
    WriteAction.RESUME: "resumed",
    WriteAction.REMOVE: "removed",
    WriteAction.REASSIGN: "given a new mentor",
    WriteAction.WARN: "warned",
    WriteAction.NOTIFY: "told of mentorwatch's action",
    WriteAction.AWAY_NOTICE: "told their away runs past removal",
    WriteAction.NUDGE: "reminded of questions waiting",
    WriteAction.SET_CONFIG: "rules saved",
    WriteAction.SELF_AWAY: "set away (by the mentor)",
    WriteAction.SELF_BACK: "came back (by the mentor)",
    WriteAction.EXEMPT: "exempted",
    WriteAction.UNDO_REMOVE: "restored",
    WriteAction.UNDO_MARK_AWAY: "away cleared",
    WriteAction.UNDO_RENEW_AWAY: "away put back",
    WriteAction.UNDO_PAUSE: "pause lifted",
    WriteAction.UNDO_RESUME: "pause put back",
    WriteAction.UNDO_REASSIGN: "given back to their mentor",
}

#: what mentorwatch will do, in the future tense ("will be marked away at the next run")
WILL = {
    WriteAction.MARK_AWAY: "will be marked away",
    WriteAction.RENEW_AWAY: "will have their away extended",
    WriteAction.REMOVE: "will be removed",
    WriteAction.RESUME: "will have automatic assignment restored",
    WriteAction.WARN: "will be warned",
    WriteAction.AWAY_NOTICE: "will be told their away runs past removal",
}

#: an attempt, by its noun: for outcomes other than done ("clearing the away: skipped")
ATTEMPT = {
    WriteAction.MARK_AWAY: "marking away",
    WriteAction.RENEW_AWAY: "extending the away",
    WriteAction.PAUSE: "pausing",
    WriteAction.RENEW_PAUSE: "extending the pause",
    WriteAction.RESUME: "resuming",
    WriteAction.REMOVE: "removal",
    WriteAction.REASSIGN: "a new mentor",
    WriteAction.WARN: "the warning",
    WriteAction.NOTIFY: "the notice",
    WriteAction.AWAY_NOTICE: "the away notice",
    WriteAction.NUDGE: "the reminder of questions waiting",
    WriteAction.SET_CONFIG: "saving the rules",
    WriteAction.SELF_AWAY: "their own away",
    WriteAction.SELF_BACK: "their return",
    WriteAction.EXEMPT: "the exemption",
    WriteAction.UNDO_REMOVE: "restoring them",
    WriteAction.UNDO_MARK_AWAY: "clearing the away",
    WriteAction.UNDO_RENEW_AWAY: "putting the away back",
    WriteAction.UNDO_PAUSE: "lifting the pause",
    WriteAction.UNDO_RESUME: "putting the pause back",
    WriteAction.UNDO_REASSIGN: "giving them back to their mentor",
}

#: how an attempt ended, in words (done is said by :data:`DONE`)
OUTCOME = {
    Status.PLANNED: "planned (not made)",
    Status.PENDING: "answer lost (checked at the next run)",
    Status.SKIPPED: "skipped",
    Status.FAILED: "failed",
    Status.OPTED_OUT: "not posted (opted out of bot messages)",
    Status.NOT_DONE: "not made (found after a crash)",
    Status.INTERRUPTED: "interrupted",
}


def paused_note(previous_weight: int) -> str:
    """What a weight 0 set by mentorwatch means (Special:ManageMentors shows weight 0 as
    "None (I claim them manually)", as if it were the mentor's choice)."""
    return f"paused by mentorwatch, weight restored to {previous_weight} when they edit"


#: why the wiki's own page is not to be believed about a mentor mentorwatch paused
MANUAL_LOOKALIKE = (
    'Special:ManageMentors shows weight 0 as "None (I claim them manually)": here it is '
    "mentorwatch's pause, not their choice"
)


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


def done_text(action: WriteAction, status: Status, when: str) -> str:
    """What mentorwatch did to a mentor, dated: "marked away on 3 Dec", "clearing the away:
    skipped on 3 Dec"."""
    if status is Status.DONE:
        return f"{DONE.get(action, action.value.replace('_', ' '))} on {when}"
    attempt = ATTEMPT.get(action, action.value.replace("_", " "))
    return f"{attempt}: {OUTCOME.get(status, status.value)} on {when}"


def will_text(action: WriteAction, when: str | None, by: str = "") -> str:
    """What mentorwatch (or ``by``) will do: "will be marked away on 14 Dec" (``when``: the
    date as the surface writes it), "will be removed at the next run" (``when`` None: the
    next run; a date already past is said so too)."""
    words = WILL.get(action, action.value.replace("_", " "))
    who = f" by {by}" if by else ""
    if when is None:
        return f"{words}{who} at {'its' if by else 'the'} next run"
    return f"{words}{who} on {when}"
