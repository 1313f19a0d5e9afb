"""Finding our own edits in a page's history: revision ids after writes, and after crashes."""

from __future__ import annotations

import re
from collections.abc import Collection
from datetime import datetime

from mentorwatch.domain.timeutil import format_timestamp
from mentorwatch.wiki.api import MediaWikiClient

#: MediaWiki trims summaries and cuts them at 500 bytes; compare a safe prefix.
_COMPARED = 200
#: what GrowthExperiments (REL1_43 and later) saves for a list write made through its API:
#: ``/* growthexperiments-manage-mentors-summary-<action>-<who>-with-reason:<mentor>|<ours> */``
#: (the mentor's name cannot contain ``|``, our summary can). The closing `` */`` is missing
#: when MediaWiki had to cut the comment.
_WRAPPED = re.compile(
    r"^/\* (?P<key>growthexperiments-[a-z-]+):(?P<subject>[^|]*)\|(?P<summary>.*?)(?: \*/)?$",
    re.DOTALL,
)


def find_revision(
    client: MediaWikiClient,
    title: str,
    since: datetime | None,
    summary: str,
    user: str | Collection[str] | None = None,
    subject: str | None = None,
) -> int | None:
    """A revision of ``title`` with our summary (and by ``user``, or one of several): the first
    since ``since``, or, without ``since``, the newest among the latest few.

    The summary matches as given or wrapped by GrowthExperiments (``_WRAPPED``); with
    ``subject`` (the mentor's name), a wrapped summary must also name that mentor."""
    params: dict[str, object] = {"rvdir": "older", "rvlimit": 10}
    if since is not None:
        params = {"rvstart": format_timestamp(since), "rvdir": "newer", "rvlimit": 50}
    result = client.get(
        action="query", prop="revisions", titles=title, rvprop="ids|user|comment", **params
    )
    pages = result.get("query", {}).get("pages", [])
    users = None if user is None else {user} if isinstance(user, str) else set(user)
    for page in pages:
        for revision in page.get("revisions", []):
            if not summary_matches(str(revision.get("comment", "")), summary, subject):
                continue
            if users is not None and revision.get("user") not in users:
                continue
            return int(revision["revid"])
    return None


def summary_matches(comment: str, summary: str, subject: str | None = None) -> bool:
    """Whether a saved edit summary is ``summary``, plain or wrapped by GrowthExperiments."""
    wanted = summary.strip()
    saved = comment.strip()
    if saved[:_COMPARED] == wanted[:_COMPARED]:
        return True
    wrapped = _WRAPPED.match(saved)
    if wrapped is None:
        return False
    if subject is not None and wrapped["subject"].strip() != subject.strip():
        return False
    ours = wrapped["summary"].strip()
    if saved.endswith(" */"):
        return ours[:_COMPARED] == wanted[:_COMPARED]
    # cut by MediaWiki (500 bytes, "..." appended): what is left must be a long prefix of ours
    kept = ours.removesuffix("...").removesuffix("\u2026").rstrip()
    return len(kept) >= min(len(wanted), 40) and wanted.startswith(kept)


def account_name(client: MediaWikiClient) -> str | None:
    """The user name edits are made as: ``Bot`` for the bot password ``Bot@tool``."""
    name = client.authenticated_as
    return None if name is None else name.split("@", 1)[0]


#: the tag :meth:`~mentorwatch.service.action_log.ActionLog.tagged` puts in every edit summary
#: (``[mentorwatch JOURNAL:RUN/USER]``; before journals had ids, ``[mentorwatch RUN/USER]``)
_TAG = re.compile(r"\[mentorwatch (?:[0-9a-f]+:)?(\d+)/(\d+)\]")


def tagged_revisions(client: MediaWikiClient, title: str) -> dict[int, tuple[int, int]]:
    """mentorwatch's own edits of ``title`` among its latest revisions (500 with high limits,
    else 50), by the user id each names: ``{user id: (revision, run id)}``, the newest."""
    result = client.get(
        action="query", prop="revisions", titles=title, rvprop="ids|comment", rvlimit="max"
    )
    found: dict[int, tuple[int, int]] = {}
    for page in result.get("query", {}).get("pages", []):
        for revision in page.get("revisions", []):
            for run_id, user_id in _TAG.findall(str(revision.get("comment", ""))):
                found.setdefault(int(user_id), (int(revision["revid"]), int(run_id)))
    return found
