"""The rules page as the web app edits it: what is stored (or what a new page would start
from), GrowthExperiments' own cleanup beside it, and the wiki's refusals in plain words."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mentorwatch.domain.config import ConfigError
from mentorwatch.domain.upstream import UpstreamRules, upstream_from_config
from mentorwatch.service.rules import initial_rules_document
from mentorwatch.wiki.errors import ApiError, WikiError
from mentorwatch.wiki.mentorlist import MentorListBackend
from mentorwatch.wiki.rules_page import read_rules_page, upstream_config, write_rules_page

#: the wiki's error codes for "you may not edit this page"
REFUSALS = frozenset(
    {
        "protectedpage",
        "protectednamespace",
        "protectednamespace-interface",
        "protectedinterface",
        "cascadeprotected",
        "permissiondenied",
        "sitejsonprotected",
        "sitecssprotected",
        "customjsonprotected",
        "mycustomjsonprotected",
        "cantcreate",
        "noedit",
        "noedit-anon",
        "writeapidenied",
    }
)
# not refusals of rights: a blocked user (never saved for them: that would get round the
# block) and a read-only wiki are failures, said as the wiki says them


def refused(error: WikiError) -> bool:
    """Whether the wiki refused the edit for want of rights (not a failure to retry)."""
    return isinstance(error, ApiError) and error.code in REFUSALS


def refusal_message(error: WikiError, title: str, who: str) -> str:
    """The wiki's refusal, said plainly (its own words kept after it)."""
    info = error.info if isinstance(error, ApiError) else str(error)
    return (
        f"The wiki does not let {who} edit {title} (it is protected, or needs rights "
        f"{who} does not have). Nothing was saved. The wiki said: {info}"
    )


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

    def upstream_notes(self) -> list[str]:
        """One line per GrowthExperiments rule that is on: that rule is upstream's."""
        rules = self.upstream
        if rules is None:
            return []
        notes = []
        if rules.away_enabled:
            notes.append(
                f"GrowthExperiments' own cleanup marks mentors away after {rules.away_days} "
                "days: that rule is upstream's; mentorwatch defers to it and makes no away "
                "change of its own."
            )
        if rules.remove_enabled:
            notes.append(
                f"GrowthExperiments' own cleanup removes mentors after {rules.remove_days} "
                "days: that rule is upstream's; mentorwatch defers to it and makes no removal "
                "of its own (its warnings announce upstream's date)."
            )
        return notes


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
