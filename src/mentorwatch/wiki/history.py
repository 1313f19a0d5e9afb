"""Finding our own edits in a page's history: revision ids after writes, and after crashes."""

from __future__ import annotations

from datetime import datetime

from mentorwatch.domain.timeutil import format_timestamp
from mentorwatch.wiki.api import MediaWikiClient

#: MediaWiki trims summaries and cuts them at 500 bytes; compare a safe prefix.
_COMPARED = 200


def find_revision(
    client: MediaWikiClient,
    title: str,
    since: datetime | None,
    summary: str,
    user: str | None = None,
) -> int | None:
    """A revision of ``title`` with our summary (and user): the first since ``since``, or,
    without ``since``, the newest among the latest few."""
    params: dict[str, object] = {"rvdir": "older", "rvlimit": 10}
    if since is not None:
        params = {"rvstart": format_timestamp(since), "rvdir": "newer", "rvlimit": 50}
    result = client.get(
        action="query", prop="revisions", titles=title, rvprop="ids|user|comment", **params
    )
    pages = result.get("query", {}).get("pages", [])
    wanted = summary.strip()[:_COMPARED]
    for page in pages:
        for revision in page.get("revisions", []):
            if str(revision.get("comment", "")).strip()[:_COMPARED] != wanted:
                continue
            if user is not None and revision.get("user") != user:
                continue
            return int(revision["revid"])
    return None


def account_name(client: MediaWikiClient) -> str | None:
    """The user name edits are made as: ``Bot`` for the bot password ``Bot@tool``."""
    name = client.authenticated_as
    return None if name is None else name.split("@", 1)[0]
