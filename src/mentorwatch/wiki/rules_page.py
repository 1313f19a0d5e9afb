"""mentorwatch's own rules page: a JSON page (content model JSON) the wiki's admins edit.

The default title, ``Project:Mentorwatch/Rules.json``, is outside the MediaWiki namespace, so
ordinary administrators can edit it without interface-administrator rights once it is fully
protected (Special:Protect, edit=sysop). mentorwatch creates it with ``contentmodel=json``
(needs ``editcontentmodel``, which registered users have by default), so the wiki itself
refuses text that is not JSON.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from mentorwatch.wiki.api import MediaWikiClient
from mentorwatch.wiki.errors import WikiError
from mentorwatch.wiki.mentorlist import RULES_PAGE, MentorListBackend
from mentorwatch.wiki.pages import dump_json_page, parse_json_page, read_pages

__all__ = ["RULES_PAGE", "StoredRules", "read_rules_page", "upstream_config", "write_rules_page"]


@dataclass(frozen=True)
class StoredRules:
    """The rules page as stored: its document (None: no such page) and revision."""

    title: str
    document: dict[str, Any] | None
    revid: int | None = None

    @property
    def exists(self) -> bool:
        return self.document is not None


def read_rules_page(client: MediaWikiClient, title: str) -> StoredRules:
    page = read_pages(client, [title])[title]
    if page is None:
        return StoredRules(title, None)
    document = parse_json_page(title, page["content"])
    if not isinstance(document, dict):
        raise WikiError(f"{title} must hold a JSON object of rules")
    return StoredRules(title, document, int(page["revid"]))


def write_rules_page(
    client: MediaWikiClient,
    title: str,
    document: Mapping[str, Any],
    summary: str,
    *,
    base_revid: int | None,
) -> int:
    """Save the rules page: against ``base_revid`` (an edit conflict if it moved on), or,
    with None, only if it does not exist yet (created with content model JSON)."""
    params: dict[str, Any] = (
        {"baserevid": base_revid, "nocreate": 1}
        if base_revid is not None
        else {"createonly": 1, "contentmodel": "json", "contentformat": "application/json"}
    )
    result = client.post_with_token(
        action="edit", title=title, text=dump_json_page(dict(document)), summary=summary, **params
    )
    edit = result.get("edit", {})
    if edit.get("result") != "Success":
        raise WikiError(f"{title} was not saved: {edit}")
    return int(edit.get("newrevid") or base_revid or 0)


def upstream_config(backend: MentorListBackend) -> dict[str, Any] | None:
    """GrowthExperiments' Mentorship configuration where the wiki's GrowthExperiments has its
    own cleaner's code (there its four keys are upstream's rules); None elsewhere."""
    return backend.upstream_config()
