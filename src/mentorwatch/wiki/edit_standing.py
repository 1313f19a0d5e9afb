"""Why the wiki would refuse the signed-in user an edit of one page: every reason at once, with
the user's block and the sign-in's real rights, read as them at the moment of asking.

One edit's error does not say it: MediaWiki reports a page's protection
(``protectednamespace-interface``) before a block, so a blocked user trying to edit a protected
list page is told only that the page is protected. One request as the user asks for all of it
(MediaWiki 1.39 and 1.43 answer alike; ``tests/integration/test_web_on_behalf_live.py``):

- ``prop=info&intestactions=edit&intestactionsdetail=full``: every reason the edit would be
  refused (``protectednamespace-interface``, ``sitejsonprotected``, ``blocked`` with its
  ``blockinfo``...). A partial block is listed only if it covers the page (a block from the page
  itself or its namespace; a block from another page is not);
- ``meta=userinfo&uiprop=blockinfo|rights``: the user's block, sitewide or partial
  (``blockpartial``), whichever page it covers, and the sign-in's rights: a bot password's or
  an OAuth token's are cut down to its grants (a ``basic``-only bot password has no ``edit``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from mentorwatch.wiki.api import MediaWikiClient
from mentorwatch.wiki.errors import UnexpectedAnswer
from mentorwatch.wiki.refusals import PAGE_PROTECTION

#: what any edit needs, whatever the page, and the grant of a bot password or an OAuth
#: consumer that gives it (MediaWiki's ``$wgGrantPermissions``; ``basic`` gives none of them)
EDIT_GRANTS = {"edit": "editpage"}


@dataclass(frozen=True)
class Block:
    """A block that stops the user editing the page."""

    by: str
    expiry: str
    reason: str
    #: a partial block (from this page or its namespace), else sitewide
    partial: bool


@dataclass(frozen=True)
class Reason:
    """One of the wiki's reasons for refusing the edit: its code and its words."""

    code: str
    text: str


@dataclass(frozen=True)
class EditStanding:
    """Why the user may not edit the page, beyond its protection (all empty: only the page's
    protection stands in their way, or nothing does)."""

    block: Block | None
    #: grants the sign-in lacks for any edit (``editpage``)
    missing_grants: tuple[str, ...]
    #: the wiki's other reasons, neither the page's protection nor a block
    other: tuple[Reason, ...]

    @property
    def page_rights_only(self) -> bool:
        return self.block is None and not self.missing_grants and not self.other


def edit_standing(client: MediaWikiClient, title: str) -> EditStanding:
    """The signed-in user's standing for an edit of ``title``, asked as them now (WikiError as
    it comes; an answer without the page's reasons, or of another shape, is an
    UnexpectedAnswer: nothing is decided from it)."""
    found_answer = client.get(
        action="query",
        meta="userinfo",
        uiprop="blockinfo|rights",
        prop="info",
        titles=title,
        intestactions="edit",
        intestactionsdetail="full",
    )
    answer = _shaped(found_answer["query"], dict, "query")
    user = _shaped(answer["userinfo"], dict, "userinfo")
    given = _shaped(_shaped(_first_page(answer)["actions"], dict, "actions")["edit"], list, "edit")
    found = [_shaped(reason, dict, "a reason") for reason in given]
    reasons = [Reason(str(r.get("code", "")), str(r.get("text", ""))) for r in found]
    rights = frozenset(str(right) for right in _shaped(user.get("rights", []), list, "rights"))
    return EditStanding(
        block=_block(user, [r for r in found if _is_block(str(r.get("code", "")))]),
        missing_grants=tuple(grant for right, grant in EDIT_GRANTS.items() if right not in rights),
        other=tuple(
            reason
            for reason in reasons
            if reason.code not in PAGE_PROTECTION and not _is_block(reason.code)
        ),
    )


def _first_page(answer: Mapping[str, Any]) -> Mapping[str, Any]:
    pages = _shaped(answer["pages"], list, "pages")
    if not pages:
        raise UnexpectedAnswer("unexpected answer from the wiki: no page in it")
    page: Mapping[str, Any] = _shaped(pages[0], dict, "the page")
    return page


def _shaped(value: Any, kind: type, what: str) -> Any:
    """``value`` if it is a ``kind``; else the answer is not one to decide from."""
    if not isinstance(value, kind):
        raise UnexpectedAnswer(
            f"unexpected answer from the wiki: {what} is a {type(value).__name__}, "
            f"not a {kind.__name__}"
        )
    return value


def _is_block(code: str) -> bool:
    """``blocked``, ``autoblocked``, ``blockedtext-partial``, ``systemblocked``,
    ``globalblocking-blockedtext-user``...: every code MediaWiki and its extensions give a
    block has "block" in it."""
    return "block" in code


def _block(user: Mapping[str, Any], blocking: list[Mapping[str, Any]]) -> Block | None:
    """The block that stops the edit: a sitewide one (whatever the page's reasons say), or one
    among the page's reasons (a partial block covering it, an autoblock)."""
    sitewide = "blockid" in user and not user.get("blockpartial")
    if not sitewide and not blocking:
        return None
    data = blocking[0].get("data") if blocking else None
    given = data.get("blockinfo") if isinstance(data, dict) else None
    info = user if sitewide or not isinstance(given, dict) else given
    return Block(
        by=str(info.get("blockedby", "")),
        expiry=str(info.get("blockexpiry", "")),
        reason=str(info.get("blockreason", "")),
        partial=bool(info.get("blockpartial", False)) and not sitewide,
    )
