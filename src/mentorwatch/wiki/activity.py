"""Each mentor's activity from the wiki: last edit, registration, block; edits per namespace.

Cost per run: ``list=users`` in batches of 50 ids (500 with ``apihighlimits``) for registration,
block, edit count and current name; then the last edits in growing time windows, many users a
request (``list=usercontribs`` by ``ucuserids``, so renamed users are found by id):

* Asked for several users, ``usercontribs`` answers rows grouped by user (by actor, descending
  with the default ``ucdir=older``), newest first within each user; checked on MediaWiki 1.39
  and 1.43, whose ``ApiQueryUserContribs`` orders by ``rev_actor``, ``rev_timestamp``,
  ``rev_id``. So the first row of a user is their last edit.
* Round by round, the users not resolved yet are asked about a window of the recent past
  (``ucend`` = now - W for W in :data:`WINDOWS`, the last window unbounded). Asking for a window
  keeps prolific users from filling the answer with old rows. A user seen in an answer is
  resolved; a user absent from a complete answer (no ``continue``) edited nothing in the
  window and moves on to the next one; users not seen in an answer cut short are asked again,
  without the resolved ones. Absent from the unbounded window: never edited (or no revision
  visible to this account: ``usercontribs`` applies the same revision-deletion rules whether
  asked about one user or many).
* Users are asked 500 a request (50 without ``apihighlimits``), ``uclimit`` 5,000 (500). No
  estimate of their rows is needed: an answer cut short costs one request and resolves every
  user it shows, so a round costs about its users / 500 plus its rows / 5,000. A user left
  alone in a request is asked with ``uclimit=1`` and no window, which is the answer itself.
* Every answer is checked: each user's rows contiguous, newest first. If not (a MediaWiki that
  orders otherwise), its users are asked one by one (``uclimit=1``), as is every user of an
  answer cut short without a row.

Without ``now`` (a single user re-checked before a write) there is only the unbounded window.
On 2,000 prolific mentors (150 to 600 edits each) with a bot account that is about 0.01
requests per mentor (``bench/snapshot.py``); at most one request per mentor in any case, plus the
``list=users`` batches.

:meth:`ActivityReader.namespace_edit_counts` counts edits per namespace since a moment with the
same packing (``ucnamespace``, ``ucend``), following continuation: one request per 5,000 rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from mentorwatch.domain.activity import Activity
from mentorwatch.domain.timeutil import days, parse_timestamp, shifted
from mentorwatch.wiki.api import MediaWikiClient


@dataclass(frozen=True)
class UserInfo:
    user_id: int
    name: str
    registered_at: datetime | None
    blocked: bool
    editcount: int | None = None


#: The windows asked in turn, in days before now (each about three times the one before);
#: None is the unbounded last window.
WINDOWS: tuple[int | None, ...] = (14, 60, 180, 540, 1620, None)


class ActivityReader:
    """Reads activity for many users with few requests."""

    def __init__(self, client: MediaWikiClient, workers: int = 4) -> None:
        self.client = client
        self.workers = workers
        self._batch_size: int | None = None

    def batch_size(self) -> int:
        """50 ids per request, 500 for accounts with ``apihighlimits``."""
        if self._batch_size is None:
            rights = self.client.get(action="query", meta="userinfo", uiprop="rights")
            granted = rights["query"]["userinfo"].get("rights", [])
            self._batch_size = 500 if "apihighlimits" in granted else 50
        return self._batch_size

    def row_limit(self) -> int:
        """``uclimit`` of a grouped request: 500, 5,000 with ``apihighlimits``."""
        return self.batch_size() * 10

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
        self, user_ids: Iterable[int], now: datetime | None = None
    ) -> dict[int, datetime | None]:
        """The newest live edit of each user (any namespace), or None if they never edited.

        ``now`` (the caller's clock) enables the windows. Users are packed by count, not by
        their edit counts: answers cut short cost no more.
        """
        return self._last_edits(list(dict.fromkeys(user_ids)), now)

    def activity(
        self, user_ids: Iterable[int], now: datetime | None = None
    ) -> tuple[dict[int, Activity], dict[int, str]]:
        """Activity per user id, and each user's current name (for lists that lack names)."""
        ids = list(dict.fromkeys(user_ids))
        info = self.users(ids)
        edits = self._last_edits([user_id for user_id in ids if user_id in info], now)
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

    def namespace_edit_counts(
        self,
        user_ids: Iterable[int],
        namespaces: Iterable[int],
        since: datetime,
        enough: Callable[[Mapping[int, int]], bool] | None = None,
    ) -> dict[int, dict[int, int]]:
        """Live edits of each user in each namespace from ``since`` on (0 where none).

        Many users a request, following continuation: the cost is the rows, 5,000 a request
        with ``apihighlimits``, plus one request per 500 users. ``enough`` (a user's counts so
        far -> whether they need no more): a user found to have enough is read no further,
        the rest of their rows skipped by asking again for the users not reached yet (the
        rows come grouped by user, so those are all after the current one).
        """
        ids = list(dict.fromkeys(user_ids))
        wanted = sorted(set(namespaces))
        counts = {user_id: dict.fromkeys(wanted, 0) for user_id in ids}
        size = self.batch_size()
        for start in range(0, len(ids), size):
            pending = ids[start : start + size]
            while pending:
                pending = self._count_rows(pending, wanted, since, counts, enough)
        return counts

    def _count_rows(
        self,
        group: list[int],
        wanted: list[int],
        since: datetime,
        counts: dict[int, dict[int, int]],
        enough: Callable[[Mapping[int, int]], bool] | None,
    ) -> list[int]:
        """Count ``group``'s rows until done (``[]``) or until the user being read has
        enough: then the users not reached yet, to ask again without the rest of their rows."""
        params = _contribs(group, self.row_limit(), since) | {
            "ucnamespace": "|".join(map(str, wanted)),
            "ucprop": "title",
        }
        seen: set[int] = set()
        current = None
        for answer in self.client.query_all(**params):
            for row in answer["query"]["usercontribs"]:
                user_id = int(row["userid"])
                if user_id != current and user_id in seen:
                    enough = None  # not grouped by user: every row is read
                current = user_id
                seen.add(current)
                per_user = counts.get(current)
                if per_user is not None and int(row["ns"]) in per_user:
                    per_user[int(row["ns"])] += 1
            if "continue" not in answer or enough is None or current is None:
                continue
            if enough(counts[current]):
                return [user_id for user_id in group if user_id not in seen]
        return []

    # --- the windows ----------------------------------------------------------------------

    def _last_edits(self, ids: list[int], now: datetime | None) -> dict[int, datetime | None]:
        edits: dict[int, datetime | None] = {}
        windows = WINDOWS if now is not None else (None,)
        pending = ids
        for window in windows:
            end = shifted(now, -days(window)) if now is not None and window is not None else None
            pending = self._window(pending, end, edits)
            if not pending:
                break
        edits.update(dict.fromkeys(pending))
        return {user_id: edits.get(user_id) for user_id in ids}

    def _window(
        self, pending: list[int], end: datetime | None, edits: dict[int, datetime | None]
    ) -> list[int]:
        """Resolve what one window can into ``edits``; the users left for the next window."""
        later: list[int] = []
        alone: list[int] = []
        while pending:
            size = self.batch_size()
            groups = [pending[start : start + size] for start in range(0, len(pending), size)]
            alone += [group[0] for group in groups if len(group) == 1]
            groups = [group for group in groups if len(group) > 1]
            answers = self.client.map_get(
                [_contribs(group, self.row_limit(), end) for group in groups], self.workers
            )
            pending = []
            for group, answer in zip(groups, answers, strict=True):
                found = _first_row_per_user(answer["query"]["usercontribs"])
                if found is None or (not found and "continue" in answer):
                    alone += group  # out of order, or no progress: one by one
                    continue
                edits.update(found)
                unseen = [user_id for user_id in group if user_id not in found]
                (pending if "continue" in answer else later).extend(unseen)
        answers = self.client.map_get([_contribs([u], 1, None) for u in alone], self.workers)
        for user_id, answer in zip(alone, answers, strict=True):
            edits[user_id] = (_first_row_per_user(answer["query"]["usercontribs"]) or {}).get(
                user_id
            )
        return later


def _contribs(user_ids: list[int], limit: int, end: datetime | None) -> dict[str, Any]:
    params = {
        "action": "query",
        "list": "usercontribs",
        "ucuserids": "|".join(map(str, user_ids)),
        "uclimit": str(limit),
        "ucprop": "timestamp",
    }
    if end is not None:
        params["ucend"] = end.strftime("%Y-%m-%dT%H:%M:%SZ")
    return params


def _first_row_per_user(rows: list[dict[str, Any]]) -> dict[int, datetime | None] | None:
    """Each user's first row, if the rows come grouped by user, newest first; else None."""
    latest: dict[int, datetime | None] = {}
    current: int | None = None
    previous = ""
    for row in rows:
        user_id = int(row["userid"])
        stamp = str(row["timestamp"])
        if user_id != current:
            if user_id in latest:
                return None  # the user's rows are not together
            latest[user_id] = parse_timestamp(stamp)
            current = user_id
        elif stamp > previous:
            return None  # not newest first
        previous = stamp
    return latest


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
