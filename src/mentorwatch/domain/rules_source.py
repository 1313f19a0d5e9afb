"""Where a plan's rules came from, and whether mentorwatch may act on them.

The rules decide who is marked away and who is removed, and carry the texts mentorwatch's
account posts on talk pages; so mentorwatch acts on them only when they come from a page that
only trusted users can change (``docs/security.md``, "Who may set the rules"):

* a page of the **MediaWiki namespace** (GrowthExperiments' legacy configuration page, or a
  rules page an operator put there): MediaWiki itself lets only interface administrators edit
  it (``editinterface``; ``editsitejson`` for a ``.json`` page); or
* a page **protected at administrator level** (``sysop``) for both **edit and move**, in force
  at the time of the run (an edit protection may cascade from another page; a move protection
  cannot), anywhere else.

Either way the page must have the **JSON content model**, so that the wiki refuses text that is
not JSON. A page that is not so is *refused*: :func:`judge_rules_page` says why, naming the
page, its protection and its last editor, and the fix; a run then changes nothing. The last
editor alone never makes a page trusted: an administrator's later edit does not review what an
anonymous user wrote before it, while a protection is the wiki's own statement of who may write.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from mentorwatch.domain.timeutil import format_timestamp

MEDIAWIKI_NAMESPACE = 8
#: the protection level only administrators pass (``editprotected``)
ADMIN_LEVEL = "sysop"
JSON_MODEL = "json"
PROTECT_FIX = "protect it: Special:Protect, Edit and Move: Allow only administrators, infinite"
MODEL_FIX = (
    "make it JSON: Special:ChangeContentModel (new content model: JSON), or save it once from "
    "mentorwatch's configuration page, which converts it"
)


class Trust(StrEnum):
    """Why mentorwatch acts on a page's rules (``none``: it does not)."""

    PROTECTED = "protected"
    INTERFACE = "interface namespace"
    NONE = "none"


@dataclass(frozen=True)
class Protection:
    """One protection of a page, as ``prop=info&inprop=protection`` gives it."""

    action: str  # edit, move, create…
    level: str  # sysop, autoconfirmed…
    expiry: datetime | None = None  # None: infinite
    #: the page whose cascading protection this is (None: the page's own)
    cascading_from: str | None = None

    def in_force(self, now: datetime) -> bool:
        return self.expiry is None or now < self.expiry

    def describe(self) -> str:
        """'edit: administrators only, infinite' (as Special:Protect says it)."""
        who = "administrators only" if self.level == ADMIN_LEVEL else f"{self.level} users"
        until = "infinite" if self.expiry is None else f"until {format_timestamp(self.expiry)}"
        cascade = f", cascading from {self.cascading_from}" if self.cascading_from else ""
        return f"{self.action}: {who}, {until}{cascade}"


@dataclass(frozen=True)
class PageInfo:
    """What the wiki says about a page (``prop=info|revisions``): its latest revision and editor,
    content model and protection."""

    title: str
    namespace: int
    exists: bool
    revision: int | None = None
    #: the latest revision's author (None: hidden, or no page)
    editor: str | None = None
    content_model: str | None = None
    protection: tuple[Protection, ...] = ()

    def admin_only(self, action: str, now: datetime) -> Protection | None:
        """The protection in force that lets only administrators ``action`` the page (a
        cascading one counts for editing only: MediaWiki cascades no move protection)."""
        for protection in self.protection:
            if (
                protection.action == action
                and protection.level == ADMIN_LEVEL
                and protection.in_force(now)
                and (protection.cascading_from is None or action == "edit")
            ):
                return protection
        return None

    def describe_protection(self, now: datetime) -> str:
        """Its protections in force, or 'none'."""
        shown = [p.describe() for p in self.protection if p.in_force(now)]
        return "; ".join(shown) if shown else "none"

    @property
    def last_edit(self) -> str:
        """'revision 12, last edited by Admin'."""
        editor = self.editor if self.editor is not None else "(hidden)"
        return f"revision {self.revision}, last edited by {editor}"


@dataclass(frozen=True)
class RulesSource:
    """Where a plan's rules came from: the page, its revision and last editor, and why
    mentorwatch acts on it (or, with :attr:`refusal`, why it does not)."""

    page: str
    revision: int | None = None  # None: the page does not exist (no rules: both off)
    editor: str | None = None
    trust: Trust = Trust.NONE
    #: why the page is trusted, in words (empty when it is not)
    basis: str = ""
    #: the page exists but is not used, and why (with the fix)
    refusal: str | None = None

    @property
    def exists(self) -> bool:
        return self.revision is not None

    def describe(self) -> str:
        """One line for plans, run reports and the dashboard."""
        if not self.exists:
            return f"none ({self.page} does not exist: both rules are off)"
        editor = self.editor if self.editor is not None else "(hidden)"
        where = f"{self.page}, revision {self.revision} by {editor}"
        if self.refusal is not None:
            return f"{where}: NOT USED (not trusted)"
        return f"{where} (trusted: {self.basis})"

    def to_json(self) -> dict[str, Any]:
        return {
            "page": self.page,
            "revision": self.revision,
            "editor": self.editor,
            "trust": self.trust.value,
            "basis": self.basis,
            "refused": self.refusal,
        }


class RulesSourceError(ValueError):
    """A recorded rules source (a snapshot's ``rules``) of the wrong shape: ``key`` names it."""

    def __init__(self, key: str, message: str) -> None:
        self.key = key
        super().__init__(message)


def decode_rules_source(raw: object) -> RulesSource:
    """A snapshot's ``rules`` (the inverse of :meth:`RulesSource.to_json`)."""
    if not isinstance(raw, Mapping):
        raise RulesSourceError("", 'expected {"page", "revision", "editor", "trust", ...}')
    page, revision, editor = raw.get("page"), raw.get("revision"), raw.get("editor")
    basis, refused = raw.get("basis", ""), raw.get("refused")
    if not isinstance(page, str) or not page:
        raise RulesSourceError("page", "expected the page's title")
    if revision is not None and (isinstance(revision, bool) or not isinstance(revision, int)):
        raise RulesSourceError("revision", "expected a revision id, or null (no page)")
    for key, value in (("editor", editor), ("refused", refused)):
        if value is not None and not isinstance(value, str):
            raise RulesSourceError(key, "expected a string or null")
    if not isinstance(basis, str):
        raise RulesSourceError("basis", "expected a string")
    try:
        trust = Trust(str(raw.get("trust")))
    except ValueError:
        allowed = ", ".join(t.value for t in Trust)
        raise RulesSourceError("trust", f"expected one of {allowed}") from None
    if trust is not Trust.NONE and refused is not None:
        raise RulesSourceError("refused", "a trusted source is not refused; use null")
    assert editor is None or isinstance(editor, str)
    assert refused is None or isinstance(refused, str)
    return RulesSource(page, revision, editor, trust, basis, refused)


def judge_rules_page(facts: PageInfo, now: datetime, unreadable: str | None = None) -> RulesSource:
    """Whether mentorwatch may act on this page's rules at ``now`` (see the module docstring).
    ``unreadable``: why its text is not a JSON object, said in a refusal too (a trusted page
    that cannot be read is invalid input, not a refusal)."""
    if not facts.exists:
        return RulesSource(facts.title)
    problems: list[str] = []
    fixes: list[str] = []
    trust, basis = Trust.NONE, ""
    if facts.namespace == MEDIAWIKI_NAMESPACE:
        trust = Trust.INTERFACE
        basis = "the MediaWiki namespace, which only interface administrators can edit"
    else:
        edit, move = facts.admin_only("edit", now), facts.admin_only("move", now)
        if edit is None or move is None:
            problems.append(
                "it is not protected so that only administrators can edit and move it "
                f"(protection: {facts.describe_protection(now)})"
            )
            fixes.append(PROTECT_FIX)
        else:
            trust, basis = Trust.PROTECTED, f"protected, {edit.describe()}; {move.describe()}"
            ends = [p.expiry for p in (edit, move) if p.expiry is not None]
            if ends:
                basis += (
                    f" (after {format_timestamp(min(ends))} mentorwatch refuses the rules: "
                    "make the protection infinite)"
                )
    if facts.content_model != JSON_MODEL:
        problems.append(
            f"its content model is {facts.content_model or 'unknown'}, not JSON (a page "
            "created in the wiki's editor is wikitext, which the wiki does not check)"
        )
        fixes.append(MODEL_FIX)
    if not problems:
        return RulesSource(facts.title, facts.revision, facts.editor, trust, basis)
    if unreadable is not None:
        problems.append(f"and its text cannot be read as rules ({unreadable})")
    refusal = (
        f"{facts.title} ({facts.last_edit}) is not used: {'; '.join(problems)}. Whoever can "
        "edit it could change who is marked away or removed and what mentorwatch posts on "
        f"talk pages, so mentorwatch changes nothing. Fix: {'; and '.join(fixes)}."
    )
    return RulesSource(facts.title, facts.revision, facts.editor, Trust.NONE, "", refusal)
