"""GrowthExperiments master's own cleanup, side by side with mentorwatch (master cannot run here).

The answers are built from master's source (vendor/GrowthExperiments-master.tar.gz): the
cleaner's four keys are ``ActionFactory::CONSTRUCTOR_OPTIONS``, served by
``meta=communityconfiguration`` (``MentorshipSchema``); its checks are ``secondsSince / 86400 >
N`` from the last edit (``RemoveMentorAction::check``); the cleaner's messages exist
(``master_cleaner_messages``). With upstream's removal on, mentorwatch writes no list change,
warns W days before upstream's date, and tells an away mentor whose away runs past it.
"""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

from mentorwatch.domain.planner import Action
from mentorwatch.domain.wiki_texts import human_date
from mentorwatch.language.render import reason_text

from .recorded import RULES_PAGE, FakeWiki, ok
from .test_growth_backend import NOW, ago, cycle, newer_wiki, rules_page

OWN_RULES = {
    "RemoveInactiveMentors": True,
    "RemoveAfterDays": 30,
    "WarnBeforeRemoval": True,
    "WarnDaysBeforeRemoval": 7,
}


def with_talk_pages(fake: FakeWiki) -> FakeWiki:
    templates = [
        {"ns": 10, "title": title, "missing": True}
        for title in ("Template:Bots", "Template:Nobots")
    ]
    fake.on(ok({"batchcomplete": True, "query": {"pages": templates}}), prop="redirects")
    for name in ("MentorA", "MentorC"):
        title = f"User talk:{name}"
        missing = {"ns": 3, "title": title, "missing": True}
        fake.on(ok({"batchcomplete": True, "query": {"pages": [missing]}}), titles=title)
    fake.on(ok({"edit": {"result": "Success", "newrevid": 321}}), action="edit")
    return fake


def talk_edits(fake: FakeWiki) -> dict[str, dict[str, Any]]:
    return {sent["title"]: sent for sent in fake.writes("edit")}


def test_upstream_removal_on_no_list_write_a_warning_for_upstreams_date_and_an_away_notice(
    tmp_path: Path,
) -> None:
    # upstream: away after 10 days, removal after 30 (CONFIG); MentorA inactive 25 days,
    # MentorC active but away for 60 days
    fake = with_talk_pages(newer_wiki({3: ago(25), 5: ago(1)}, cleaner_on=True))
    fake.on(rules_page(OWN_RULES), titles=RULES_PAGE)
    run = cycle(fake, tmp_path)
    prepared = run.prepare()
    assert prepared.live.snapshot.upstream is not None
    a, c = prepared.plan.decisions
    assert a.action is Action.WARN and a.warn_removal_on == NOW + timedelta(days=5)
    assert a.next_action is Action.REMOVE and a.next_action_by_upstream
    assert c.action is Action.AWAY_NOTICE and c.away_notice_removal_on == NOW + timedelta(days=29)

    report = run.execute(prepared)
    assert report.refused is None
    assert fake.writes("growthmanagementorlist") == []  # no list change at all
    edits = talk_edits(fake)
    assert human_date(NOW + timedelta(days=5)) in edits["User talk:MentorA"]["text"]
    assert "you will be removed" in edits["User talk:MentorC"]["text"]

    again = cycle(fake, tmp_path).run()  # the same away period: no second notice
    assert [o.action for o in again.outcomes] == []
    assert len(fake.writes("edit")) == 2


def test_past_upstreams_removal_mentorwatch_makes_no_change_and_says_so(tmp_path: Path) -> None:
    fake = with_talk_pages(newer_wiki({3: ago(40), 5: ago(1)}, cleaner_on=True))
    fake.on(rules_page({**OWN_RULES, "WarnBeforeRemoval": False}), titles=RULES_PAGE)
    run = cycle(fake, tmp_path)
    prepared = run.prepare()
    a = prepared.plan.decisions[0]
    assert a.action is Action.KEEP  # upstream marks away too: both actions are upstream's
    assert "GrowthExperiments' own cleanup removes them at its next run" in reason_text(a)
    assert "mentorwatch makes no change" in reason_text(a)
    run.execute(prepared)
    assert fake.writes("growthmanagementorlist") == []


def test_where_upstream_removes_later_and_does_not_mark_away_mentorwatch_marks_away(
    tmp_path: Path,
) -> None:
    # issue 21: upstream removes after 90 days, its away rule off; ours removes after 30.
    # A mentor 40 days inactive was "keep" and got newcomers for up to 60 more days.
    fake = with_talk_pages(newer_wiki({3: ago(40), 5: ago(1)}, cleaner_on=True))
    upstream = {
        "GEMentorshipEnabled": True,
        "GEMentorshipShouldBeAutoawayed": False,
        "GEMentorshipAutoawayedAfterDays": 10,
        "GEMentorshipShouldBeAutoremoved": True,
        "GEMentorshipAutoremovedAfterDays": 90,
    }
    fake.on(
        ok({"batchcomplete": True, "communityconfiguration": {"data": upstream}}),
        meta="communityconfiguration",
    )
    fake.on(rules_page({**OWN_RULES, "WarnBeforeRemoval": False}), titles=RULES_PAGE)
    run = cycle(fake, tmp_path)
    prepared = run.prepare()
    a = prepared.plan.decisions[0]
    assert a.action is Action.MARK_AWAY
    assert a.next_action is Action.REMOVE and a.next_action_by_upstream
    assert a.next_action_after == NOW + timedelta(days=50)  # upstream's date, not ours
    run.execute(prepared)
    (sent,) = fake.writes("growthmanagementorlist")
    assert (sent["geaction"], sent["username"], sent["isaway"]) == ("change", "MentorA", "1")
    assert sent["awaytimestamp"].startswith((NOW + timedelta(days=58)).strftime("%Y-%m-%d"))
    assert all(p.get("geaction") != "remove" for p in fake.writes("growthmanagementorlist"))


def test_without_a_rules_page_the_ge_keys_are_upstreams_rules_not_mentorwatchs(
    tmp_path: Path,
) -> None:
    fake = with_talk_pages(newer_wiki({3: ago(40), 5: ago(1)}, cleaner_on=True))
    prepared = cycle(fake, tmp_path).prepare()
    snapshot = prepared.live.snapshot
    assert not snapshot.config.autoremove_enabled  # mentorwatch's own rules are off
    assert snapshot.upstream is not None and snapshot.upstream.remove_enabled
    assert any("not mentorwatch's" in note for note in prepared.live.notes)
    assert json.dumps(snapshot.upstream.to_json())


def test_where_upstreams_cleanup_is_on_an_unprotected_rules_page_switches_nothing_on(
    tmp_path: Path,
) -> None:
    # whoever may create a page could write mentorwatch's rules beside GrowthExperiments' own
    # cleanup: unprotected, they are not used, and the run makes no write at all
    fake = with_talk_pages(newer_wiki({3: ago(25), 5: ago(1)}, cleaner_on=True))
    fake.on(rules_page(OWN_RULES, protected=False), titles=RULES_PAGE)
    report = cycle(fake, tmp_path).run()
    assert report.refused is not None and "is not protected" in report.refused
    assert report.plan.rules is not None and report.plan.rules.editor == "Admin"
    assert not report.plan.config.warn_enabled  # the page's warnings are not used
    assert {str(outcome.status) for outcome in report.outcomes} <= {"planned"}
    assert fake.writes("growthmanagementorlist") == [] and fake.writes("edit") == []
