"""Mentees' questions, the mentors' replies and new accounts, read cheaply (issue 25).

Requests, whatever the list's length (``docs/questions.md``):

* one ``list=recentchanges`` per question tag (``rctag`` takes one), in the user talk
  namespace over the window (``rcstart`` now, ``rcend`` the window's start), 500 rows a request
  (5,000 with ``apihighlimits``); the first also asks ``list=logevents`` (``letype=newusers``,
  the last 7 days) for the new accounts, in the same request;
* the replies: ``list=usercontribs`` for the mentors **who were asked something** only, 50
  names a request (500), in the user talk namespace since their oldest question;
* the mentees' blocks: ``list=users`` with ``usprop=blockinfo`` for the askers, 50 (500) names a
  request.

Recent changes keep 90 days on a default MediaWiki (``$wgRCMaxAge``): a longer window sees
only those. A question whose edit was reverted since carries the tag ``mw-reverted`` (MediaWiki
1.36 and later): it is counted as removed, as is one whose summary or author is hidden.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any

from mentorwatch.domain.mentors import Mentor
from mentorwatch.domain.names import canonical_name
from mentorwatch.domain.questions import QUESTION_TAGS, Question, QuestionsRecord, Reply
from mentorwatch.domain.timeutil import DAY, format_timestamp, parse_timestamp
from mentorwatch.wiki.api import MediaWikiClient

USER_TALK = 3
WEEK = 7 * DAY
#: an edit summary's section: ``/* Heading */ ...``
SECTION = re.compile(r"/\*\s*(.*?)\s*\*/")
#: what says a question is gone: reverted since, or its summary or author hidden
_GONE_TAG = "mw-reverted"
_HIDDEN = ("commenthidden", "userhidden", "suppressed")


def section_of(comment: str | None) -> str | None:
    """The section an edit summary names (None: it names none)."""
    found = SECTION.search(comment or "")
    return found.group(1) if found and found.group(1) else None


def page_owner(title: str) -> str:
    """The user a user talk page belongs to (its subpages' too): ``User talk:Ann/Archive``
    -> ``Ann``; the namespace's local name does not matter."""
    return canonical_name(title.split(":", 1)[-1].split("/", 1)[0])


class QuestionsReader:
    """Reads a :class:`QuestionsRecord` with a handful of requests."""

    def __init__(self, client: MediaWikiClient, batch_size: int = 50) -> None:
        self.client = client
        #: names per request: 50, 500 with ``apihighlimits`` (as ``ActivityReader.batch_size``)
        self.batch_size = batch_size

    def read(
        self,
        mentors: Sequence[Mentor],
        now: datetime,
        window_days: int,
        nudged: frozenset[int] = frozenset(),
    ) -> QuestionsRecord:
        by_name = {canonical_name(m.username): m.user_id for m in mentors}
        start = now - window_days * DAY
        questions, accounts = self._questions(by_name, now, start)
        asked = {q.mentor_id for q in questions}
        oldest = min((q.asked_at for q in questions), default=now)
        askers = {q.mentor_id: set[str]() for q in questions}
        for question in questions:
            askers[question.mentor_id].add(canonical_name(question.mentee))
        names = [m.username for m in mentors if m.user_id in asked]
        replies = self._replies(names, by_name, askers, now, oldest)
        blocked = self._blocked(sorted({canonical_name(q.mentee) for q in questions}))
        return QuestionsRecord(tuple(questions), tuple(replies), blocked, nudged, accounts)

    def _questions(
        self, by_name: dict[str, int], now: datetime, start: datetime
    ) -> tuple[list[Question], float | None]:
        found: dict[int, Question] = {}
        accounts: int | None = None
        for index, tag in enumerate(QUESTION_TAGS):
            params = _recent_changes(tag, now, start, self.batch_size * 10)
            if index == 0:
                params.update(_new_accounts(now - WEEK, self.batch_size * 10))
                accounts = 0
            for page in self.client.query_all(**params):
                query = page.get("query", {})
                accounts = None if accounts is None else accounts + len(query.get("logevents", []))
                for change in query.get("recentchanges", []):
                    question = _question(change, by_name)
                    if question is not None:
                        found[question.revid] = question
        return sorted(found.values(), key=lambda q: (q.asked_at, q.revid)), (
            None if accounts is None else float(accounts)
        )

    def _replies(
        self,
        names: list[str],
        by_name: dict[str, int],
        askers: dict[int, set[str]],
        now: datetime,
        oldest: datetime,
    ) -> list[Reply]:
        replies = []
        for batch in _batches(names, self.batch_size):
            for page in self.client.query_all(
                action="query",
                list="usercontribs",
                ucuser="|".join(batch),
                ucnamespace=USER_TALK,
                ucstart=format_timestamp(now),
                ucend=format_timestamp(oldest),
                ucprop="ids|title|timestamp|comment",
                uclimit=self.batch_size * 10,
            ):
                for edit in page.get("query", {}).get("usercontribs", []):
                    reply = _reply(edit, by_name, askers)
                    if reply is not None:
                        replies.append(reply)
        return replies

    def _blocked(self, mentees: list[str]) -> frozenset[str]:
        blocked = set()
        for batch in _batches(mentees, self.batch_size):
            answer = self.client.get(
                action="query", list="users", ususers="|".join(batch), usprop="blockinfo"
            )
            for user in answer.get("query", {}).get("users", []):
                if "blockid" in user and not user.get("blockpartial"):
                    blocked.add(canonical_name(str(user["name"])))
        return frozenset(blocked)


def _recent_changes(tag: str, now: datetime, start: datetime, limit: int) -> dict[str, Any]:
    return {
        "action": "query",
        "list": "recentchanges",
        "rctag": tag,
        "rcnamespace": USER_TALK,
        "rcstart": format_timestamp(now),
        "rcend": format_timestamp(start),
        "rcprop": "title|ids|timestamp|user|comment|tags",
        "rctype": "edit|new",
        "rclimit": limit,
    }


def _new_accounts(since: datetime, limit: int) -> dict[str, Any]:
    return {
        "list": "recentchanges|logevents",
        "letype": "newusers",
        "leend": format_timestamp(since),
        "leprop": "ids",
        "lelimit": limit,
    }


def _question(change: dict[str, Any], by_name: dict[str, int]) -> Question | None:
    title = str(change.get("title", ""))
    if "/" in title.split(":", 1)[-1]:
        return None  # a subpage (an archive): questions are asked on the talk page itself
    mentor_id = by_name.get(page_owner(title))
    asker = change.get("user")
    if mentor_id is None or not isinstance(asker, str):
        return None
    removed = _GONE_TAG in change.get("tags", ()) or any(key in change for key in _HIDDEN)
    return Question(
        mentor_id,
        asker,
        parse_timestamp(str(change["timestamp"])),
        int(change["revid"]),
        section_of(change.get("comment")),
        removed,
    )


def _reply(
    edit: dict[str, Any], by_name: dict[str, int], askers: dict[int, set[str]]
) -> Reply | None:
    mentor_id = by_name.get(canonical_name(str(edit.get("user", ""))))
    if mentor_id is None:
        return None
    owner = page_owner(str(edit.get("title", "")))
    at, revid = parse_timestamp(str(edit["timestamp"])), int(edit["revid"])
    if owner == canonical_name(str(edit.get("user", ""))):
        if "/" in str(edit.get("title", "")).split(":", 1)[-1]:
            return None  # archiving to a subpage answers nothing
        return Reply(mentor_id, at, revid, section_of(edit.get("comment")))
    if owner in askers.get(mentor_id, set()):
        return Reply(mentor_id, at, revid, section_of(edit.get("comment")), owner)
    return None


def _batches(names: Iterable[str], size: int) -> Iterator[list[str]]:
    listed = list(names)
    for start in range(0, len(listed), size):
        yield listed[start : start + size]
