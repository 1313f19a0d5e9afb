"""The rules page on the real GrowthExperiments 1.43 wikis, with and without
CommunityConfiguration: created as JSON by the bot, read back as the rules (GrowthExperiments'
own configuration no longer matters there), exemptions written and shown in the plan.

The rigs' mentor list is shared by the session, so these tests plan (a dry run) and never apply.
"""

from __future__ import annotations

import itertools
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import growthwiki
import pytest

from mentorwatch.domain.exemptions import Exemption
from mentorwatch.domain.planner import Action
from mentorwatch.language.render import message_text, reason_text
from mentorwatch.service.cycle import Cycle, RunOptions
from mentorwatch.service.rules_page import add_exemption, read_rules
from mentorwatch.store.journal import Journal
from mentorwatch.wiki.api import MediaWikiClient
from mentorwatch.wiki.growth import GrowthBackend
from mentorwatch.wiki.rules_page import protect_rules_page, read_rules_page, write_rules_page

from .conftest import login
from .growth_rigs import localwiki

_serial = itertools.count(1)
RULES = {"MarkInactiveMentorsAway": True, "RemoveInactiveMentors": True, "RemoveAfterDays": 60}


@pytest.fixture(params=["ge143", "ge143cc"])
def rig(request: pytest.FixtureRequest) -> localwiki.LocalWiki:
    wiki: localwiki.LocalWiki = request.getfixturevalue(request.param)
    return wiki


def test_the_rules_page_is_created_read_and_exempts_on_growthexperiments_143(
    rig: localwiki.LocalWiki, tmp_path: Path
) -> None:
    serial = next(_serial)
    name = f"Rules{serial}x{random.randrange(10**6)}"
    growthwiki.create_mentor_users(rig, [{"name": name}])
    growthwiki.add_mentor(rig, name)
    client = login(rig)
    rules_page = f"Project:Rules{serial}{random.randrange(10**6)}.json"
    backend = GrowthBackend(client, rules_page=rules_page)

    write_rules_page(client, backend.rules_page, RULES, "test: rules", base_revid=None)
    info = MediaWikiClient(rig.api_url).get(action="query", prop="info", titles=backend.rules_page)
    assert info["query"]["pages"][0]["contentmodel"] == "json"
    now = datetime.now(UTC)
    unprotected = read_rules(backend, now)  # anyone could have written it: not used
    assert unprotected.refusal is not None and "is not protected" in message_text(
        unprotected.refusal
    )
    assert not unprotected.config.autoremove_enabled
    protect_rules_page(client, backend.rules_page, "test: only administrators")
    rules = read_rules(backend, now)
    assert rules.source.page == backend.rules_page and rules.source.trust == "protected"
    assert rules.upstream is None  # no cleaner on 1.43
    assert rules.config.autoremove_enabled and rules.config.autoremove_after_days == 60
    assert rules.notes == ()

    until = datetime.now(UTC).replace(microsecond=0) + timedelta(days=15)
    add_exemption(backend, Exemption(name, "test exemption", until), "test: exempt")
    stored = read_rules_page(client, backend.rules_page).document
    assert stored is not None and stored["Exemptions"][0]["mentor"] == name

    journal = Journal(f"sqlite:///{tmp_path / 'journal.db'}")
    cycle = Cycle(
        client,
        backend,
        journal,
        clock=lambda: datetime.now(UTC),
        options=RunOptions(dry_run=True),
    )
    (decision,) = [d for d in cycle.prepare().plan.decisions if d.username == name]
    assert decision.action is Action.KEEP
    assert reason_text(decision).startswith("Exempt until ") and "test exemption" in reason_text(
        decision
    )
