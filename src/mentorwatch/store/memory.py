"""What mentorwatch remembers between runs: pauses it set, warnings and away notices it gave,
and the talk-page messages the wiki refused (:mod:`mentorwatch.domain.messages`)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select

from mentorwatch.domain.mentors import Pause
from mentorwatch.domain.message import stored_english
from mentorwatch.domain.messages import KINDS, Undelivered, failed_attempt, message_subject
from mentorwatch.domain.outcomes import Status, WriteAction
from mentorwatch.domain.timeutil import format_timestamp, parse_timestamp
from mentorwatch.domain.warned import Warned
from mentorwatch.store.database import Database
from mentorwatch.store.schema import actions, pauses


class Memory:
    """Pauses (a mentor's weight to give back) and warnings (when, for which episode)."""

    def __init__(self, database: Database) -> None:
        self.database = database

    # --- pauses -----------------------------------------------------------------------------

    def pauses(self, wiki: str) -> dict[int, Pause]:
        with self.database.transaction() as tx:
            rows = tx.execute(select(pauses).where(pauses.c.wiki == wiki)).mappings().all()
        return {
            int(row["user_id"]): Pause(int(row["previous_weight"]), parse_timestamp(row["until"]))
            for row in rows
        }

    def set_pause(self, wiki: str, user_id: int, pause: Pause, now: datetime) -> None:
        with self.database.transaction() as tx:
            tx.execute(pauses.delete().where(pauses.c.wiki == wiki, pauses.c.user_id == user_id))
            tx.execute(
                insert(pauses).values(
                    wiki=wiki,
                    user_id=user_id,
                    previous_weight=pause.previous_weight,
                    until=format_timestamp(pause.until),
                    paused_at=format_timestamp(now),
                )
            )

    def clear_pause(self, wiki: str, user_id: int) -> None:
        with self.database.transaction() as tx:
            tx.execute(pauses.delete().where(pauses.c.wiki == wiki, pauses.c.user_id == user_id))

    # --- warnings ---------------------------------------------------------------------------

    def warnings(self, wiki: str) -> dict[int, Warned]:
        """Each mentor's latest warning that counts: posted, or not posted as they opted out.

        Its moment is the run's (``intended["warned_at"]``: the moment the removal date it
        announces was counted from; the post itself comes seconds or minutes later), or, for
        warnings journaled before it was recorded, when the post began."""
        found: dict[int, Warned] = {}
        for user_id, started_at, intended, status in self._messages(wiki, WriteAction.WARN):
            episode = intended.get("episode")
            found[user_id] = Warned(
                parse_timestamp(intended.get("warned_at") or started_at),
                parse_timestamp(episode) if episode else None,
                opted_out=status == str(Status.OPTED_OUT),
            )
        return found

    # --- away notices -----------------------------------------------------------------------

    def away_notices(self, wiki: str) -> dict[int, datetime]:
        """Per mentor, the end of the away period they were last told runs past removal."""
        return {
            user_id: parse_timestamp(intended["away_until"])
            for user_id, _started_at, intended, _status in self._messages(
                wiki, WriteAction.AWAY_NOTICE
            )
            if intended.get("away_until")
        }

    def nudged(self, wiki: str) -> frozenset[int]:
        """The questions (revision ids) never listed again: those a nudge listed, posted or not
        posted as the mentor opted out, and those of a nudge the wiki refused in its last
        allowed run (given up: an admin is told, :mod:`mentorwatch.domain.messages`)."""
        listed = frozenset(
            int(revid)
            for _user_id, _started_at, intended, _status in self._messages(wiki, WriteAction.NUDGE)
            for revid in intended.get("questions", ())
        )
        return listed | self._replayed(wiki)[1]

    # --- messages the wiki refused ---------------------------------------------------------

    def undelivered(self, wiki: str) -> dict[int, tuple[Undelivered, ...]]:
        """Per mentor, each kind of talk-page message whose latest subject is not delivered:
        the runs that tried it since (refused by the wiki, ``failed``, or not tried for want of
        a right, ``not_allowed``) and the last answer. Delivered, or not posted as the mentor
        opted out: none. An answer lost (``pending``) is not counted."""
        undelivered: dict[int, tuple[Undelivered, ...]] = {}
        for (user_id, _kind), message in self._replayed(wiki)[0].items():
            if message.attempts:
                undelivered[user_id] = (*undelivered.get(user_id, ()), message)
        return undelivered

    def _replayed(
        self, wiki: str
    ) -> tuple[dict[tuple[int, WriteAction], Undelivered], frozenset[int]]:
        """The journaled messages replayed in order: each mentor's latest of each kind (0
        attempts: delivered), and the questions of nudges refused in their last allowed run."""
        counted = (Status.FAILED, Status.NOT_ALLOWED, Status.DONE, Status.OPTED_OUT)
        query = (
            select(actions)
            .where(
                actions.c.wiki == wiki,
                actions.c.action.in_([str(kind) for kind in KINDS]),
                actions.c.status.in_([str(status) for status in counted]),
            )
            .order_by(actions.c.id)
        )
        with self.database.transaction() as tx:
            rows = tx.execute(query).mappings().all()
        found: dict[tuple[int, WriteAction], Undelivered] = {}
        given_up: set[int] = set()
        for row in rows:
            kind, user_id = WriteAction(row["action"]), int(row["user_id"])
            intended = json.loads(row["intended"] or "{}") or {}
            subject = message_subject(kind, intended)
            attempts = failed_attempt(found.get((user_id, kind)), subject)
            if row["status"] in (str(Status.DONE), str(Status.OPTED_OUT)):
                attempts = 0  # delivered (or opted out): nothing left to try
            journaled = (json.loads(row["after"] or "{}") or {}).get("error")
            error = journaled or stored_english(row["detail"] or "")
            message = Undelivered(kind, row["username"], subject, attempts, str(error))
            found[(user_id, kind)] = message
            if kind is WriteAction.NUDGE and message.given_up:
                given_up.update(int(revid) for revid in intended.get("questions", ()))
        return found, frozenset(given_up)

    def _messages(
        self, wiki: str, action: WriteAction
    ) -> list[tuple[int, str, dict[str, Any], str]]:
        """Talk-page messages of one kind that count (posted, or the mentor opted out), oldest
        first: (user id, when, what the message meant, done or opted out)."""
        query = (
            select(actions)
            .where(
                actions.c.wiki == wiki,
                actions.c.action == str(action),
                actions.c.status.in_((str(Status.DONE), str(Status.OPTED_OUT))),
            )
            .order_by(actions.c.id)
        )
        with self.database.transaction() as tx:
            rows = tx.execute(query).mappings().all()
        return [
            (
                int(row["user_id"]),
                row["started_at"],
                json.loads(row["intended"] or "{}") or {},
                row["status"],
            )
            for row in rows
        ]
