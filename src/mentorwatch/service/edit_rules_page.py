"""The rules page as an administrator edits it (the web app's configuration page): what is
stored (and whether mentorwatch uses it: protected, JSON, valid), or what a new page would
start from (the legacy settings moved over, as ``config migrate``), GrowthExperiments' own
cleanup beside it; saved against the revision read, and left protected.

A save leaves a page mentorwatch uses: a page that is not protected yet is protected by the
same administrator right after the save (the same run in the journal); an administrator who
may not protect saves nothing (the web page checks the rights first: ``rules_save_check``). A
wikitext page becomes JSON with the save (``contentmodel=json``: right ``editcontentmodel``).
A page that holds no valid JSON is shown as it is, and replaced by a save of the whole form.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from mentorwatch.domain.config import ConfigError
from mentorwatch.domain.message import Message
from mentorwatch.domain.outcomes import WriteAction
from mentorwatch.domain.rules_source import (
    JSON_MODEL,
    MEDIAWIKI_NAMESPACE,
    PageInfo,
    RulesSource,
    judge_rules_page,
)
from mentorwatch.domain.upstream import UpstreamRules, upstream_from_config
from mentorwatch.service.protect_rules import protect_write
from mentorwatch.service.rules_page import initial_rules_document
from mentorwatch.service.single_write import Write
from mentorwatch.service.site_words import on_wiki
from mentorwatch.service.web_writes import JournaledWrites, Person
from mentorwatch.wiki.api import MediaWikiClient
from mentorwatch.wiki.mentorlist import MentorListBackend
from mentorwatch.wiki.rules_page import read_rules_page, upstream_config, write_rules_page
from mentorwatch.wiki.users import find_user

#: the right that changes a page's content model (registered users have it)
CONTENT_MODEL_RIGHT = "editcontentmodel"


@dataclass(frozen=True)
class RulesPageState:
    title: str
    #: the page's document, or what a new page starts from (the legacy settings moved over);
    #: ``{}`` for a page without a usable JSON object (:attr:`problem`)
    document: dict[str, Any]
    revid: int | None  # None: the page does not exist yet
    upstream: UpstreamRules | None
    #: why the old page's settings were not moved into a new rules page
    legacy_problem: str | None = None
    #: whether mentorwatch uses the page at the time it was read, and why (None: no page)
    source: RulesSource | None = None
    facts: PageInfo | None = None
    #: the stored text, and why it is not usable, when it holds no JSON object
    text: str | None = None
    problem: str | None = None

    @property
    def exists(self) -> bool:
        return self.revid is not None

    @property
    def wikitext(self) -> bool:
        """The page exists with another content model than JSON (a save converts it)."""
        return self.facts is not None and self.exists and self.facts.content_model != JSON_MODEL

    def protected(self, now: datetime) -> bool:
        """Only administrators may edit and move it now."""
        facts = self.facts
        return (
            facts is not None
            and facts.admin_only("edit", now) is not None
            and facts.admin_only("move", now) is not None
        ) or (facts is not None and facts.namespace == MEDIAWIKI_NAMESPACE)


def load_rules_page(backend: MentorListBackend, now: datetime) -> RulesPageState:
    """The rules page as ``backend``'s user reads it, judged at ``now`` (WikiError as it
    comes; a page holding no JSON object is a state to show, not an error)."""
    raw_upstream = upstream_config(backend)
    upstream = None if raw_upstream is None else upstream_from_config(raw_upstream)
    stored = read_rules_page(backend.client, backend.rules_page)
    if stored.exists:
        assert stored.facts is not None
        source = judge_rules_page(stored.facts, now, stored.problem)
        return RulesPageState(
            stored.title,
            stored.document or {},
            stored.revid,
            upstream,
            source=source,
            facts=stored.facts,
            text=stored.text if stored.problem else None,
            problem=stored.problem,
        )
    try:
        initial = initial_rules_document(backend)
    except ConfigError as error:
        problem = (
            f"the settings on {backend.config_page} are not valid ({error}), so they are not moved"
        )
        return RulesPageState(stored.title, {}, None, upstream, problem, facts=stored.facts)
    return RulesPageState(stored.title, initial, None, upstream, facts=stored.facts)


def protect_reason(client: MediaWikiClient, title: str) -> str:
    """The protection's reason, in the wiki's content language."""
    return on_wiki(client, Message.of("mentorwatch-summary-protect-rules", page=title))


def save_rules_page(
    backend: MentorListBackend,
    state: RulesPageState,
    document: dict[str, Any],
    summary: str,
) -> int:
    """Save against the revision read (an edit conflict if it moved on), or create it; a
    wikitext page becomes JSON."""
    return write_rules_page(
        backend.client,
        state.title,
        document,
        summary,
        base_revid=state.revid,
        to_json=state.wikitext,
    )


def protect_page(
    writes: JournaledWrites, person: Person, backend: MentorListBackend, state: RulesPageState
) -> None:
    """Protect the existing page as ``person`` (edit and move: administrators only, infinite),
    journaled in a run of its own (the wiki's refusal raised)."""
    reason = protect_reason(backend.client, state.title)
    step = protect_write(backend.client, person, state.title, reason)
    intent = step.intent
    writes.by_user(
        WriteAction.PROTECT,
        person,
        backend,
        page=state.title,
        before=None,
        intended=intent.intended,
        summary=intent.summary or "",
        perform=step.perform,
    )


def protection_after(
    backend: MentorListBackend, state: RulesPageState, person: Person, protect: bool
) -> tuple[Write, ...]:
    """The write that protects the page after a save, when it must (it is not protected)."""
    if not protect:
        return ()
    reason = protect_reason(backend.client, state.title)
    return (protect_write(backend.client, person, state.title, reason),)


@dataclass(frozen=True)
class CheckedName:
    """An exemption's mentor as the wiki names them, or why it cannot be exempted."""

    name: str
    problem: str | None = None


def check_exempted_mentor(backend: MentorListBackend, typed: str) -> CheckedName:
    """The mentor an exemption is for, named as the wiki does (first letter, underscores): a
    user of the wiki who is on the mentor list."""
    typed = " ".join(typed.split())
    if not typed:
        return CheckedName(typed, "required: the mentor's user name.")
    user = find_user(backend.client, typed)
    if user is None:
        return CheckedName(typed, f"{typed} is not a user of this wiki; check the spelling.")
    if str(user.user_id) not in backend.read_list().entries:
        return CheckedName(
            user.name,
            f"{user.name} is not on the mentor list; only mentors can be exempted.",
        )
    return CheckedName(user.name)
