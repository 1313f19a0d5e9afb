"""Each mentor's activity from the wiki: last edit, registration, block.

Cost per run: ``list=users`` in batches of 50 ids (500 with ``apihighlimits``) for registration,
block, edit count and current name; then the last edits, a few requests at a time:

* mentors with many edits: one ``list=usercontribs`` each, ``uclimit=1``;
* mentors with few edits (by ``editcount``): several per request. With several users,
  ``usercontribs`` returns rows grouped by user, newest first within each user (checked on
  MediaWiki 1.39), so the first row of each user is their last edit. A user with no row in a
  complete answer never edited; when the answer was cut short (``continue``), users not seen
  yet are asked again one by one. Edit counts only choose the grouping, never the answer.

At most one request per mentor plus the ``list=users`` batches, whatever the edit counts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from mentorwatch.domain.activity import Activity
from mentorwatch.domain.timeutil import parse_timestamp
from mentorwatch.wiki.api import MediaWikiClient


@dataclass(frozen=True)
class UserInfo:
    user_id: int
    name: str
    registered_at: datetime | None
    blocked: bool
    editcount: int | None = None


#: Users with at most this many edits are grouped into shared ``usercontribs`` requests.
FEW_EDITS = 100
#: Rows one grouped request may return (``uclimit``), and users per request (``ucuserids``).
GROUP_ROWS = 500
GROUP_USERS = 50


class ActivityReader:
    """Reads activity for many users with few requests."""

    def __init__(self, client: MediaWikiClient, workers: int = 4) -> None:
        self.client = client
        self.workers = workers
        self._batch_size: int | None = None

    def batch_size(self) -> int:
        """50 ids per ``list=users`` call, 500 for accounts with ``apihighlimits``."""
        if self._batch_size is None:
            rights = self.client.get(action="query", meta="userinfo", uiprop="rights")
            granted = rights["query"]["userinfo"].get("rights", [])
            self._batch_size = 500 if "apihighlimits" in granted else 50
        return self._batch_size

    def users(self, user_ids: Iterable[int]) -> dict[int, UserInfo]:
        """Name, registration and sitewide block per user id; unknown ids are left out."""
        ids = sorted(set(user_ids))
        size = self.batch_size()
        batches = [ids[start : start + size] for start in range(0, len(ids), size)]
        results = self.client.map_get(
            [
                {
                    "action": "query",
                    "list": "users",
                    "ususerids": "|".join(map(str, batch)),
                    "usprop": "registration|blockinfo|editcount",
                }
                for batch in batches
            ],
            self.workers,
        )
        found: dict[int, UserInfo] = {}
        for result in results:
            for entry in result["query"]["users"]:
                if entry.get("missing") or "userid" not in entry:
                    continue
                found[int(entry["userid"])] = _user_info(entry)
        return found

    def last_edits(
        self, user_ids: Iterable[int], editcounts: Mapping[int, int | None] | None = None
    ) -> dict[int, datetime | None]:
        """The newest live edit of each user (any namespace), or None if they never edited."""
        ids = list(dict.fromkeys(user_ids))
        counts = editcounts or {}
        few = [u for u in ids if _has_few_edits(counts.get(u))]
        alone = [u for u in ids if not _has_few_edits(counts.get(u))]
        edits: dict[int, datetime | None] = {}
        groups = _groups(few, counts)
        answers = self.client.map_get(
            [_contribs(group, limit=GROUP_ROWS) for group in groups], self.workers
        )
        for group, answer in zip(groups, answers, strict=True):
            latest = _first_row_per_user(answer)
            edits.update(latest)
            if "continue" in answer:
                alone.extend(u for u in group if u not in latest)
            else:
                edits.update({u: None for u in group if u not in latest})
        answers = self.client.map_get([_contribs([u], limit=1) for u in alone], self.workers)
        for user_id, answer in zip(alone, answers, strict=True):
            edits[user_id] = _first_row_per_user(answer).get(user_id)
        return {user_id: edits.get(user_id) for user_id in ids}

    def activity(self, user_ids: Iterable[int]) -> tuple[dict[int, Activity], dict[int, str]]:
        """Activity per user id, and each user's current name (for lists that lack names)."""
        ids = list(dict.fromkeys(user_ids))
        info = self.users(ids)
        edits = self.last_edits(
            [user_id for user_id in ids if user_id in info],
            {user_id: entry.editcount for user_id, entry in info.items()},
        )
        activity = {
            user_id: Activity(
                last_edit_at=edits.get(user_id),
                registered_at=info[user_id].registered_at,
                blocked=info[user_id].blocked,
            )
            for user_id in ids
            if user_id in info
        }
        return activity, {user_id: entry.name for user_id, entry in info.items()}


def _has_few_edits(editcount: int | None) -> bool:
    return editcount is not None and editcount <= FEW_EDITS


def _contribs(user_ids: list[int], limit: int) -> dict[str, Any]:
    return {
        "action": "query",
        "list": "usercontribs",
        "ucuserids": "|".join(map(str, user_ids)),
        "uclimit": str(limit),
        "ucprop": "timestamp",
    }


def _first_row_per_user(answer: dict[str, Any]) -> dict[int, datetime]:
    """Rows come grouped by user, newest first: keep each user's first row."""
    latest: dict[int, datetime] = {}
    for row in answer["query"]["usercontribs"]:
        user_id = int(row["userid"])
        if user_id not in latest:
            latest[user_id] = parse_timestamp(row["timestamp"])
    return latest


def _groups(user_ids: list[int], counts: Mapping[int, int | None]) -> list[list[int]]:
    """Pack users into requests of at most GROUP_USERS users and GROUP_ROWS expected rows."""
    groups: list[list[int]] = []
    current: list[int] = []
    rows = 0
    for user_id in user_ids:
        expected = max(counts.get(user_id) or 0, 1)
        if current and (len(current) >= GROUP_USERS or rows + expected > GROUP_ROWS):
            groups.append(current)
            current, rows = [], 0
        current.append(user_id)
        rows += expected
    if current:
        groups.append(current)
    return groups


def _user_info(entry: dict[str, Any]) -> UserInfo:
    registration = entry.get("registration")
    blocked = "blockid" in entry and not entry.get("blockpartial", False)
    return UserInfo(
        user_id=int(entry["userid"]),
        name=str(entry["name"]),
        registered_at=parse_timestamp(registration) if registration else None,
        blocked=blocked,
        editcount=int(entry["editcount"]) if "editcount" in entry else None,
    )
