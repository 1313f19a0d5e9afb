"""mentorwatch's own rules page: a JSON page (content model JSON) the wiki's admins edit.

The default title, ``Project:Mentorwatch/Rules.json``, is outside the MediaWiki namespace, so
ordinary administrators can edit it without interface-administrator rights; mentorwatch acts on
it only while it is protected (edit and move: administrators only) and JSON
(:mod:`mentorwatch.domain.rules_source`). Everything that decides that (content, revision, last
editor, content model, protection) is read in one request. mentorwatch creates the page with
``contentmodel=json`` (needs ``editcontentmodel``, which registered users have) and protects it
with :func:`protect_rules_page` (needs ``protect``: administrators).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from mentorwatch.domain.rules_source import JSON_MODEL, PageInfo, Protection
from mentorwatch.domain.strict_json import StrictJsonError, loads_strict
from mentorwatch.domain.timeutil import TimestampError, format_timestamp, parse_timestamp
from mentorwatch.wiki.api import MediaWikiClient
from mentorwatch.wiki.errors import InvalidPage, WikiError
from mentorwatch.wiki.mentorlist import RULES_PAGE, MentorListBackend
from mentorwatch.wiki.pages import dump_json_page

__all__ = [
    "RULES_PAGE",
    "StoredRules",
    "page_info",
    "protect_rules_page",
    "read_rules_page",
    "upstream_config",
    "write_rules_page",
]

#: what mentorwatch asks for when it protects the rules page
PROTECTIONS = "edit=sysop|move=sysop"
EXPIRED = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class StoredRules:
    """The rules page as stored: what the wiki says about it, its text, and its document (None:
    no page, or text that is not a JSON object: :attr:`problem` says why)."""

    title: str
    document: dict[str, Any] | None
    revid: int | None = None
    facts: PageInfo | None = None
    text: str | None = None
    problem: str | None = None

    @property
    def exists(self) -> bool:
        return self.revid is not None

    def require_document(self) -> dict[str, Any] | None:
        """The document (None: no page); :class:`InvalidPage` when the page holds no usable
        JSON object, which is never written over by a change of one part of it."""
        if self.problem is not None:
            raise InvalidPage(
                f"{self.title}: {self.problem}; nothing was changed. Fix it on the wiki, or "
                "save the rules from mentorwatch's configuration page, which replaces it"
            )
        return self.document


def read_rules_page(client: MediaWikiClient, title: str) -> StoredRules:
    """The page, its latest revision (content, author), content model and protection, in one
    request. Text that is not a JSON object is not an error here (:attr:`StoredRules.problem`):
    each caller says what it means for it."""
    page = _query_page(client, title, with_content=True)
    facts = _facts(page, title)
    if not facts.exists:
        return StoredRules(title, None, facts=facts)
    revision = page["revisions"][0]
    text = str(revision.get("slots", {}).get("main", {}).get("content", ""))
    document, problem = None, None
    try:
        parsed = loads_strict(text)
    except StrictJsonError as error:
        problem = f"its text is not valid JSON: {error}"
    else:
        if isinstance(parsed, dict):
            document = parsed
        else:
            problem = f"it must hold a JSON object of rules ({{...}}), not {_json_kind(parsed)}"
    return StoredRules(title, document, facts.revision, facts, text, problem)


def page_info(client: MediaWikiClient, title: str) -> PageInfo:
    """What the wiki says about a page, without its content (the legacy page's provenance)."""
    return _facts(_query_page(client, title, with_content=False), title)


def _query_page(client: MediaWikiClient, title: str, *, with_content: bool) -> dict[str, Any]:
    rvprop = "ids|timestamp|user|content|contentmodel" if with_content else "ids|timestamp|user"
    params: dict[str, Any] = {"rvslots": "main"} if with_content else {}
    result = client.get(
        action="query",
        prop="info|revisions",
        titles=title,
        inprop="protection",
        rvprop=rvprop,
        **params,
    )
    pages = result["query"]["pages"]
    if not pages:
        raise WikiError(f"the wiki said nothing about {title}")
    return dict(pages[0])


def _facts(page: Mapping[str, Any], title: str) -> PageInfo:
    revisions = page.get("revisions") or []
    exists = not page.get("missing") and not page.get("invalid") and bool(revisions)
    latest = revisions[0] if exists else {}
    hidden = latest.get("userhidden") or "user" not in latest
    model = latest.get("slots", {}).get("main", {}).get("contentmodel") or page.get("contentmodel")
    return PageInfo(
        title=title,
        namespace=int(page.get("ns", 0)),
        exists=exists,
        revision=int(latest["revid"]) if exists else None,
        editor=None if not exists or hidden else str(latest["user"]),
        content_model=str(model) if exists and model else None,
        protection=tuple(_protection(item) for item in page.get("protection") or ()),
    )


def _protection(item: Mapping[str, Any]) -> Protection:
    expiry = str(item.get("expiry", "infinity"))
    until = None
    if expiry not in ("infinity", "infinite", "indefinite"):
        try:
            until = parse_timestamp(expiry)
        except TimestampError:  # an expiry we cannot read is taken as over (fail closed)
            until = EXPIRED
    source = item.get("source")
    return Protection(
        str(item.get("type", "")),
        str(item.get("level", "")),
        until,
        str(source) if source else None,
    )


def _json_kind(value: object) -> str:
    if isinstance(value, list):
        return "an array ([...])"
    if isinstance(value, str):
        return "a string"
    if value is None:
        return "null"
    return "a number" if isinstance(value, int | float) and not isinstance(value, bool) else "that"


def write_rules_page(
    client: MediaWikiClient,
    title: str,
    document: Mapping[str, Any],
    summary: str,
    *,
    base_revid: int | None,
    to_json: bool = False,
) -> int:
    """Save the rules page: against ``base_revid`` (an edit conflict if it moved on), or,
    with None, only if it does not exist yet (created with content model JSON). ``to_json``:
    an existing page of another content model (wikitext) becomes JSON with this edit (needs
    ``editcontentmodel``)."""
    params: dict[str, Any] = (
        {"baserevid": base_revid, "nocreate": 1}
        if base_revid is not None
        else {"createonly": 1, "contentmodel": JSON_MODEL, "contentformat": "application/json"}
    )
    if to_json and base_revid is not None:
        params.update(contentmodel=JSON_MODEL, contentformat="application/json")
    result = client.post_with_token(
        action="edit", title=title, text=dump_json_page(dict(document)), summary=summary, **params
    )
    edit = result.get("edit", {})
    if edit.get("result") != "Success":
        raise WikiError(f"{title} was not saved: {edit}")
    return int(edit.get("newrevid") or base_revid or 0)


def protect_rules_page(client: MediaWikiClient, title: str, reason: str) -> int | None:
    """Protect the page (edit and move: administrators only, infinite) as the client's user;
    returns the revision MediaWiki adds to the history for it (None: not found). The wiki's
    refusal (no ``protect`` right, or no such grant) is an :class:`~.errors.ApiError`."""
    client.post_with_token(
        action="protect",
        title=title,
        protections=PROTECTIONS,
        expiry="infinite|infinite",
        reason=reason,
    )
    return protection_revision(client, title, reason)


def protection_revision(
    client: MediaWikiClient, title: str, reason: str, since: datetime | None = None
) -> int | None:
    """The revision MediaWiki added for a protection with ``reason`` (its comment is
    MediaWiki's own, "Protected …: REASON …"): the latest, or the first since ``since``."""
    params: dict[str, Any] = {"rvlimit": 1}
    if since is not None:
        params = {"rvstart": format_timestamp(since), "rvdir": "newer", "rvlimit": 50}
    result = client.get(
        action="query", prop="revisions", titles=title, rvprop="ids|comment", **params
    )
    for revision in (result["query"]["pages"] or [{}])[0].get("revisions") or []:
        if reason in str(revision.get("comment", "")):
            return int(revision["revid"])
    return None


def upstream_config(backend: MentorListBackend) -> dict[str, Any] | None:
    """GrowthExperiments' Mentorship configuration where the wiki's GrowthExperiments has its
    own cleaner's code (there its four keys are upstream's rules); None elsewhere."""
    return backend.upstream_config()
