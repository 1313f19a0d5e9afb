"""The preflight: before any write, what this account may do on this wiki, and what is missing.

From the account's real rights (``meta=userinfo``: its groups' rights, cut down to its grants
under a bot password), its groups, the wiki's groups and labels, and the rules (which features
are on), it works out each feature's needs (``domain/rights.py``) and says what is missing in
the words of Special:BotPasswords and Special:UserRights. Beside the rights: the software
(MediaWiki, GrowthExperiments and what it offers), the rules page's state, and the journal.

``mentorwatch preflight`` prints it (in the operator's language: ``cli/preflight.py``); every
``run`` (a dry run too) makes it first and refuses, before writing, each action whose feature
lacks a right (:meth:`Preflight.refusal`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from mentorwatch.domain.grants import AccountRights, Gap, SiteRights, gaps, grant_fix
from mentorwatch.domain.outcomes import WriteAction
from mentorwatch.domain.rights import (
    Feature,
    feature_of,
    feature_rights,
    features_on,
    keeps_rules,
    rules_save_rights,
)
from mentorwatch.language.render import message_text
from mentorwatch.service.rules_page_state import RulesPageState, rules_page_state
from mentorwatch.wiki.api import MediaWikiClient
from mentorwatch.wiki.errors import WikiError
from mentorwatch.wiki.mentorlist import MentorListBackend
from mentorwatch.wiki.rights import (
    page_facts,
    read_account,
    read_group_rights,
    read_site_rights,
)

#: the features a cleanup run writes with (the rules page is undo's and config migrate's)
RUN_FEATURES = (Feature.MARK_AWAY, Feature.REMOVE, Feature.MESSAGES)


@dataclass(frozen=True)
class FeatureCheck:
    feature: Feature
    #: why the rules switch it on (None: they do not)
    on: str | None
    needed: frozenset[str]
    gaps: tuple[Gap, ...] = ()
    #: the account cannot write at all (a sitewide block)
    blocked: str | None = None

    @property
    def allowed(self) -> bool:
        return not self.gaps and self.blocked is None

    def missing(self) -> str:
        """'remove and reassign: lacks managementors, setmentor: grant *Manage mentorship* ...'"""
        if self.blocked is not None:
            return f"{self.feature}: the account is {self.blocked}"
        lacking = sorted({right for gap in self.gaps for right in gap.rights})
        fixes = "; ".join(message_text(gap.fix) for gap in self.gaps)
        return f"{self.feature}: lacks {', '.join(lacking)}: {fixes}"


@dataclass(frozen=True)
class Preflight:
    wiki: str
    #: None: not signed in (a dry run without credentials): rights are not checked
    account: AccountRights | None
    software: str
    rules: RulesPageState
    features: tuple[FeatureCheck, ...]
    journal: str | None = None
    advice: tuple[str, ...] = field(default_factory=tuple)

    def check(self, feature: Feature) -> FeatureCheck:
        return next(check for check in self.features if check.feature is feature)

    def refusal(self, action: WriteAction) -> str | None:
        """Why ``action`` may not be tried (None: it may): the rights its feature lacks."""
        feature = feature_of(action)
        if feature is None:
            return None
        check = self.check(feature)
        return None if check.allowed else f"not tried: {check.missing()}"

    @property
    def gaps_on(self) -> list[FeatureCheck]:
        """The features the rules switch on whose rights are missing."""
        return [check for check in self.features if check.on is not None and not check.allowed]

    @property
    def run_gaps(self) -> list[FeatureCheck]:
        """The features a run has on whose rights are missing."""
        return [
            check
            for check in self.features
            if check.feature in RUN_FEATURES and check.on is not None and not check.allowed
        ]


def preflight(
    backend: MentorListBackend, journal: str | None = None, *, now: datetime
) -> Preflight:
    """The preflight of ``backend``'s account on its wiki at ``now`` (``journal``: the
    journal's state, as :meth:`~mentorwatch.store.journal.Journal.describe` gives it)."""
    client = backend.client
    titles = (backend.list_page, backend.rules_page)
    pages = page_facts(client, titles)
    rules = rules_page_state(backend, exists=pages[backend.rules_page].exists, now=now)
    software = f"{client.site_info().get('generator', 'MediaWiki')}; {backend.software()}"
    upstream = rules.rules.upstream if rules.rules is not None else None
    on = {
        feature: message_text(why) for feature, why in features_on(rules.config, upstream).items()
    }
    growth = backend.name == "growth"  # GrowthExperiments' API, not page edits
    needs = {
        feature: feature_rights(
            feature,
            growth=growth,
            list_page=pages[backend.list_page],
            rules_page=pages[backend.rules_page],
        )
        for feature in Feature
    }
    if client.authenticated_as is None:
        checks = tuple(FeatureCheck(f, on.get(f), needs[f]) for f in Feature)
        return Preflight(client.wiki_key, None, software, rules, checks, journal)
    account, site = read_account(client), read_site_rights(client)
    checks = tuple(_checked(f, on.get(f), needs[f], account, site) for f in Feature)
    return Preflight(
        client.wiki_key, account, software, rules, checks, journal, _advice(account, site)
    )


def _checked(
    feature: Feature,
    on: str | None,
    needed: frozenset[str],
    account: AccountRights,
    site: SiteRights,
) -> FeatureCheck:
    blocked = account.block if account.sitewide_block and needed else None
    return FeatureCheck(feature, on, needed, tuple(gaps(needed, account, site)), blocked)


def _advice(account: AccountRights, site: SiteRights) -> tuple[str, ...]:
    """Not needed, but asked by the bot policy and the API etiquette."""
    advice = []
    if "bot" not in account.rights:
        advice.append(
            "without the `bot` right its edits are not flagged as a bot's and it reads 50 "
            "users a request instead of 500: add the account to the group Bots (bot) and "
            + message_text(grant_fix("highvolume", account, site))
        )
    if account.block is not None and not account.sitewide_block:
        advice.append(f"the account is {account.block}: writes to the pages it covers fail")
    return tuple(advice)


def check_feature(backend: MentorListBackend, feature: Feature) -> FeatureCheck:
    """One feature's check for ``backend``'s account, before one write (a web save): what it
    needs on the pages as they are now, and what is missing (the wiki's labels are read only
    when something is)."""
    client = backend.client
    pages = page_facts(client, (backend.list_page, backend.rules_page))
    needed = feature_rights(
        feature,
        growth=backend.name == "growth",
        list_page=pages[backend.list_page],
        rules_page=pages[backend.rules_page],
    )
    account = read_account(client)
    if needed <= account.rights and not account.sitewide_block:
        return FeatureCheck(feature, "this save", needed)
    return _checked(feature, "this save", needed, account, read_site_rights(client))


def rules_admin(client: MediaWikiClient, groups: frozenset[str], rules_page: str) -> bool:
    """Whether a signed-in user is one of the rules page's administrators: their groups (not
    their bot password's grants) let them save it once protected (``keeps_rules``)."""
    group_rights = read_group_rights(client)
    held = frozenset().union(*(group_rights.get(group, frozenset()) for group in groups))
    return keeps_rules(held, rules_page)


def rules_save_check(
    client: MediaWikiClient,
    name: str,
    rights: frozenset[str],
    title: str,
    *,
    exists: bool,
    protect: bool = False,
    wikitext: bool = False,
) -> FeatureCheck:
    """Before a web save of the rules page: what the signed-in user's session (its rights, as
    read at sign-in: cut down to their grants) lacks, with the fix (the wiki's labels are read
    only when something is missing); ``protect``: the save protects the page too, ``wikitext``:
    it turns the page into JSON."""
    needed = rules_save_rights(title, exists=exists, protect=protect, wikitext=wikitext)
    account = AccountRights(name, rights)
    if needed <= rights:
        return FeatureCheck(Feature.RULES_PAGE, "this save", needed)
    try:
        site = read_site_rights(client)
        account = read_account(client)
    except WikiError:
        site = SiteRights()
    return _checked(Feature.RULES_PAGE, "this save", needed, account, site)
