"""The rules page as an administrator edits it (the web app's configuration page): what is
stored, or what a new page would start from (the legacy settings moved over, as
``config migrate``), GrowthExperiments' own cleanup beside it; saved against the revision
read."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mentorwatch.domain.config import ConfigError
from mentorwatch.domain.upstream import UpstreamRules, upstream_from_config
from mentorwatch.service.rules_page import initial_rules_document
from mentorwatch.wiki.mentorlist import MentorListBackend
from mentorwatch.wiki.rules_page import read_rules_page, upstream_config, write_rules_page


@dataclass(frozen=True)
class RulesPageState:
    title: str
    #: the page's document, or what a new page starts from (the legacy settings moved over)
    document: dict[str, Any]
    revid: int | None  # None: the page does not exist yet
    upstream: UpstreamRules | None
    #: why the old page's settings were not moved into a new rules page
    legacy_problem: str | None = None

    @property
    def exists(self) -> bool:
        return self.revid is not None


def load_rules_page(backend: MentorListBackend) -> RulesPageState:
    """The rules page as ``backend``'s user reads it (WikiError, InvalidPage as they come)."""
    raw_upstream = upstream_config(backend)
    upstream = None if raw_upstream is None else upstream_from_config(raw_upstream)
    stored = read_rules_page(backend.client, backend.rules_page)
    if stored.document is not None:
        return RulesPageState(stored.title, stored.document, stored.revid, upstream)
    try:
        initial = initial_rules_document(backend)
    except ConfigError as error:
        problem = (
            f"the settings on {backend.config_page} are not valid ({error}), so they are not moved"
        )
        return RulesPageState(stored.title, {}, None, upstream, problem)
    return RulesPageState(stored.title, initial, None, upstream)


def save_rules_page(
    backend: MentorListBackend, state: RulesPageState, document: dict[str, Any], summary: str
) -> int:
    """Save against the revision read (an edit conflict if it moved on), or create it."""
    return write_rules_page(backend.client, state.title, document, summary, base_revid=state.revid)
