"""Giving the mentees of a removed mentor a new mentor (GrowthExperiments wikis).

``geaction=remove`` leaves mentees with the removed mentor, and ``growthsetmentor`` accepts any
target, so choosing an available mentor is ours: a weighted random draw (upstream's rule in
GrowthExperiments' ``MentorManager``) among mentors who take new mentees and are not away,
paused, blocked, flagged, or acted on in this run.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from mentorwatch.domain.mentors import WEIGHT_NONE, Mentor
from mentorwatch.domain.message import Message
from mentorwatch.domain.outcomes import Outcome, Status, WriteAction, WriteKind
from mentorwatch.domain.planner import Plan
from mentorwatch.domain.snapshot import Snapshot
from mentorwatch.service.action_log import ActionLog
from mentorwatch.store.journal import Intent
from mentorwatch.wiki.errors import WikiError
from mentorwatch.wiki.mentorlist import MentorListBackend


def unavailable(
    snapshot: Snapshot, decided: Plan, away_unknown: frozenset[int] = frozenset()
) -> frozenset[int]:
    """Mentors who must not receive mentees: acted on in this run, flagged (blocked, no
    activity record…), away, paused, or whose away cannot be seen."""
    busy = {d.user_id for d in decided.decisions if d.changes_wiki or d.flags} | away_unknown
    for mentor in snapshot.mentors:
        if mentor.is_away(snapshot.now) or mentor.user_id in snapshot.paused:
            busy.add(mentor.user_id)
    return frozenset(busy)


def available_mentors(snapshot: Snapshot, busy: frozenset[int]) -> list[Mentor]:
    return [
        mentor
        for mentor in snapshot.mentors
        if mentor.weight != WEIGHT_NONE and mentor.user_id not in busy
    ]


class Reassigner:
    def __init__(self, backend: MentorListBackend, log: ActionLog, rng: random.Random) -> None:
        self.backend = backend
        self.log = log
        self.rng = rng

    def reassign(
        self,
        old_mentor: str,
        mentees: Sequence[tuple[int, str]],
        pool: Sequence[Mentor],
        reason: str,
    ) -> list[Outcome]:
        """One ``reassign`` action per mentee, each journaled before and after."""
        candidates = [mentor for mentor in pool if mentor.username != old_mentor]
        return [
            self._reassign_one(mentee_id, mentee, old_mentor, candidates, reason)
            for mentee_id, mentee in mentees
        ]

    def _reassign_one(
        self,
        mentee_id: int,
        mentee: str,
        old_mentor: str,
        candidates: Sequence[Mentor],
        reason: str,
    ) -> Outcome:
        intent = Intent(
            mentee_id, mentee, WriteAction.REASSIGN, reason, before={"mentor": old_mentor}
        )
        action_id = self.log.begin(intent)

        def ended(status: Status, detail: Message | str, edits: int = 0) -> Outcome:
            kind = WriteKind.MENTEE_MOVED if edits else None
            text = detail if isinstance(detail, str) else ""
            ending = Outcome(mentee_id, mentee, WriteAction.REASSIGN, status, text, edits, kind)
            return ending if isinstance(detail, str) else ending.said(detail)

        choices = [mentor for mentor in candidates if mentor.username != mentee]
        if not choices:
            left = Message.of(
                "mentorwatch-outcome-no-mentor-left", mentee=mentee, mentor=old_mentor
            )
            return self.log.finish(action_id, ended(Status.FAILED, left))
        new_mentor = self.rng.choices(choices, weights=[m.weight for m in choices])[0]
        try:
            self.backend.set_mentor(mentee, new_mentor.username, reason)
        except WikiError as error:
            return self.log.failed(action_id, ended(Status.FAILED, str(error)), error)
        now = Message.of("mentorwatch-outcome-mentored-by", mentor=new_mentor.username)
        done = ended(Status.DONE, now, 1)
        return self.log.finish(action_id, done, {"mentor": new_mentor.username})
