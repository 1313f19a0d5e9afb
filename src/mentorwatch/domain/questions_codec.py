"""The snapshot's ``questions`` part (``docs/snapshot.md``): read with every problem's place
named, written back in the same form."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from mentorwatch.domain.names import canonical_name
from mentorwatch.domain.questions import Question, QuestionsRecord, Reply
from mentorwatch.domain.timeutil import TimestampError, format_timestamp, parse_timestamp
from mentorwatch.errors import InvalidInput


class QuestionsError(InvalidInput):
    """The ``questions`` part cannot be used; ``path`` names the place."""

    def __init__(self, path: str, message: str) -> None:
        self.path = path
        self.detail = message
        super().__init__(f"{path}: {message}")


def encode_questions(record: QuestionsRecord) -> dict[str, Any]:
    document: dict[str, Any] = {
        "questions": [
            {
                "mentor_id": q.mentor_id,
                "mentee": q.mentee,
                "asked_at": format_timestamp(q.asked_at),
                "revid": q.revid,
                "section": q.section,
                **({"removed": True} if q.removed else {}),
            }
            for q in record.questions
        ],
        "replies": [
            {
                "mentor_id": r.mentor_id,
                "at": format_timestamp(r.at),
                "revid": r.revid,
                "section": r.section,
                "on_mentee": r.on_mentee,
            }
            for r in record.replies
        ],
        "blocked_mentees": sorted(record.blocked_mentees),
        "nudged": sorted(record.nudged),
        "new_accounts_per_week": record.new_accounts_per_week,
    }
    if record.mentees:
        document["mentees"] = {str(k): v for k, v in sorted(record.mentees.items())}
    return document


def decode_questions(raw: object, path: str = "questions") -> QuestionsRecord:
    if not isinstance(raw, Mapping):
        raise QuestionsError(path, "expected an object with questions and replies")
    questions = tuple(
        _question(item, f"{path}.questions.{i}")
        for i, item in enumerate(_list(raw, "questions", path))
    )
    replies = tuple(
        _reply(item, f"{path}.replies.{i}") for i, item in enumerate(_list(raw, "replies", path))
    )
    blocked = _list(raw, "blocked_mentees", path)
    if not all(isinstance(name, str) for name in blocked):
        raise QuestionsError(f"{path}.blocked_mentees", "expected a list of user names")
    nudged = _list(raw, "nudged", path)
    if not all(_whole(revid) for revid in nudged):
        raise QuestionsError(f"{path}.nudged", "expected a list of revision ids")
    per_week = raw.get("new_accounts_per_week")
    if per_week is not None and (
        isinstance(per_week, bool) or not isinstance(per_week, int | float) or per_week < 0
    ):
        raise QuestionsError(f"{path}.new_accounts_per_week", "a number of accounts, or null")
    return QuestionsRecord(
        questions,
        replies,
        frozenset(canonical_name(name) for name in blocked),
        frozenset(nudged),
        None if per_week is None else float(per_week),
        _mentees(raw.get("mentees", {}), f"{path}.mentees"),
    )


def _question(item: object, path: str) -> Question:
    if not isinstance(item, Mapping):
        raise QuestionsError(path, "expected {mentor_id, mentee, asked_at, revid, section}")
    mentee = item.get("mentee")
    if not isinstance(mentee, str) or not mentee:
        raise QuestionsError(f"{path}.mentee", "expected the mentee's user name")
    removed = item.get("removed", False)
    if not isinstance(removed, bool):
        raise QuestionsError(f"{path}.removed", "expected true or false")
    return Question(
        _id(item, "mentor_id", path),
        mentee,
        _moment(item, "asked_at", path),
        _id(item, "revid", path),
        _section(item, path),
        removed,
    )


def _reply(item: object, path: str) -> Reply:
    if not isinstance(item, Mapping):
        raise QuestionsError(path, "expected {mentor_id, at, revid, section, on_mentee}")
    on_mentee = item.get("on_mentee")
    if on_mentee is not None and (not isinstance(on_mentee, str) or not on_mentee):
        raise QuestionsError(f"{path}.on_mentee", "expected a user name or null")
    return Reply(
        _id(item, "mentor_id", path),
        _moment(item, "at", path),
        _id(item, "revid", path),
        _section(item, path),
        on_mentee,
    )


def _mentees(raw: object, path: str) -> dict[int, int]:
    if not isinstance(raw, Mapping):
        raise QuestionsError(path, "expected an object of mentee counts keyed by user id")
    found = {}
    for key, count in raw.items():
        if not isinstance(key, str) or not key.isdigit() or not _whole(count, 0):
            raise QuestionsError(f"{path}.{key}", '"<user id>": a whole number of mentees')
        found[int(key)] = int(count)
    return found


def _list(raw: Mapping[str, Any], key: str, path: str) -> list[Any]:
    value = raw.get(key, [])
    if not isinstance(value, list):
        raise QuestionsError(f"{path}.{key}", "expected a list")
    return value


def _whole(value: object, least: int = 1) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= least


def _id(item: Mapping[str, Any], key: str, path: str) -> int:
    value = item.get(key)
    if not _whole(value):
        raise QuestionsError(f"{path}.{key}", "expected a positive whole number")
    assert isinstance(value, int)
    return value


def _section(item: Mapping[str, Any], path: str) -> str | None:
    section = item.get("section")
    if section is not None and not isinstance(section, str):
        raise QuestionsError(f"{path}.section", "expected the section's heading, or null")
    return section


def _moment(item: Mapping[str, Any], key: str, path: str) -> datetime:
    value = item.get(key)
    if not isinstance(value, str):
        raise QuestionsError(f"{path}.{key}", "expected an ISO 8601 UTC time")
    try:
        return parse_timestamp(value)
    except TimestampError as error:
        raise QuestionsError(f"{path}.{key}", str(error)) from error
