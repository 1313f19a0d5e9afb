"""Smoke tests of the GrowthExperiments wikis: what a bot and its users meet on each version.

Every rig is shared by the whole session, so each test works with users of its own.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

import growthwiki
import pytest

from .growth_rigs import localwiki

RIGS = ["ge139", "ge143", "ge143cc"]
_counter = itertools.count(1)


@pytest.fixture(params=RIGS)
def rig(request: pytest.FixtureRequest) -> localwiki.LocalWiki:
    wiki: localwiki.LocalWiki = request.getfixturevalue(request.param)
    return wiki


def mentors(wiki: localwiki.LocalWiki, count: int, **user: Any) -> list[str]:
    """``count`` fresh users who can log in as themselves."""
    serial = next(_counter)
    names = [f"Mentor{serial}{letter}" for letter in "ABCDEFGH"[:count]]
    growthwiki.create_mentor_users(wiki, [{"name": name, **user} for name in names])
    return names


def available_modules(wiki: localwiki.LocalWiki, paths: Iterable[str]) -> dict[str, list[str]]:
    """The modules among ``paths`` that the wiki has, with their parameter names."""
    result = growthwiki.Api(wiki).get(action="paraminfo", modules="|".join(paths))
    return {
        module["path"]: [parameter["name"] for parameter in module["parameters"]]
        for module in result["paraminfo"]["modules"]
    }


def test_each_version_offers_its_own_mentorship_modules(rig: localwiki.LocalWiki) -> None:
    modules = available_modules(
        rig,
        [
            "growthmanagementorlist",
            "growthsetmentor",
            "growthsetmentorstatus",
            "query+growthmentorlist",
            "query+growthmentormentee",
            "query+growthmentorstatus",
            "query+communityconfiguration",
        ],
    )
    common = {
        "growthmanagementorlist",
        "growthsetmentor",
        "query+growthmentormentee",
        "query+growthmentorstatus",
    }
    assert common <= modules.keys()
    manage = modules["growthmanagementorlist"]
    if rig.flavour.growth_branch == "REL1_39":
        assert "growthsetmentorstatus" in modules  # a mentor's own away
        assert "query+growthmentorlist" not in modules  # the list is read raw
        assert "autoassigned" in manage
        assert "isaway" not in manage
    else:
        assert "growthsetmentorstatus" not in modules  # gone since REL1_41
        assert "query+growthmentorlist" in modules
        assert {"isaway", "awaytimestamp"} <= set(manage)
        assert "autoassigned" not in manage  # weight 0 means "not auto-assigned"
    assert ("query+communityconfiguration" in modules) == rig.flavour.community_configuration


def test_the_bot_adds_two_mentors_and_reads_the_list_back(rig: localwiki.LocalWiki) -> None:
    first, second = mentors(rig, 2)

    added = growthwiki.add_mentor(rig, first, message="Ask me about sources", weight=2)
    growthwiki.add_mentor(rig, second, weight=1)

    assert added["message"] == "Ask me about sources"
    listed = growthwiki.mentor_list(rig)
    assert listed[first]["message"] == "Ask me about sources"
    assert listed[first]["weight"] == 2
    assert listed[second]["message"] is None
    assert listed[second]["weight"] == 1


def test_a_mentor_marks_themselves_away_and_sees_it(rig: localwiki.LocalWiki) -> None:
    away, staying = mentors(rig, 2)
    for name in (away, staying):
        growthwiki.add_mentor(rig, name)
    back = datetime.now(UTC) + timedelta(days=10)

    answer = growthwiki.set_own_away(rig, away, back)

    assert growthwiki.mentor_status(rig, away) == "away"
    assert growthwiki.mentor_status(rig, staying) == "active"
    if rig.flavour.growth_branch == "REL1_39":
        assert answer["backintimestamp"]["raw"][:8] == back.strftime("%Y%m%d")
    else:
        assert answer["mentor"]["awayTimestamp"] == back.strftime("%Y%m%d%H%M%S")


def test_a_newcomer_gets_a_mentor_from_the_list_at_signup(rig: localwiki.LocalWiki) -> None:
    (mentor,) = mentors(rig, 1)
    growthwiki.add_mentor(rig, mentor)
    growthwiki.set_own_away(rig, mentor, datetime.now(UTC) + timedelta(days=5))
    newcomer = f"Newcomer{next(_counter)}"

    growthwiki.create_newcomer(rig, newcomer)

    # assigned in the signup request itself (LocalUserCreated), no job needed; drawn among the
    # auto-assigned mentors of the whole session's list, away ones included
    assigned = growthwiki.mentor_of(rig, newcomer)
    assert assigned is not None, "GrowthExperiments gave the newcomer no mentor"
    listed = growthwiki.mentor_list(rig)[assigned]
    assert listed["weight"] > 0
    assert listed.get("automaticallyAssigned", True)


def test_the_bot_moves_a_mentee_to_another_mentor(rig: localwiki.LocalWiki) -> None:
    first, second = mentors(rig, 2)
    for name in (first, second):
        growthwiki.add_mentor(rig, name)
    newcomer = f"Newcomer{next(_counter)}"
    growthwiki.create_newcomer(rig, newcomer)
    if growthwiki.mentor_of(rig, newcomer, [first]) != first:  # the signup drew someone else
        growthwiki.set_mentor(rig, newcomer, first)

    moved = growthwiki.set_mentor(rig, newcomer, second, reason="first mentor inactive")

    assert (moved["oldMentor"], moved["newMentor"]) == (first, second)
    assert growthwiki.mentees_of(rig, second) == [newcomer]
    assert newcomer not in growthwiki.mentees_of(rig, first)


def test_backdated_users_and_edits_show_in_the_api(rig: localwiki.LocalWiki) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    name = f"Veteran{next(_counter)}"
    rig.create_users([{"name": name, "registered": now - timedelta(days=400)}])

    rig.import_edits(
        [{"user": name, "title": f"{name} sandbox", "timestamp": now - timedelta(days=40)}]
    )

    api = growthwiki.Api(rig)
    users = api.get(action="query", list="users", ususers=name, usprop="registration|editcount")
    user = users["query"]["users"][0]
    assert user["registration"] == (now - timedelta(days=400)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert user["editcount"] == 1
    contribs = api.get(action="query", list="usercontribs", ucuser=name)["query"]["usercontribs"]
    assert contribs[0]["timestamp"] == (now - timedelta(days=40)).strftime("%Y-%m-%dT%H:%M:%SZ")


def test_community_configuration_has_mentorship_enabled(ge143cc: localwiki.LocalWiki) -> None:
    api = growthwiki.Api(ge143cc)

    result = api.get(action="query", meta="communityconfiguration", ccrprovider="Mentorship")

    assert result["communityconfiguration"]["data"]["GEMentorshipEnabled"] is True
