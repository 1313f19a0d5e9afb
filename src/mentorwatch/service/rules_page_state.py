"""The rules page's state as the preflight reports it: where the rules come from, whether the
page exists, whether mentorwatch uses it (protected, JSON: ``domain/rules_source.py``) and
reads as valid rules, and the notes :func:`~.rules_page.read_rules` gives.

Kept apart from :mod:`.rules_page` (which reads the rules for a run) so that what the
preflight says about the page can grow (its protection, content model and last editor: who
may change the rules) without touching how a run reads them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from mentorwatch.domain.config import CommunityConfig
from mentorwatch.errors import InvalidInput
from mentorwatch.language.render import message_text
from mentorwatch.service.rules_page import Rules, read_rules
from mentorwatch.wiki.errors import WikiError
from mentorwatch.wiki.mentorlist import MentorListBackend


@dataclass(frozen=True)
class RulesPageState:
    """The rules page of one wiki, for the preflight."""

    title: str
    #: the page the rules were read from (the rules page, the legacy page), None: none
    source: str | None
    exists: bool
    #: why the rules cannot be used (not trusted, invalid JSON, a bad value), None: they can
    problem: str | None = None
    notes: tuple[str, ...] = ()
    rules: Rules | None = None

    @property
    def valid(self) -> bool:
        return self.problem is None

    @property
    def config(self) -> CommunityConfig:
        """The rules in force (all off when they cannot be read)."""
        return self.rules.config if self.rules is not None else CommunityConfig()

    def describe(self) -> str:
        if self.problem is not None:
            return f"{self.title}: cannot be used: {self.problem}"
        if self.exists and self.rules is not None:
            in_use = message_text(self.rules.source.describe())
            return f"{self.title}: exists, valid, in use: {in_use}"
        if self.exists:
            return f"{self.title}: exists, valid"
        where = f"the rules are read from {self.source}" if self.source else "no rules are on"
        return f"{self.title}: does not exist ({where})"


def rules_page_state(backend: MentorListBackend, *, exists: bool, now: datetime) -> RulesPageState:
    """Read the rules as a run would at ``now``, and say what the page is (``exists``: as the
    wiki says, ``wiki/rights.py`` ``page_facts``); a page mentorwatch does not trust is a
    problem, with its refusal."""
    title = backend.rules_page
    try:
        rules = read_rules(backend, now)
    except (InvalidInput, WikiError) as error:
        return RulesPageState(title, None, exists, str(error))
    source = rules.source.page if rules.source.exists else None
    problem = None if rules.refusal is None else message_text(rules.refusal)
    return RulesPageState(title, source, exists, problem, rules.notes, rules)
