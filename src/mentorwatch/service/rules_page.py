"""Where a wiki's rules come from: mentorwatch's rules page, or (deprecated) the old page.

* The rules page exists: it is the rules (mentorwatch's own key names), **if it is trusted**
  (protected for administrators, JSON: :mod:`mentorwatch.domain.rules_source`); an untrusted
  page is refused (the rules are off and every run refuses to write, saying why), whatever it
  holds.
* It does not, and the wiki's GrowthExperiments has no cleaner code: the settings are read from
  GrowthExperiments' configuration page under its key names, as before (that page is in the
  MediaWiki namespace, which only interface administrators edit), with a note asking to move
  them (``mentorwatch config migrate``). Without settings there, both rules are off and the
  plan says the rules page is missing and how to create it.
* It does not, and the wiki has the cleaner code (GrowthExperiments master): the GE keys there
  are GrowthExperiments' own cleaner's rules, never mentorwatch's, so mentorwatch's own rules are
  all off until the rules page is written. Nothing silently changes meaning.

Where the wiki has the cleaner code, its four settings come back as ``upstream``. Every
:class:`Rules` says where they came from (:class:`~mentorwatch.domain.rules_source.RulesSource`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from mentorwatch.domain.config import (
    LEGACY_KEYS,
    RULES_KEYS,
    CommunityConfig,
    ConfigError,
    KeySet,
    legacy_keys_present,
    parse_config,
    rules_from_legacy,
)
from mentorwatch.domain.exemptions import Exemption, with_exemption
from mentorwatch.domain.message import Message
from mentorwatch.domain.outcomes import WriteAction
from mentorwatch.domain.rules_source import PROTECT_FIX, RulesSource, judge_rules_page
from mentorwatch.domain.upstream import UpstreamRules, upstream_from_config
from mentorwatch.errors import Refused
from mentorwatch.language.render import message_text
from mentorwatch.service.protect_rules import may_protect, protect_write
from mentorwatch.service.single_write import write_in_own_run
from mentorwatch.service.site_words import on_wiki
from mentorwatch.store.journal import Intent, Journal, RunKind
from mentorwatch.wiki.mentorlist import MentorListBackend
from mentorwatch.wiki.rules_page import (
    StoredRules,
    page_info,
    read_rules_page,
    upstream_config,
    write_rules_page,
)
from mentorwatch.wiki.users import describe_account


@dataclass(frozen=True)
class Rules:
    config: CommunityConfig
    upstream: UpstreamRules | None
    #: the page the rules were read from, its revision and last editor, and why they are used
    #: (or why not: ``source.refusal``)
    source: RulesSource
    notes: tuple[str, ...] = ()
    #: the legacy page's document, when the rules came from there
    legacy: Mapping[str, Any] | None = None

    @property
    def refusal(self) -> Message | None:
        """Why mentorwatch acts on none of these rules (None: it acts on them)."""
        return self.source.refusal


class MigrationRefused(Refused):
    """``config migrate`` would overwrite the rules page, or has nothing to move."""


def missing_page_note(title: str) -> str:
    """What a plan says when there is no rules page (and no legacy settings)."""
    return (
        f"no rules page: {title} does not exist, so both rules (away, removal) are off and "
        "mentorwatch changes nothing. To set them, an administrator saves them from "
        "mentorwatch's configuration page (which creates the page as JSON and protects it), "
        f"or creates {title} with the JSON content model and {PROTECT_FIX}"
    )


def read_rules(backend: MentorListBackend, now: datetime) -> Rules:
    """The wiki's rules (see the module docstring), judged at ``now`` (a protection may
    expire). A trusted page that is invalid raises ConfigError, or InvalidPage for text that is
    not a JSON object; an untrusted one is never parsed."""
    upstream_raw = upstream_config(backend)
    upstream = None if upstream_raw is None else upstream_from_config(upstream_raw)
    stored = read_rules_page(backend.client, backend.rules_page)
    if stored.exists:
        assert stored.facts is not None
        source = judge_rules_page(stored.facts, now, stored.problem)
        if source.refusal is not None:
            return Rules(CommunityConfig(), upstream, source)
        document = stored.require_document()  # the page exists: a document, or InvalidPage
        assert document is not None
        return Rules(_parsed(document, RULES_KEYS, stored.title), upstream, source)
    title = backend.rules_page
    missing = RulesSource(title)
    if upstream is not None:
        note = (
            f"no rules page ({title}): mentorwatch's own rules are off. On this wiki the "
            f"GrowthExperiments keys of {backend.config_page} are GrowthExperiments' own "
            f"cleanup ({message_text(upstream.describe())}), not mentorwatch's; write "
            "mentorwatch's rules on "
            f"{title}"
        )
        return Rules(CommunityConfig(), upstream, missing, (note,))
    # the old page is judged like the rules page, before it is read (in the MediaWiki
    # namespace, as GrowthExperiments keeps it, it is trusted by its namespace)
    source = judge_rules_page(page_info(backend.client, backend.config_page), now)
    if source.refusal is not None:
        return Rules(CommunityConfig(), None, source)
    raw = backend.read_config()
    if not legacy_keys_present(raw):
        _parsed(raw, LEGACY_KEYS, backend.config_page)  # a misspelt key there is still said
        return Rules(CommunityConfig(), None, missing, (missing_page_note(title),), raw)
    notes = (
        f"deprecated: the rules are read from {backend.config_page} under GrowthExperiments' "
        f"key names; they belong on {title}: move them with `mentorwatch config migrate "
        f"--wiki {backend.client.api_url}`",
    )
    return Rules(_parsed(raw, LEGACY_KEYS, backend.config_page), None, source, notes, raw)


def _parsed(document: Mapping[str, Any], keys: KeySet, page: str) -> CommunityConfig:
    """The page's rules; a ConfigError names the page."""
    try:
        return parse_config(document, keys)
    except ConfigError as error:
        raise error.on_page(page) from error


@dataclass(frozen=True)
class Migrated:
    """What ``config migrate`` wrote: the document, its revision, and whether the page was
    protected too (mentorwatch's account may protect pages) or still needs it."""

    document: dict[str, Any]
    revision: int
    protected: bool


def migrate_rules(
    backend: MentorListBackend,
    operator: str | None,
    journal: Journal,
    clock: Callable[[], datetime],
) -> Migrated:
    """Write the rules page from the legacy page's keys, journaled like any write (a run of
    kind ``migrate``: one ``set_config`` action, intent before, outcome after; and a ``protect``
    action where mentorwatch's account may protect pages). Refused, with nothing journaled, as
    :func:`migration` says."""
    planned = migration(backend, operator)
    account = describe_account(backend.client)
    intent = Intent(
        account.user_id,
        account.name,
        WriteAction.SET_CONFIG,
        f"config migrate: rules moved from {backend.config_page}",
        None,
        planned.document,
        planned.title,
        planned.summary,
    )
    client = backend.client
    protect = may_protect(account.rights)
    reason = on_wiki(client, Message("mentorwatch-summary-protect-migrated"))
    revision = write_in_own_run(
        journal,
        clock,
        wiki=client.wiki_key,
        backend=backend.name,
        kind=RunKind.MIGRATE,
        by=operator or intent.username,
        intent=intent,
        perform=lambda: write_rules_page(
            client, planned.title, planned.document, planned.summary, base_revid=None
        ),
        then=(protect_write(client, account, planned.title, reason),) if protect else (),
    )
    return Migrated(planned.document, int(revision or 0), protect)


@dataclass(frozen=True)
class Migration:
    """The rules page ``config migrate`` would write: where, what, with which summary."""

    title: str
    document: dict[str, Any]
    summary: str


def migration(backend: MentorListBackend, operator: str | None) -> Migration:
    """What ``config migrate`` would write. Refused when the rules page exists (never
    overwritten), when the wiki has GrowthExperiments' own cleaner (its keys are upstream's
    rules there), or when there is nothing to move."""
    stored = read_rules_page(backend.client, backend.rules_page)
    if stored.exists:
        raise MigrationRefused(
            f"{stored.title} already exists: nothing was written (edit it on the wiki, or "
            "delete it first to migrate again)"
        )
    if upstream_config(backend) is not None:
        raise MigrationRefused(
            f"this wiki's GrowthExperiments has its own cleanup: the keys on "
            f"{backend.config_page} are its rules, not mentorwatch's, so they are not moved. "
            f"Write mentorwatch's rules on {stored.title} instead"
        )
    raw = backend.read_config()
    if not legacy_keys_present(raw):
        raise MigrationRefused(f"{backend.config_page} holds none of mentorwatch's settings")
    link = f"[[{backend.config_page}]]"
    if operator:
        said = Message.of("mentorwatch-summary-migrate-by", page=link, operator=operator)
    else:
        said = Message.of("mentorwatch-summary-migrate", page=link)
    summary = on_wiki(backend.client, said)
    return Migration(stored.title, rules_from_legacy(raw), summary)


def add_exemption(
    backend: MentorListBackend, exemption: Exemption, summary: str
) -> tuple[StoredRules, int]:
    """Add (or replace) one mentor's exemption on the rules page (:func:`add_exemptions`)."""
    return add_exemptions(backend, (exemption,), summary)


def add_exemptions(
    backend: MentorListBackend, added: Sequence[Exemption], summary: str
) -> tuple[StoredRules, int]:
    """Add (or replace) mentors' exemptions on the rules page, in one edit; the page is created
    from the legacy settings (or empty) when it does not exist. Returns what was there before
    and the new revision. An invalid page is never rewritten (ConfigError, InvalidPage)."""
    stored = read_rules_page(backend.client, backend.rules_page)
    current = stored.require_document()
    if current is not None:
        config = parse_config(current, RULES_KEYS)
        document = dict(current)
    else:
        document = initial_rules_document(backend)
        config = parse_config(document, RULES_KEYS)
    exemptions = config.exemptions
    for exemption in added:
        exemptions = with_exemption(exemptions, exemption)
    document[RULES_KEYS.exemptions or "Exemptions"] = [e.to_json() for e in exemptions]
    parse_config(document, RULES_KEYS)  # never write what would not read back
    revid = write_rules_page(
        backend.client, stored.title, document, summary, base_revid=stored.revid
    )
    return stored, revid


def initial_rules_document(backend: MentorListBackend) -> dict[str, Any]:
    """A new rules page: the legacy settings moved over where the wiki has no cleaner."""
    if upstream_config(backend) is not None:
        return {}
    raw = backend.read_config()
    return rules_from_legacy(raw) if legacy_keys_present(raw) else {}


__all__ = [
    "Migrated",
    "Migration",
    "MigrationRefused",
    "Rules",
    "add_exemption",
    "add_exemptions",
    "initial_rules_document",
    "migrate_rules",
    "migration",
    "missing_page_note",
    "read_rules",
]
