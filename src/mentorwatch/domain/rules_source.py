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

from mentorwatch.domain.message import Message, joined, message_or_words, recorded
from mentorwatch.domain.timeutil import format_timestamp

MEDIAWIKI_NAMESPACE = 8
#: the protection level only administrators pass (``editprotected``)
ADMIN_LEVEL = "sysop"
JSON_MODEL = "json"
#: the fix for an unprotected page, in the words of the command line's own texts (``config
#: migrate``, protecting the page); a refusal says it as ``mentorwatch-rules-fix-protect``
PROTECT_FIX = "protect it: Special:Protect, Edit and Move: Allow only administrators, infinite"


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

    def describe(self) -> Message:
        """'edit: administrators only, infinite' (as Special:Protect says it)."""
        who = (
            Message("mentorwatch-protection-admins")
            if self.level == ADMIN_LEVEL
            else Message.of("mentorwatch-protection-level", level=self.level)
        )
        until = (
            Message("mentorwatch-protection-infinite")
            if self.expiry is None
            else Message.of("mentorwatch-protection-until", until=format_timestamp(self.expiry))
        )
        cascade: Message | str = ""
        if self.cascading_from:
            cascade = Message.of("mentorwatch-protection-cascading", page=self.cascading_from)
        return Message.of(
            "mentorwatch-protection", action=self.action, who=who, until=until, cascade=cascade
        )


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

    def describe_protection(self, now: datetime) -> Message:
        """Its protections in force, or 'none'."""
        shown = [p.describe() for p in self.protection if p.in_force(now)]
        return joined(shown) if shown else Message("mentorwatch-protection-none")

    @property
    def last_edit(self) -> Message:
        """'revision 12, last edited by Admin'."""
        return Message.of(
            "mentorwatch-rules-last-edit", revision=str(self.revision), editor=editor(self.editor)
        )


def editor(name: str | None) -> Message | str:
    """A revision's author, or that it is hidden."""
    return name if name is not None else Message("mentorwatch-rules-editor-hidden")


@dataclass(frozen=True)
class RulesSource:
    """Where a plan's rules came from: the page, its revision and last editor, and why
    mentorwatch acts on it (or, with :attr:`refusal`, why it does not)."""

    page: str
    revision: int | None = None  # None: the page does not exist (no rules: both off)
    editor: str | None = None
    trust: Trust = Trust.NONE
    #: why the page is trusted (None when it is not)
    basis: Message | None = None
    #: the page exists but is not used, and why (with the fix)
    refusal: Message | None = None

    @property
    def exists(self) -> bool:
        return self.revision is not None

    def describe(self) -> Message:
        """One line for plans, run reports and the dashboard."""
        if not self.exists:
            return Message.of("mentorwatch-rules-source-none", page=self.page)
        where = {"page": self.page, "revision": str(self.revision), "editor": editor(self.editor)}
        if self.refusal is not None:
            return Message.of("mentorwatch-rules-source-refused", **where)
        basis = self.basis if self.basis is not None else ""
        return Message.of("mentorwatch-rules-source-trusted", **where, basis=basis)

    def to_json(self) -> dict[str, Any]:
        """As a snapshot records it (``basis``, ``refused``: messages, docs/snapshot.md)."""
        return {
            "page": self.page,
            "revision": self.revision,
            "editor": self.editor,
            "trust": self.trust.value,
            "basis": recorded(self.basis),
            "refused": recorded(self.refusal),
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
    refused = raw.get("refused")
    if not isinstance(page, str) or not page:
        raise RulesSourceError("page", "expected the page's title")
    if revision is not None and (isinstance(revision, bool) or not isinstance(revision, int)):
        raise RulesSourceError("revision", "expected a revision id, or null (no page)")
    if editor is not None and not isinstance(editor, str):
        raise RulesSourceError("editor", "expected a string or null")
    said = {key: _said(key, raw.get(key)) for key in ("basis", "refused")}
    try:
        trust = Trust(str(raw.get("trust")))
    except ValueError:
        allowed = ", ".join(t.value for t in Trust)
        raise RulesSourceError("trust", f"expected one of {allowed}") from None
    if trust is not Trust.NONE and refused is not None:
        raise RulesSourceError("refused", "a trusted source is not refused; use null")
    return RulesSource(page, revision, editor, trust, said["basis"], said["refused"])


def _said(key: str, value: object) -> Message | None:
    """A recorded message (``{"key", "params"}``), or words a version 2 snapshot recorded
    before them (kept as they are); ``""`` and null: none."""
    try:
        return message_or_words(value)
    except (ValueError, KeyError, TypeError):
        expected = 'expected a message {"key", "params"}, a string or null'
        raise RulesSourceError(key, expected) from None


def judge_rules_page(facts: PageInfo, now: datetime, unreadable: str | None = None) -> RulesSource:
    """Whether mentorwatch may act on this page's rules at ``now`` (see the module docstring).
    ``unreadable``: why its text is not a JSON object, said in a refusal too (a trusted page
    that cannot be read is invalid input, not a refusal)."""
    if not facts.exists:
        return RulesSource(facts.title)
    problems: list[Message] = []
    fixes: list[Message] = []
    trust, basis = Trust.NONE, None
    if facts.namespace == MEDIAWIKI_NAMESPACE:
        trust = Trust.INTERFACE
        basis = Message("mentorwatch-rules-basis-interface")
    else:
        edit, move = facts.admin_only("edit", now), facts.admin_only("move", now)
        if edit is None or move is None:
            protection = facts.describe_protection(now)
            problems.append(
                Message.of("mentorwatch-rules-problem-unprotected", protection=protection)
            )
            fixes.append(Message("mentorwatch-rules-fix-protect"))
        else:
            trust = Trust.PROTECTED
            basis = Message.of(
                "mentorwatch-rules-basis-protected", edit=edit.describe(), move=move.describe()
            )
            ends = [p.expiry for p in (edit, move) if p.expiry is not None]
            if ends:
                basis = Message.of(
                    "mentorwatch-rules-basis-expires", basis=basis, end=format_timestamp(min(ends))
                )
    if facts.content_model != JSON_MODEL:
        model = facts.content_model or Message("mentorwatch-rules-model-unknown")
        problems.append(Message.of("mentorwatch-rules-problem-model", model=model))
        fixes.append(Message("mentorwatch-rules-fix-model"))
    if not problems:
        return RulesSource(facts.title, facts.revision, facts.editor, trust, basis)
    if unreadable is not None:
        problems.append(Message.of("mentorwatch-rules-problem-unreadable", problem=unreadable))
    refusal = Message.of(
        "mentorwatch-rules-refusal",
        page=facts.title,
        last_edit=facts.last_edit,
        problems=joined(problems),
        fixes=joined(fixes, "mentorwatch-join-semicolon-and"),
    )
    return RulesSource(facts.title, facts.revision, facts.editor, Trust.NONE, None, refusal)
