"""What changed on a wiki since a moment: one ``list=recentchanges`` request, for incremental
refreshes of the dashboard.

:func:`changes_since` answers the edits made since then (who, when, which page) and whether
anything happened that only a full read can follow (a log event that changes what a snapshot
holds: blocks, renames, deletions, GrowthExperiments' mentor changes), or None when the wiki
answered more than one request's worth of changes (then a full read is as cheap).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from mentorwatch.domain.timeutil import format_timestamp, parse_timestamp
from mentorwatch.wiki.api import MediaWikiClient

#: log types after which only a full read is right
FULL_READ_LOGS = frozenset(
    {"block", "renameuser", "delete", "suppress", "merge", "import", "growthexperiments", "rights"}
)


@dataclass(frozen=True)
class Edit:
    user_id: int
    namespace: int
    title: str
    at: datetime


@dataclass(frozen=True)
class RecentChanges:
    edits: tuple[Edit, ...]
    #: the log types seen (``newusers``, ``block``...)
    logs: frozenset[str]

    @property
    def needs_full_read(self) -> bool:
        return bool(self.logs & FULL_READ_LOGS)

    def namespaces(self) -> frozenset[int]:
        return frozenset(edit.namespace for edit in self.edits)


def changes_since(
    client: MediaWikiClient, since: datetime, limit: int = 500
) -> RecentChanges | None:
    """The changes from ``since`` on, oldest first; None when they do not fit one request."""
    answer = client.get(
        action="query",
        list="recentchanges",
        rcstart=format_timestamp(since),
        rcdir="newer",
        rcprop="userid|timestamp|title|loginfo",
        rctype="edit|new|log",
        rclimit=limit,
    )
    if "continue" in answer:
        return None
    edits: list[Edit] = []
    logs: set[str] = set()
    for row in answer.get("query", {}).get("recentchanges", []):
        if row.get("type") == "log":
            logs.add(str(row.get("logtype", "")))
        elif "userid" in row and "timestamp" in row:
            stamp = parse_timestamp(row["timestamp"])
            edits.append(Edit(int(row["userid"]), int(row.get("ns", 0)), row["title"], stamp))
    return RecentChanges(tuple(edits), frozenset(logs))
