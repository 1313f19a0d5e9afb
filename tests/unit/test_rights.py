"""What each feature needs, how a missing right is asked for, and that the README and the
sign-in page name exactly what the preflight requires."""

from __future__ import annotations

import re
from pathlib import Path

from mentorwatch.domain.config import CommunityConfig
from mentorwatch.domain.grants import GRANTS, AccountRights, SiteRights, gaps, grants_for
from mentorwatch.domain.message import Message
from mentorwatch.domain.outcomes import WriteAction
from mentorwatch.domain.rights import (
    Feature,
    PageFacts,
    feature_of,
    features_on,
    keeps_rules,
    page_rights,
    rights_table,
    rules_save_rights,
)
from mentorwatch.domain.upstream import UpstreamRules
from mentorwatch.language.catalogue import Style, catalogue
from mentorwatch.language.render import message_text as text
from mentorwatch.settings import Settings
from mentorwatch.web.views.texts import signin_grants

ROOT = Path(__file__).parents[2]
SITE = SiteRights(
    group_rights={
        "*": frozenset({"read"}),
        "user": frozenset({"edit", "createpage", "createtalk", "editcontentmodel"}),
        "sysop": frozenset({"managementors", "setmentor", "editprotected", "edit"}),
        "bot": frozenset({"bot", "apihighlimits"}),
    },
    grant_labels={"managementorship": "Mentorat verwalten"},
    group_labels={"sysop": "Administrators"},
)


def bot(rights: set[str], groups: set[str]) -> AccountRights:
    return AccountRights(
        "Bot", frozenset(rights), frozenset({"*", "user", *groups}), bot_password="Bot@mw"
    )


def test_a_right_the_groups_hold_but_the_grants_cut_is_a_grant_to_add_in_the_wikis_words() -> None:
    (gap,) = gaps({"managementors", "setmentor"}, bot({"edit"}, {"sysop"}), SITE)
    assert gap.rights == ("managementors", "setmentor")
    assert (
        text(gap.fix)
        == "grant *Mentorat verwalten* to the bot password Bot@mw (Special:BotPasswords/mw)"
    )


def test_a_right_no_group_of_the_account_holds_names_the_group_and_the_grant() -> None:
    found = gaps({"managementors", "setmentor"}, bot(set(), set()), SITE)
    assert [text(gap.fix) for gap in found] == [
        "add the account to a group with `managementors`, `setmentor` "
        "(Special:UserRights/Bot): Administrators (sysop)",
        "make sure the bot password Bot@mw (Special:BotPasswords/mw) has *Mentorat verwalten*",
    ]


def test_one_grant_is_named_when_it_carries_every_missing_right() -> None:
    (gap,) = gaps({"edit", "createtalk"}, bot(set(), set()), SITE)
    assert text(gap.fix).startswith(
        "grant *Create, edit, and move pages* to the bot password Bot@mw"
    )
    assert grants_for({"edit"}) == ["editpage"]
    assert grants_for({"edit", "createtalk"}) == ["createeditmovepage"]


def test_what_an_edit_needs_follows_the_page() -> None:
    new_rules = PageFacts("Project:Mentorwatch/Rules.json", 4, exists=False)
    assert page_rights(new_rules, creates_with_content_model=True) == {
        "edit",
        "createpage",
        "editcontentmodel",
    }
    assert page_rights(PageFacts("User talk:Ana", 3, exists=False)) == {"edit", "createtalk"}
    assert page_rights(PageFacts("MediaWiki:GrowthMentors.json", 8)) == {
        "edit",
        "editinterface",
        "editsitejson",
    }
    protected = PageFacts("Project:Mentorwatch/Rules.json", 4, True, ("sysop",))
    assert page_rights(protected) == {"edit", "editprotected"}


def test_the_rules_switch_features_on_and_upstream_owns_its_own() -> None:
    config = CommunityConfig(autoaway_enabled=True, autoremove_enabled=True, warn_enabled=True)
    assert {Feature.MARK_AWAY, Feature.REMOVE, Feature.MESSAGES} <= set(features_on(config, None))
    upstream = UpstreamRules(away_enabled=True, remove_enabled=True)
    owned = features_on(CommunityConfig(warn_enabled=True), upstream)
    assert Feature.MARK_AWAY not in owned and Feature.REMOVE not in owned
    assert Feature.MESSAGES in owned  # warnings before upstream's removal
    assert Feature.MESSAGES not in features_on(CommunityConfig(), None)
    assert feature_of(WriteAction.REASSIGN) is Feature.REMOVE
    assert feature_of(WriteAction.UNDO_NOTIFY) is Feature.MESSAGES
    assert feature_of(WriteAction.RENEW_PAUSE) is None


def test_the_readme_table_is_the_preflights_table() -> None:
    readme = (ROOT / "README.md").read_text()
    settings = Settings()
    table = rights_table(settings.rules_page, settings.list_page)
    rows = [
        line for line in readme.splitlines() if line.startswith("| the bot") or "(web app" in line
    ]
    assert rows == [row.markdown() for row in table]
    labels = {grant.label for grant in GRANTS.values()}
    for grant in re.findall(r"\*([^*|]+)\*", "\n".join(rows)):
        assert grant in labels | {"Basic rights"}


def test_the_sign_in_page_lists_grants_enough_to_create_the_rules_page() -> None:
    rules_page = Settings().rules_page
    listed = dict(signin_grants(rules_page))
    said = next(labels for role, labels in listed.items() if role.key.endswith("-admins"))
    admins = [text(label) if isinstance(label, Message) else label for label in said]
    given = frozenset().union(*(g.rights for g in GRANTS.values() if g.label in admins))
    assert rules_save_rights(rules_page, exists=False) <= given  # the first save creates it
    protected = PageFacts(rules_page, 4, True, ("sysop",))
    assert page_rights(protected) <= given  # and saves it once protected
    assert "Edit the MediaWiki namespace and sitewide/user JSON" not in admins


def test_an_administrator_is_one_whose_groups_may_save_the_protected_rules_page() -> None:
    sysop = SITE.group_rights["sysop"] | SITE.group_rights["user"]
    assert keeps_rules(sysop, "Project:Mentorwatch/Rules.json")  # no editsitejson needed
    assert not keeps_rules(SITE.group_rights["user"], "Project:Mentorwatch/Rules.json")
    assert not keeps_rules(sysop, "MediaWiki:Mentorwatch-rules.json")
    interface = sysop | {"editinterface", "editsitejson"}
    assert keeps_rules(interface, "MediaWiki:Mentorwatch-rules.json")


def test_a_missing_grant_is_named_in_the_readers_language() -> None:
    (gap,) = gaps({"edit", "createtalk"}, bot(set(), set()), SITE)
    korean = catalogue().text(gap.fix, Style("ko"))
    assert (
        korean
        == "봇 비밀번호 Bot@mw (특수:봇비밀번호/mw)에 *문서 만들기, 편집, 이동* 권한을 부여하세요"
    )
