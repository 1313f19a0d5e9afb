"""Each mentor's activity from the wiki: last edit, registration, block.

Cost per run: ``list=users`` in batches of 50 ids (500 with ``apihighlimits``) for registration,
block and current name, and one ``list=usercontribs`` per mentor (``uclimit=1``) for the last
edit, a few at a time. ``ucuser=A|B`` cannot replace the latter: with several users it returns
rows ordered by actor, not one row per user (reference local-mediawiki.md §3).
"""

from __future__ import annotations

from collections.abc import Iterable
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


class ActivitySource:
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
                    "usprop": "registration|blockinfo",
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

    def last_edits(self, user_ids: Iterable[int]) -> dict[int, datetime | None]:
        """The newest live edit of each user (any namespace), or None if they never edited."""
        ids = list(dict.fromkeys(user_ids))
        results = self.client.map_get(
            [
                {
                    "action": "query",
                    "list": "usercontribs",
                    "ucuserids": str(user_id),
                    "uclimit": "1",
                    "ucprop": "timestamp",
                }
                for user_id in ids
            ],
            self.workers,
        )
        edits: dict[int, datetime | None] = {}
        for user_id, result in zip(ids, results, strict=True):
            rows = result["query"]["usercontribs"]
            edits[user_id] = parse_timestamp(rows[0]["timestamp"]) if rows else None
        return edits

    def activity(self, user_ids: Iterable[int]) -> tuple[dict[int, Activity], dict[int, str]]:
        """Activity per user id, and each user's current name (for lists that lack names)."""
        ids = list(dict.fromkeys(user_ids))
        info = self.users(ids)
        edits = self.last_edits([user_id for user_id in ids if user_id in info])
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


def _user_info(entry: dict[str, Any]) -> UserInfo:
    registration = entry.get("registration")
    blocked = "blockid" in entry and not entry.get("blockpartial", False)
    return UserInfo(
        user_id=int(entry["userid"]),
        name=str(entry["name"]),
        registered_at=parse_timestamp(registration) if registration else None,
        blocked=blocked,
    )
