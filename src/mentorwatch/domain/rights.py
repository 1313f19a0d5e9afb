"""What each of mentorwatch's features needs on a wiki: one source of truth for every place
that names rights. The preflight (``service/preflight.py``) checks an account against it, a run
refuses the actions it cannot make, the web app's sign-in page lists the grants from it, and
the README's table (:func:`rights_table`) is compared with it by a test. Which grant carries
which right, and how a missing one is asked for, is :mod:`.grants`.

What each action needs (read in GrowthExperiments' API modules, REL1_39 to master):

* ``action=growthmanagementorlist`` with ``username`` (another mentor's entry):
  ``managementors`` (``ApiManageMentorList::execute``); the list page is then saved without a
  page-rights check, so no page right is needed on the ``growth`` backend;
* ``action=growthsetmentor`` for someone else's mentee: ``setmentor`` (``ApiSetMentor``);
* a talk-page message (a new section): ``edit``, and ``createtalk`` where the page is new;
* the rules page: ``edit``; ``createpage`` and ``editcontentmodel`` to create it with the JSON
  content model; the rights its protection level names (``sysop`` is ``editprotected``);
* a page of the MediaWiki namespace (the ``jsonpage`` backend's list): ``editinterface``, and
  ``editsitejson`` for a ``.json`` page.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from mentorwatch.domain.config import CommunityConfig
from mentorwatch.domain.grants import GRANTS, grants_for
from mentorwatch.domain.message import Message
from mentorwatch.domain.outcomes import WriteAction
from mentorwatch.domain.upstream import UpstreamRules


class Feature(StrEnum):
    """What mentorwatch does on a wiki, as the rules switch it on."""

    MARK_AWAY = "mark away"
    REMOVE = "remove and reassign"
    MESSAGES = "warnings and notices"
    RULES_PAGE = "the rules page"
    REPORT = "the report"

    @property
    def slug(self) -> str:
        """Its part of the catalogue's keys (``mark-away``)."""
        return self.name.lower().replace("_", "-")

    @property
    def message(self) -> Message:
        """The feature in the reader's words (``mentorwatch-feature-*``); the value is the
        identifier the JSON outputs give."""
        return Message(f"mentorwatch-feature-{self.slug}")


#: MediaWiki's namespace of interface messages (``NS_MEDIAWIKI``)
NS_MEDIAWIKI = 8
#: what protecting the rules page at administrator level needs (``protect``, and
#: ``editprotected`` for the administrators' level): a save from the web app protects a page
#: that is not protected yet, as mentorwatch uses it only then (``domain/rules_source.py``)
PROTECT_RIGHTS = frozenset({"protect", "editprotected"})
#: protection levels named after a group, as ``$wgRestrictionLevels`` checks them (others are
#: checked as the right of that name)
LEVEL_RIGHTS = {"sysop": "editprotected", "autoconfirmed": "editsemiprotected"}


@dataclass(frozen=True)
class PageFacts:
    """What decides the rights an edit of one page needs."""

    title: str
    namespace: int = 0
    exists: bool = True
    #: the edit protection levels in force (``sysop``, ``autoconfirmed``, or a custom right)
    protection: tuple[str, ...] = ()


def page_rights(page: PageFacts, *, creates_with_content_model: bool = False) -> frozenset[str]:
    """The rights an edit of ``page`` needs (its creation too, where it does not exist)."""
    rights = {"edit"}
    if not page.exists:
        rights.add("createtalk" if page.namespace % 2 else "createpage")
        if creates_with_content_model:
            rights.add("editcontentmodel")
    if page.namespace == NS_MEDIAWIKI:
        rights.add("editinterface")
        if page.title.lower().endswith(".json"):
            rights.add("editsitejson")
    rights.update(LEVEL_RIGHTS.get(level, level) for level in page.protection if level)
    return frozenset(rights)


def namespace_of(title: str) -> int:
    """The namespace a rules or list page's title names, as far as rights go: the MediaWiki
    namespace (canonical prefix), else a content namespace such as Project."""
    return NS_MEDIAWIKI if title.lower().startswith("mediawiki:") else 4


def rules_save_rights(
    title: str, *, exists: bool, protect: bool = False, wikitext: bool = False
) -> frozenset[str]:
    """What saving the rules page needs (creating it too, with the JSON content model);
    ``protect``: and protecting it right after (it is not protected yet); ``wikitext``: and
    turning it into JSON."""
    page = PageFacts(title, namespace_of(title), exists)
    rights = page_rights(page, creates_with_content_model=True)
    if wikitext:
        rights |= {"editcontentmodel"}
    return rights | PROTECT_RIGHTS if protect else rights


def keeps_rules(held: frozenset[str], title: str) -> bool:
    """Whether ``held`` (a user's groups' rights, not cut by any grant) lets them save the
    rules page once it is protected as the README asks (edit=sysop; the MediaWiki namespace
    protects itself): who the web app treats as an administrator."""
    namespace = namespace_of(title)
    protection = () if namespace == NS_MEDIAWIKI else ("sysop",)
    return page_rights(PageFacts(title, namespace, True, protection)) <= held


#: what a talk-page message needs: a new section, on a page that may not exist yet
MESSAGE_RIGHTS = frozenset({"edit", "createtalk"})
#: GrowthExperiments' API on another mentor's entry, and on someone else's mentee
GROWTH_LIST_RIGHTS = frozenset({"managementors"})
GROWTH_REASSIGN_RIGHTS = frozenset({"setmentor"})


def feature_rights(
    feature: Feature, *, growth: bool, list_page: PageFacts, rules_page: PageFacts
) -> frozenset[str]:
    """The rights ``feature`` needs on a wiki: through GrowthExperiments' API (``growth``) or
    by editing the list page; the rules page as it stands (created if missing)."""
    if feature is Feature.MARK_AWAY:
        return GROWTH_LIST_RIGHTS if growth else page_rights(list_page)
    if feature is Feature.REMOVE:
        return GROWTH_LIST_RIGHTS | GROWTH_REASSIGN_RIGHTS if growth else page_rights(list_page)
    if feature is Feature.MESSAGES:
        return MESSAGE_RIGHTS
    if feature is Feature.RULES_PAGE:
        return page_rights(rules_page, creates_with_content_model=True)
    return frozenset()  # the report is printed and journaled: no write on the wiki


#: the feature each write belongs to (None: it writes nothing on the wiki)
FEATURE_OF: Mapping[WriteAction, Feature | None] = {
    WriteAction.MARK_AWAY: Feature.MARK_AWAY,
    WriteAction.RENEW_AWAY: Feature.MARK_AWAY,
    WriteAction.PAUSE: Feature.MARK_AWAY,
    WriteAction.RESUME: Feature.MARK_AWAY,
    WriteAction.RENEW_PAUSE: None,  # kept in the journal only
    WriteAction.REMOVE: Feature.REMOVE,
    WriteAction.REASSIGN: Feature.REMOVE,
    WriteAction.WARN: Feature.MESSAGES,
    WriteAction.NOTIFY: Feature.MESSAGES,
    WriteAction.AWAY_NOTICE: Feature.MESSAGES,
    WriteAction.NUDGE: Feature.MESSAGES,
    WriteAction.SET_CONFIG: Feature.RULES_PAGE,
    WriteAction.EXEMPT: Feature.RULES_PAGE,
}


def feature_of(action: WriteAction) -> Feature | None:
    """The feature a write (or the undo of one) belongs to."""
    undone = action.value.removeprefix("undo_")
    return FEATURE_OF.get(WriteAction(undone)) if undone != action.value else FEATURE_OF.get(action)


def features_on(config: CommunityConfig, upstream: UpstreamRules | None) -> dict[Feature, Message]:
    """The features the rules switch on, each with the setting that does (where
    GrowthExperiments' own cleanup has a rule on, mentorwatch makes no list change for it)."""
    on: list[Feature] = []
    if config.autoaway_enabled and not (upstream and upstream.away_enabled):
        on.append(Feature.MARK_AWAY)
    if config.autoremove_enabled and not (upstream and upstream.remove_enabled):
        on.append(Feature.REMOVE)
    removal = config.autoremove_enabled or bool(upstream and upstream.remove_enabled)
    if (config.warn_enabled and removal) or config.notify_enabled or config.autoremove_enabled:
        on.append(Feature.MESSAGES)
    on.extend((Feature.RULES_PAGE, Feature.REPORT))
    return {feature: Message(f"mentorwatch-feature-on-{feature.slug}") for feature in on}


#: the group that holds each right on a MediaWiki with its default groups (MediaWiki core's
#: ``GroupPermissions``, GrowthExperiments' ``extension.json``), as the README names them
DEFAULT_GROUPS: Mapping[str, str] = {
    "edit": "user",
    "createpage": "user",
    "createtalk": "user",
    "editcontentmodel": "user",
    "editprotected": "sysop",
    "protect": "sysop",
    "managementors": "sysop",
    "setmentor": "sysop",
    "editinterface": "interface-admin",
    "editsitejson": "interface-admin",
    "bot": "bot",
    "apihighlimits": "bot",
}
GROUP_NAMES = {
    "user": "Users",
    "sysop": "Administrators",
    "interface-admin": "Interface administrators",
    "bot": "Bots",
}


@dataclass(frozen=True)
class RightsRow:
    """Who needs which rights for what: one row of the README's table."""

    who: str
    what: str
    rights: frozenset[str]

    @property
    def grant_names(self) -> list[str]:
        """The grants it needs, by name (``grants_for``)."""
        return grants_for(self.rights)

    @property
    def grants(self) -> list[str]:
        """The grants it needs, as Special:BotPasswords names them in English (the README)."""
        return [GRANTS[name].label for name in self.grant_names]

    def markdown(self) -> str:
        grants = ", ".join(f"*{label}*" for label in self.grants) or "none beyond *Basic rights*"
        by_group: dict[str, list[str]] = {}
        for right in sorted(self.rights):
            by_group.setdefault(DEFAULT_GROUPS[right], []).append(f"`{right}`")
        rights = "; ".join(
            f"{', '.join(names)} ({GROUP_NAMES[group]})" for group, names in by_group.items()
        )
        return f"| {self.who} | {self.what} | {grants} | {rights or 'none'} |"


def bot_rules_page_rights(title: str) -> frozenset[str]:
    """The bot's rights on the rules page: create it (``config migrate``, the first undo) and
    edit it once protected (undo's exemptions)."""
    namespace = namespace_of(title)
    protection = () if namespace == NS_MEDIAWIKI else ("sysop",)
    return rules_save_rights(title, exists=False) | page_rights(
        PageFacts(title, namespace, True, protection)
    )


def rights_table(rules_page: str, list_page: str) -> list[RightsRow]:
    """Every account mentorwatch works with, what for, and the rights it needs."""
    listed = page_rights(PageFacts(list_page, namespace_of(list_page)))
    rules = bot_rules_page_rights(rules_page)
    return [
        RightsRow("the bot (`growth` backend)", "mark away", GROWTH_LIST_RIGHTS),
        RightsRow(
            "the bot (`growth` backend)",
            "remove and reassign",
            GROWTH_LIST_RIGHTS | GROWTH_REASSIGN_RIGHTS,
        ),
        RightsRow("the bot (`jsonpage` backend)", "mark away, remove", listed),
        RightsRow("the bot", "warnings and notices", MESSAGE_RIGHTS),
        RightsRow("the bot", "the rules page (undo's exemptions, `config migrate`)", rules),
        RightsRow(
            "the bot (recommended)",
            "bot flag, 500 users a request",
            frozenset({"bot", "apihighlimits"}),
        ),
        RightsRow(
            "administrators (web app)",
            "save the rules page (and protect it while it is not)",
            rules | PROTECT_RIGHTS if namespace_of(rules_page) != NS_MEDIAWIKI else rules,
        ),
        RightsRow("mentors (web app, `growth` backend)", "their own away", frozenset()),
        RightsRow("mentors (web app, `jsonpage` backend)", "their own away", frozenset({"edit"})),
    ]
