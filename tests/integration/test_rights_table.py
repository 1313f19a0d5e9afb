"""The grants table (``domain/grants.py``) against real wikis: no API gives which rights a grant
carries, so each grant is checked here as a bot password made with exactly that grant, on
MediaWiki 1.39 + GrowthExperiments REL1_39 and 1.43 + REL1_43 + CommunityConfiguration.

The account is in the groups that hold every right mentorwatch asks for (Administrators,
Interface administrators, Bots); under a password with every grant it has all its rights, and
under a password with one grant exactly that grant's rights among them: what the table says,
cut to what the account holds (rights no default group gives, such as ``pagelang``, are not
seen; GrowthExperiments REL1_39 gives ``enrollasmentor`` by a hook).
"""

from __future__ import annotations

import itertools

import pytest

from mentorwatch.domain.grants import GRANTS
from mentorwatch.wiki.api import MediaWikiClient
from mentorwatch.wiki.rights import read_account, read_site_rights

from .growth_rigs import localwiki

_serial = itertools.count(1)
#: MediaWiki 1.39's ``basic`` grant also carries these (removed from it in later versions)
BASIC_139 = frozenset({"writeapi", "purge"})


@pytest.fixture(params=["ge139", "ge143cc"])
def rig(request: pytest.FixtureRequest) -> localwiki.LocalWiki:
    wiki: localwiki.LocalWiki = request.getfixturevalue(request.param)
    return wiki


def signed_in(rig: localwiki.LocalWiki, username: str, password: str) -> MediaWikiClient:
    client = MediaWikiClient(rig.api_url)
    client.login(username, password)
    return client


def test_a_bot_password_with_one_grant_has_exactly_the_tables_rights(
    rig: localwiki.LocalWiki,
) -> None:
    user = f"Grants{next(_serial)}"
    rig.create_users([{"name": user, "groups": ["sysop", "interface-admin", "bot"]}])
    site = read_site_rights(MediaWikiClient(rig.api_url))
    everything = ",".join(GRANTS)
    held = read_account(signed_in(rig, *rig.create_bot_password(user, "all", everything))).rights
    basic = GRANTS["basic"].rights | (BASIC_139 if rig.flavour.mediawiki == "1.39" else set())
    seen = {}
    for grant in GRANTS:
        grants = grant if grant == "basic" else f"basic,{grant}"  # as Special:BotPasswords
        username, password = rig.create_bot_password(user, f"only{grant}", grants)
        account = read_account(signed_in(rig, username, password))
        assert account.bot_password == username and "sysop" in account.groups
        seen[grant] = account.rights
        assert account.rights == (GRANTS[grant].rights | basic) & held, grant
    # the labels Special:BotPasswords shows, read from the wiki (the preflight's words): the
    # table's, but for one 1.39 calls otherwise
    expected = {name: grant.label for name, grant in GRANTS.items()}
    if rig.flavour.mediawiki == "1.39":
        expected["highvolume"] = "High-volume editing"
    assert {name: site.grant_label(name) for name in GRANTS} == expected
    # and what mentorwatch needs is really there: a grant adds rights beyond basic
    assert {"managementors", "setmentor"} <= seen["managementorship"]
    assert {"createpage", "createtalk", "edit"} <= seen["createeditmovepage"]
    assert "edit" not in seen["basic"] and "editprotected" in seen["editprotected"]
