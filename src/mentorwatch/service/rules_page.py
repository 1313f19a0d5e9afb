"""Where a wiki's rules come from: mentorwatch's rules page, or (deprecated) the old page.

* The rules page exists: it is the rules (mentorwatch's own key names).
* It does not, and the wiki's GrowthExperiments has no cleaner code: the settings are read from
  GrowthExperiments' configuration page under its key names, as before, with a note asking to
  move them (``mentorwatch config migrate``).
* It does not, and the wiki has the cleaner code (GrowthExperiments master): the GE keys there
  are GrowthExperiments' own cleaner's rules, never mentorwatch's, so mentorwatch's own rules are
  all off until the rules page is written. Nothing silently changes meaning.

Where the wiki has the cleaner code, its four settings come back as ``upstream``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from mentorwatch.domain.config import (
    LEGACY_KEYS,
    RULES_KEYS,
    CommunityConfig,
    legacy_keys_present,
    parse_config,
    rules_from_legacy,
)
from mentorwatch.domain.exemptions import Exemption, with_exemption
from mentorwatch.domain.outcomes import WriteAction
from mentorwatch.domain.upstream import UpstreamRules, upstream_from_config
from mentorwatch.errors import Refused
from mentorwatch.service.single_write import write_in_own_run
from mentorwatch.store.journal import Intent, Journal, RunKind
from mentorwatch.wiki.mentorlist import MentorListBackend
from mentorwatch.wiki.rules_page import (
    StoredRules,
    read_rules_page,
    upstream_config,
    write_rules_page,
)


@dataclass(frozen=True)
class Rules:
    config: CommunityConfig
    upstream: UpstreamRules | None
    #: the page the rules were read from (the rules page, the legacy page, or none)
    source: str | None
    notes: tuple[str, ...] = ()
    #: the legacy page's document, when the rules came from there
    legacy: Mapping[str, Any] | None = None


class MigrationRefused(Refused):
    """``config migrate`` would overwrite the rules page, or has nothing to move."""


def read_rules(backend: MentorListBackend) -> Rules:
    """The wiki's rules (see the module docstring). An invalid page raises ConfigError."""
    upstream_raw = upstream_config(backend)
    upstream = None if upstream_raw is None else upstream_from_config(upstream_raw)
    stored = read_rules_page(backend.client, backend.rules_page)
    if stored.document is not None:
        config = parse_config(stored.document, RULES_KEYS)
        return Rules(config, upstream, stored.title)
    title = backend.rules_page
    if upstream is not None:
        note = (
            f"no rules page ({title}): mentorwatch's own rules are off. On this wiki the "
            f"GrowthExperiments keys of {backend.config_page} are GrowthExperiments' own "
            f"cleanup ({upstream.describe()}), not mentorwatch's; write mentorwatch's rules on "
            f"{title}"
        )
        return Rules(CommunityConfig(), upstream, None, (note,))
    raw = backend.read_config()
    config = parse_config(raw, LEGACY_KEYS)
    notes: tuple[str, ...] = ()
    if legacy_keys_present(raw):
        notes = (
            f"deprecated: the rules are read from {backend.config_page} under GrowthExperiments' "
            f"key names; they belong on {title}: move them with `mentorwatch config migrate "
            f"--wiki {backend.client.api_url}`",
        )
    return Rules(config, None, backend.config_page, notes, raw)


def migrate_rules(
    backend: MentorListBackend,
    operator: str | None,
    journal: Journal,
    clock: Callable[[], datetime],
) -> tuple[dict[str, Any], int]:
    """Write the rules page from the legacy page's keys, journaled like any write (a run of
    kind ``migrate``, one ``set_config`` action: intent before, outcome after); returns
    (document, revision). Refused, with nothing journaled, as :func:`migration` says."""
    planned = migration(backend, operator)
    account = backend.client.get(action="query", meta="userinfo")["query"]["userinfo"]
    intent = Intent(
        int(account.get("id") or 0),
        str(account.get("name") or operator or ""),
        WriteAction.SET_CONFIG,
        f"config migrate: rules moved from {backend.config_page}",
        None,
        planned.document,
        planned.title,
        planned.summary,
    )
    client = backend.client
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
    )
    return planned.document, int(revision or 0)


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
    who = f" by {operator}" if operator else ""
    summary = (
        f"mentorwatch: rules moved from [[{backend.config_page}]]{who} "
        "(`mentorwatch config migrate`); the old keys there may now be deleted"
    )
    return Migration(stored.title, rules_from_legacy(raw), summary)


def add_exemption(
    backend: MentorListBackend, exemption: Exemption, summary: str
) -> tuple[StoredRules, int]:
    """Add (or replace) one mentor's exemption on the rules page; the page is created from
    the legacy settings (or empty) when it does not exist. Returns what was there before and
    the new revision. An invalid page is never rewritten (ConfigError)."""
    stored = read_rules_page(backend.client, backend.rules_page)
    if stored.document is not None:
        config = parse_config(stored.document, RULES_KEYS)
        document = dict(stored.document)
    else:
        document = initial_rules_document(backend)
        config = parse_config(document, RULES_KEYS)
    exemptions = with_exemption(config.exemptions, exemption)
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
    "Migration",
    "MigrationRefused",
    "Rules",
    "add_exemption",
    "initial_rules_document",
    "migrate_rules",
    "migration",
    "read_rules",
]
