"""The ``jsonpage`` backend: the list and configuration as JSON pages in GrowthExperiments'
format, on any MediaWiki (the interface is in :mod:`mentorwatch.wiki.mentorlist`)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from mentorwatch.domain.timeutil import format_timestamp
from mentorwatch.wiki.errors import EditConflict, WikiError
from mentorwatch.wiki.mentorlist import (
    CONFLICT_RETRIES,
    Capabilities,
    ConflictRetriesExhausted,
    EntryChanged,
    MentorListBackend,
    RawEntry,
    RawMentorList,
    Written,
    entries_of,
)
from mentorwatch.wiki.pages import dump_json_page, parse_json_page, read_pages

log = logging.getLogger(__name__)

#: how long the text of our own last edit is started from without reading the page again
CARRY_SECONDS = 120.0


class JsonPageBackend(MentorListBackend):
    """The list and configuration as JSON pages in GrowthExperiments' format, on any MediaWiki.

    Writes with ``action=edit`` and ``baserevid`` (from the page as our previous write left it,
    without reading it again, or as read): on ``editconflict`` it re-reads the page,
    re-applies only its own change to the latest text and tries again (a bounded number of
    times). Someone else's edit is never overwritten, and a change to the mentor's own entry
    since the decision stops the write (:class:`EntryChanged`).
    """

    name = "jsonpage"
    #: the list is a page: any account allowed to edit it can save a mentor's away for them
    saves_on_behalf = True

    #: the list page as our own last edit left it (its revision and the text we sent): the
    #: next write starts from it instead of reading the page again; the wiki still detects a
    #: change made in between through ``baserevid`` (a conflict: read again, apply again)
    _carried: dict[str, Any] | None = None

    def capabilities(self) -> Capabilities:
        return Capabilities(
            backend=self.name,
            can_mark_away=True,
            has_mentees=False,
            saves_on_behalf=self.saves_on_behalf,
        )

    def set_own_away(
        self, user_id: int, username: str, entry: RawEntry, until: datetime, summary: str
    ) -> Written:
        self._start_from_read()
        return super().set_own_away(user_id, username, entry, until, summary)

    def set_own_active(self, user_id: int, username: str, entry: RawEntry, summary: str) -> Written:
        self._start_from_read()
        return super().set_own_active(user_id, username, entry, summary)

    def _start_from_read(self) -> None:
        """A mentor's own save starts from the list as this request just read it (one 171 KB
        read fewer on a 2,000-mentor list); the wiki still refuses or merges a change made
        since, through ``baserevid``, and the entry is compared as read."""
        if self._carried is None and self._list_as_read is not None:
            self._carried = self._list_as_read

    def read_config(self) -> dict[str, Any]:
        return self.read_config_page()

    def read_list(self) -> RawMentorList:
        return self.read_list_page()

    def set_away(
        self,
        user_id: int,
        username: str,
        expected: RawEntry,
        away_until: datetime,
        summary: str,
        *,
        weight: int | None = None,
    ) -> Written:
        stamp = format_timestamp(away_until)

        def apply(entry: RawEntry | None) -> RawEntry:
            changed = {**(entry or {}), "awayTimestamp": stamp}
            if weight is not None:
                changed["weight"] = weight
                changed.pop("automaticallyAssigned", None)
            return changed

        return self._change(user_id, expected, apply, summary)

    def set_weight(
        self, user_id: int, username: str, expected: RawEntry, weight: int, summary: str
    ) -> Written:
        def apply(entry: RawEntry | None) -> RawEntry:
            changed = {**(entry or {}), "weight": weight}
            changed.pop("automaticallyAssigned", None)  # legacy key; weight says it all
            return changed

        return self._change(user_id, expected, apply, summary)

    def remove(self, user_id: int, username: str, expected: RawEntry, summary: str) -> Written:
        return self._change(user_id, expected, lambda entry: None, summary)

    def put_entry(
        self,
        user_id: int,
        username: str,
        expected: RawEntry | None,
        entry: RawEntry,
        summary: str,
    ) -> Written:
        return self._change(user_id, expected, lambda _current: dict(entry), summary)

    def _change(
        self,
        user_id: int,
        expected: RawEntry | None,
        apply: Callable[[RawEntry | None], RawEntry | None],
        summary: str,
    ) -> Written:
        key = str(user_id)
        for _ in range(CONFLICT_RETRIES):
            page, self._carried = self._carried_page() or self._read_list_page(), None
            document = parse_json_page(self.list_page, page["content"])
            entries = entries_of(self.list_page, document)
            current = entries.get(key)
            if current != expected:
                raise EntryChanged(_changed_message(key, expected, current))
            updated = apply(current)
            mentors = dict(entries)
            if updated is None:
                mentors.pop(key, None)
            else:
                mentors[key] = updated
            new_document = {**document, "Mentors": mentors} if isinstance(document, dict) else {}
            text = dump_json_page(new_document)
            try:
                result = self.client.post_with_token(
                    action="edit",
                    title=self.list_page,
                    text=text,
                    summary=summary,
                    baserevid=page["revid"],
                    nocreate=1,
                    bot=1,
                )
            except EditConflict:
                log.info("edit conflict on %s; re-reading and re-applying", self.list_page)
                continue
            edit = result.get("edit", {})
            if edit.get("result") != "Success":
                raise WikiError(f"edit of {self.list_page} was not saved: {edit}")
            revision_id = int(edit["newrevid"]) if "newrevid" in edit else None
            if "nochange" not in edit and int(edit.get("oldrevid", 0)) != page["revid"]:
                # MediaWiki merged our edit with one made in between: check ours survived.
                self._verify(key, updated)
            elif revision_id is not None and "nochange" not in edit:
                self._carried = {"revid": revision_id, "content": text, "at": time.monotonic()}
            return Written(updated, revision_id)
        raise ConflictRetriesExhausted(
            f"{self.list_page} kept changing while we edited it ({CONFLICT_RETRIES} tries); "
            "nothing was written, the next run tries again"
        )

    def _carried_page(self) -> dict[str, Any] | None:
        """Our last edit of the list page, if recent enough to start from (a long-lived
        backend, as the web app's, reads the page again)."""
        carried = self._carried
        if carried is None or time.monotonic() - carried["at"] > CARRY_SECONDS:
            return None
        return carried

    def _read_list_page(self) -> dict[str, Any]:
        page = read_pages(self.client, [self.list_page])[self.list_page]
        if page is None:
            raise EntryChanged(f"{self.list_page} no longer exists")
        return page

    def _verify(self, key: str, expected: RawEntry | None) -> None:
        entries = self.read_list().entries
        if entries.get(key) != expected:
            raise EntryChanged(
                f"after merging with a concurrent edit, entry {key} is {entries.get(key)!r}"
            )


def _changed_message(key: str, expected: RawEntry | None, current: RawEntry | None) -> str:
    if expected is None:
        return f"mentor #{key} is already in the list ({current!r})"
    if current is None:
        return f"mentor #{key} is no longer in the list"
    return (
        f"the list entry of mentor #{key} changed since it was read ({expected!r} -> {current!r})"
    )
