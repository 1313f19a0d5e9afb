"""Contract tests of the ``growth`` backend on exchanges recorded from a real GrowthExperiments.

REL1_39 (MediaWiki 1.39 LTS) is what was recorded; newer versions' shapes (reference §5) are
built from the reference where no recording exists.
"""

from __future__ import annotations

import json
import random
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from mentorwatch.domain.safety import SafetyLimits
from mentorwatch.domain.timeutil import format_timestamp
from mentorwatch.service.cycle import Cycle, RunOptions
from mentorwatch.service.undo import Undo
from mentorwatch.store.journal import Intent, Journal
from mentorwatch.wiki.errors import WikiError
from mentorwatch.wiki.growth import GrowthBackend
from mentorwatch.wiki.mentorlist import Written, away_until_of

from .recorded import RULES_PAGE, FakeWiki, client_for, core_wiki, ok, recorded

NOW = datetime(2026, 11, 25, 12, 0, 0, tzinfo=UTC)
USERS = {
    1: "Admin",
    3: "MentorA",
    4: "MentorB",
    5: "MentorC",
    6: "MentorD",
    7: "MenteeX",
    8: "MenteeY",
    9: "MenteeZ",
}
CONFIG = {
    "GEMentorshipShouldBeAutoawayed": True,
    "GEMentorshipAutoawayedAfterDays": 10,
    "GEMentorshipShouldBeAutoremoved": True,
    "GEMentorshipAutoremovedAfterDays": 30,
}


def ago(days: float) -> str:
    return format_timestamp(NOW - timedelta(days=days))


def page(title: str, content: Any) -> tuple[int, Any]:
    """A core prop=revisions answer for a JSON page."""
    text = content if isinstance(content, str) else json.dumps(content, indent="\t")
    return ok(
        {
            "batchcomplete": True,
            "query": {
                "pages": [
                    {
                        "pageid": 99,
                        "ns": 8,
                        "title": title,
                        "revisions": [
                            {
                                "revid": 50,
                                "parentid": 49,
                                "timestamp": "2026-11-20T00:00:00Z",
                                "slots": {
                                    "main": {
                                        "contentmodel": "json",
                                        "contentformat": "application/json",
                                        "content": text,
                                    }
                                },
                            }
                        ],
                    }
                ]
            },
        }
    )


def rules_page(document: dict[str, Any], *, protected: bool = True) -> tuple[int, Any]:
    """mentorwatch's rules page holding ``document``: in the Project namespace, JSON, last
    edited by an administrator and protected (edit and move: administrators only) unless
    told otherwise."""
    status, body = page(RULES_PAGE, document)
    (found,) = body["query"]["pages"]
    found["ns"] = 4
    found["contentmodel"] = "json"
    found["revisions"][0]["user"] = "Admin"
    levels = ("edit", "move") if protected else ()
    found["protection"] = [{"type": t, "level": "sysop", "expiry": "infinity"} for t in levels]
    return status, body


def rel139_wiki(last_edits: dict[int, str | None], config: dict[str, Any] = CONFIG) -> FakeWiki:
    fake = core_wiki(USERS, last_edits)
    fake.on(recorded("03i-paraminfo-mentorship-modules"), action="paraminfo")
    fake.on(recorded("03b-query-revisions-mentorlist"), titles="MediaWiki:GrowthMentors.json")
    fake.on(
        page("MediaWiki:GrowthExperimentsMentorship.json", config),
        titles="MediaWiki:GrowthExperimentsMentorship.json",
    )
    return fake


def cycle(fake: FakeWiki, tmp_path: Path, **options: Any) -> Cycle:
    client = client_for(fake)
    client.login("Admin@mentorwatch", "x" * 32)
    # the recorded list is 3 mentors: the minimum pool (issue 25, tests/unit/test_pool.py)
    # would refuse every change, which is not these tests' subject
    options["safety"] = replace(options.get("safety", SafetyLimits()), allow_small_pool=True)
    return Cycle(
        client,
        GrowthBackend(client, clock=lambda: NOW),
        Journal(f"sqlite:///{tmp_path / 'journal.db'}"),
        clock=lambda: NOW,
        options=RunOptions(**options),
        rng=random.Random(7),
    )


# --- REL1_39: detection, pause, removal with reassignment ------------------------------------


def test_rel139_is_detected_as_unable_to_mark_away(tmp_path: Path) -> None:
    backend = GrowthBackend(client_for(rel139_wiki({})))
    capabilities = backend.capabilities()
    assert not capabilities.can_mark_away
    assert not capabilities.upstream_cleaner
    assert "paused" in capabilities.notes[0]


def test_rel139_list_without_usernames_is_read_with_names_from_the_wiki(tmp_path: Path) -> None:
    fake = rel139_wiki({3: ago(1), 4: ago(1), 5: ago(1), 6: ago(1)})
    live = cycle(fake, tmp_path).snapshot()
    assert [(m.user_id, m.username, m.weight) for m in live.snapshot.mentors] == [
        (3, "MentorA", 2),
        (4, "MentorB", 4),
        (5, "MentorC", 1),
        (6, "MentorD", 2),
    ]


def test_rel139_pauses_instead_of_away_sending_every_field(tmp_path: Path) -> None:
    fake = rel139_wiki({3: ago(1), 4: ago(12), 5: ago(1), 6: ago(2)})
    fake.on(recorded("04c-change-MentorD-autoassigned-omitted"), action="growthmanagementorlist")
    run = cycle(fake, tmp_path)
    report = run.run()
    (outcome,) = report.outcomes
    assert (outcome.username, outcome.action, outcome.status) == ("MentorB", "pause", "done")
    (sent,) = fake.writes("growthmanagementorlist")
    assert sent["geaction"] == "change" and sent["username"] == "MentorB"
    assert sent["weight"] == "4" and sent["message"] == "MentorB here."
    assert "autoassigned" not in sent  # absent = manual only: the pause itself
    assert "isaway" not in sent  # REL1_39 would ignore it with a mere warning (04b)
    assert sent["summary"].startswith(
        "Pausing automatic assignment to mentor MentorB, inactive for 12 days; weight 0 "
        "meanwhile (not their choice): restored to 4 when they edit [mentorwatch "
    )
    assert run.journal.memory.pauses(run.wiki)[4].previous_weight == 4


def test_rel139_resumes_a_paused_mentor_with_autoassigned_and_the_old_weight(
    tmp_path: Path,
) -> None:
    fake = rel139_wiki({3: ago(1), 4: ago(1), 5: ago(1), 6: ago(2)})
    paused_list = json.loads(json.dumps(recorded("03b-query-revisions-mentorlist")[1]))
    slot = paused_list["query"]["pages"][0]["revisions"][0]["slots"]["main"]
    document = json.loads(slot["content"])
    document["Mentors"]["4"]["automaticallyAssigned"] = False
    slot["content"] = json.dumps(document, indent="\t")
    fake.on(ok(paused_list), titles="MediaWiki:GrowthMentors.json")
    fake.on(recorded("06z4-restore-MentorD-autoassigned"), action="growthmanagementorlist")
    run = cycle(fake, tmp_path)
    from mentorwatch.domain.mentors import Pause

    run.journal.memory.set_pause(run.wiki, 4, Pause(4, NOW + timedelta(days=20)), NOW)
    report = run.run()
    (outcome,) = report.outcomes
    assert (outcome.action, outcome.status) == ("resume", "done")
    (sent,) = fake.writes("growthmanagementorlist")
    assert sent["autoassigned"] == "1" and sent["weight"] == "4"
    assert run.journal.memory.pauses(run.wiki) == {}


def test_rel139_removal_reassigns_every_mentee_to_an_available_mentor(tmp_path: Path) -> None:
    fake = rel139_wiki({3: ago(40), 4: ago(12), 5: ago(1), 6: ago(2)})
    fake.on(recorded("05i1-mentees-MentorA"), list="growthmentormentee", gemmmentor="MentorA")
    fake.on(recorded("04c-change-MentorD-autoassigned-omitted"), geaction="change")
    fake.on(recorded("05l-remove-MentorA"), geaction="remove")
    fake.on(recorded("05v-setmentor-MenteeY-MentorB"), action="growthsetmentor")
    report = cycle(fake, tmp_path).run()
    by_action = {(o.action, o.username): o for o in report.outcomes}
    assert by_action[("remove", "MentorA")].status == "done"
    (removal,) = [p for p in fake.writes("growthmanagementorlist") if p["geaction"] == "remove"]
    assert removal["geaction"] == "remove" and removal["username"] == "MentorA"
    assert removal["summary"].startswith(
        "Removing mentor MentorA, inactive for 40 days [mentorwatch "
    )
    reassigned = fake.writes("growthsetmentor")
    assert sorted(p["mentee"] for p in reassigned) == ["MenteeX", "MenteeY", "MenteeZ"]
    # never to the removed mentor, nor to MentorB who is paused in this same run
    assert {p["mentor"] for p in reassigned} <= {"MentorC", "MentorD"}
    assert all(o.status == "done" for o in report.outcomes)


def test_mentees_of_a_removed_mentor_with_nobody_available_are_reported(tmp_path: Path) -> None:
    fake = rel139_wiki({3: ago(40), 4: ago(40), 5: ago(40), 6: ago(40)})
    fake.on(recorded("05i1-mentees-MentorA"), list="growthmentormentee")
    fake.on(recorded("05l-remove-MentorA"), geaction="remove")
    # everyone inactive is refused by default (the data looks broken); here it is the point
    report = cycle(fake, tmp_path, safety=SafetyLimits(allow_all_inactive=True)).run()
    unplaced = [o for o in report.outcomes if o.action == "reassign"]
    assert len(unplaced) == 12 and all(o.status == "failed" for o in unplaced)
    assert "no available mentor" in unplaced[0].detail
    assert fake.writes("growthsetmentor") == []


def test_already_the_mentor_answer_counts_as_done(tmp_path: Path) -> None:
    fake = rel139_wiki({3: ago(40), 4: ago(1), 5: ago(1), 6: ago(1)})
    fake.on(recorded("05i1-mentees-MentorA"), list="growthmentormentee")
    fake.on(recorded("05l-remove-MentorA"), geaction="remove")
    fake.on(recorded("05d-setmentor-MenteeX-MentorA-again"), action="growthsetmentor")
    report = cycle(fake, tmp_path).run()
    assert all(o.status == "done" for o in report.outcomes)


def test_remove_of_a_mentor_no_longer_listed_is_skipped(tmp_path: Path) -> None:
    fake = rel139_wiki({3: ago(40), 4: ago(1), 5: ago(1), 6: ago(1)})
    fake.on(recorded("06u-mentormentee-unknown-user"), list="growthmentormentee")
    fake.on(recorded("06q-remove-not-in-list"), geaction="remove")
    (outcome,) = cycle(fake, tmp_path).run().outcomes
    assert outcome.status == "skipped"
    assert "no longer in the mentor list" in outcome.detail


def test_a_permission_error_fails_that_mentor_only(tmp_path: Path) -> None:
    fake = rel139_wiki({3: ago(40), 4: ago(12), 5: ago(1), 6: ago(1)})
    fake.on(recorded("06u-mentormentee-unknown-user"), list="growthmentormentee")
    fake.on(recorded("06h-noright-remove-other"), geaction="remove")
    fake.on(recorded("04c-change-MentorD-autoassigned-omitted"), geaction="change")
    run = cycle(fake, tmp_path)
    report = run.run()
    statuses = {o.username: o.status for o in report.outcomes}
    assert statuses == {"MentorA": "failed", "MentorB": "done"}
    assert "permission to manage the list of mentors" in report.failures[0].detail
    journaled = {a.username: a.status for a in run.journal.actions.find(report.run_id)}
    assert journaled == {"MentorA": "failed", "MentorB": "done"}


def test_a_stale_token_is_refetched_once(tmp_path: Path) -> None:
    fake = rel139_wiki({3: ago(1), 4: ago(12), 5: ago(1), 6: ago(1)})
    fake.on(recorded("04c-change-MentorD-autoassigned-omitted"), action="growthmanagementorlist")
    fake.on(recorded("06b-manage-bad-token"), times=1, action="growthmanagementorlist")
    (outcome,) = cycle(fake, tmp_path).run().outcomes
    assert outcome.status == "done"
    assert len(fake.writes("growthmanagementorlist")) == 2
    tokens = [p for _, p in fake.requests if p.get("type") == "csrf"]
    assert len(tokens) == 2


def test_an_entry_changed_since_the_snapshot_is_not_written(tmp_path: Path) -> None:
    fake = rel139_wiki({3: ago(1), 4: ago(12), 5: ago(1), 6: ago(1)})
    original = recorded("03b-query-revisions-mentorlist")
    changed = json.loads(json.dumps(original[1]))
    slot = changed["query"]["pages"][0]["revisions"][0]["slots"]["main"]
    slot["content"] = slot["content"].replace("MentorB here.", "Back next week!")
    fake.on(ok(changed), titles="MediaWiki:GrowthMentors.json")
    fake.on(original, times=1, titles="MediaWiki:GrowthMentors.json")  # the snapshot's read
    (outcome,) = cycle(fake, tmp_path).run().outcomes
    assert outcome.status == "skipped" and "changed since it was read" in outcome.detail
    assert fake.writes("growthmanagementorlist") == []


# --- newer GrowthExperiments (reference §5): away through the API, upstream cleaner ----------


def newer_paraminfo() -> tuple[int, Any]:
    def param(name: str, kind: Any, **extra: Any) -> dict[str, Any]:
        return {"name": name, "type": kind, "required": False, "multi": False, **extra}

    manage = {
        "name": "growthmanagementorlist",
        "parameters": [
            param("geaction", ["add", "change", "remove"], required=True),
            param("message", "string"),
            param("weight", ["0", "1", "2", "4"]),
            param("isaway", "boolean"),
            param("awaytimestamp", "timestamp"),
            param("summary", "string"),
            param("username", "user"),
        ],
    }
    modules = [
        manage,
        {"name": "growthsetmentor", "parameters": []},
        {"name": "growthmentorlist", "parameters": []},
        {"name": "growthmentormentee", "parameters": []},
        {"name": "communityconfiguration", "parameters": []},
    ]
    return ok({"paraminfo": {"helpformat": "none", "modules": modules}})


def newer_wiki(last_edits: dict[int, str | None], cleaner_on: bool = False) -> FakeWiki:
    fake = core_wiki(USERS, last_edits)
    fake.on(newer_paraminfo(), action="paraminfo")
    listed = {
        "3": {"message": "Hello", "weight": 2, "username": "MentorA"},
        "5": {
            "message": None,
            "weight": 1,
            "username": "MentorC",
            "awayTimestamp": format_timestamp(NOW + timedelta(days=60)),
        },
    }
    fake.on(ok({"batchcomplete": True, "growthmentorlist": listed}), list="growthmentorlist")
    data = {"GEMentorshipEnabled": True, **CONFIG}
    if cleaner_on:
        data["GEMentorshipShouldBeAutoremoved"] = True
    else:
        data.update(GEMentorshipShouldBeAutoawayed=False, GEMentorshipShouldBeAutoremoved=False)
    fake.on(
        ok({"batchcomplete": True, "communityconfiguration": {"data": data, "version": "1.0.0"}}),
        meta="communityconfiguration",
    )
    answer = ok(
        {
            "growthmanagementorlist": {
                "status": "ok",
                "mentor": {
                    "message": "Hello",
                    "weight": 2,
                    "awayTimestamp": "20261230000000",
                    "automaticallyAssigned": True,
                },
            }
        }
    )
    fake.on(answer, action="growthmanagementorlist")
    fake.on(master_cleaner_messages(), meta="allmessages")
    return fake


def master_cleaner_messages() -> tuple[int, Any]:
    """``meta=allmessages`` for the cleaner's edit summaries on a master wiki: the texts are
    GrowthExperiments master's ``i18n/mentorship/en.json`` (commit f34777fe, 2026-08-21), in
    MediaWiki's formatversion=2 shape (as observed on the REL1_43 rig for other messages)."""
    texts = {
        "growthexperiments-mentor-list-cleaner-mark-mentor-as-away-action": (
            "Marking mentor $1 as away, inactive for $2 days"
        ),
        "growthexperiments-mentor-list-cleaner-remove-mentor-action": (
            "Removing mentor $1, inactive for $2 days"
        ),
    }
    listed = [{"name": k, "normalizedname": k, "content": v} for k, v in texts.items()]
    return ok({"batchcomplete": True, "query": {"allmessages": listed}})


def rel143_cleaner_messages() -> tuple[int, Any]:
    """The same on REL1_43 (observed on the ge143cc rig): the messages do not exist."""
    listed = [
        {"name": k, "normalizedname": k, "missing": True}
        for k in (
            "growthexperiments-mentor-list-cleaner-mark-mentor-as-away-action",
            "growthexperiments-mentor-list-cleaner-remove-mentor-action",
        )
    ]
    return ok({"batchcomplete": True, "query": {"allmessages": listed}})


def test_master_is_detected_as_having_the_upstream_cleaner() -> None:
    # master: CommunityConfiguration fills the Mentorship data with its schema's defaults
    # (DataProvider::enhanceConfigPreValidation; MentorshipSchema has the cleaner's keys, default
    # false), and GrowthExperiments ships the cleaner's messages
    fake = newer_wiki({})
    defaults = {
        "GEMentorshipEnabled": False,
        "GEMentorshipAutomaticEligibility": True,
        "GEMentorshipMinimumAge": 90,
        "GEMentorshipMinimumEditcount": 500,
        "GEMentorshipShouldBeAutoawayed": False,
        "GEMentorshipAutoawayedAfterDays": 10,
        "GEMentorshipShouldBeAutoremoved": False,
        "GEMentorshipAutoremovedAfterDays": 90,
    }  # from master's CommunityConfigurationFallbacks/Mentorship.php
    fake.on(
        ok({"batchcomplete": True, "communityconfiguration": {"data": defaults}}),
        meta="communityconfiguration",
    )
    assert GrowthBackend(client_for(fake), clock=lambda: NOW).capabilities().upstream_cleaner


def test_rel143_with_the_cleaner_keys_in_its_configuration_is_not_a_cleaner() -> None:
    # ge-1.43-api/02a: REL1_43 + CommunityConfiguration returns keys its schema does not know
    # when the page holds them; it has no cleaner (ge-versions §1)
    fake = newer_wiki({}, cleaner_on=True)
    fake.on(rel143_cleaner_messages(), meta="allmessages")
    assert not GrowthBackend(client_for(fake), clock=lambda: NOW).capabilities().upstream_cleaner


def test_master_reads_away_from_the_list_itself() -> None:
    # master's list=growthmentorlist carries awayTimestamp (CommunityStructuredMentorWriter::
    # serializeMentor, ISO 8601, only when away): no Special:ManageMentors request is made
    # (the fake has no route for action=parse and would fail the test)
    backend = GrowthBackend(client_for(newer_wiki({})), clock=lambda: NOW)
    entries = backend.read_list().entries
    assert away_until_of(entries["5"]) == NOW + timedelta(days=60)
    assert away_until_of(entries["3"]) is None
    assert backend.capabilities().away_readable


def test_marking_away_never_shortens_a_longer_self_set_away() -> None:
    backend = GrowthBackend(client_for(newer_wiki({})), clock=lambda: NOW)
    entry = backend.read_list().entries["5"]  # away for 60 days, by their own choice
    backend.set_away(5, "MentorC", entry, NOW + timedelta(days=30), "Marking mentor MentorC")
    sent = backend.client.session.get_adapter("http://").writes("growthmanagementorlist")[0]
    assert sent["awaytimestamp"] == format_timestamp(NOW + timedelta(days=60))


def test_newer_growthexperiments_marks_away_through_the_api(tmp_path: Path) -> None:
    fake = newer_wiki({3: ago(12), 5: ago(1)})
    # upstream's cleaner rules are off; mentorwatch's own away rule is on its rules page
    fake.on(rules_page({"MarkInactiveMentorsAway": True, "AwayAfterDays": 10}), titles=RULES_PAGE)
    run = cycle(fake, tmp_path)
    (outcome,) = run.run().outcomes
    assert (outcome.username, outcome.action, outcome.status) == ("MentorA", "mark_away", "done")
    (sent,) = fake.writes("growthmanagementorlist")
    assert sent["isaway"] == "1" and sent["awaytimestamp"] == format_timestamp(
        NOW + timedelta(days=30)
    )
    assert sent["weight"] == "2" and sent["message"] == "Hello" and "autoassigned" not in sent


def test_newer_growthexperiments_keeps_a_self_set_away_when_changing_weight(tmp_path: Path) -> None:
    backend = GrowthBackend(client_for(newer_wiki({})), clock=lambda: NOW)
    entry = backend.read_list().entries["5"]
    backend.set_weight(5, "MentorC", entry, 0, "test")
    sent = backend.client.session.get_adapter("http://").writes("growthmanagementorlist")[0]
    assert sent["isaway"] == "1"
    assert sent["awaytimestamp"] == format_timestamp(NOW + timedelta(days=60))
    assert sent["weight"] == "0"


def test_a_parameter_the_wiki_ignores_is_a_failure_not_a_silent_success(tmp_path: Path) -> None:
    fake = newer_wiki({3: ago(12), 5: ago(1)})
    fake.on(rules_page({"MarkInactiveMentorsAway": True}), titles=RULES_PAGE)
    fake.on(recorded("04b-change-MentorA-with-isaway"), action="growthmanagementorlist")
    (outcome,) = cycle(fake, tmp_path).run().outcomes
    assert outcome.status == "failed"
    assert "Unrecognized parameters: isaway, awaytimestamp" in outcome.detail


@pytest.mark.parametrize("step", ["06g-noright-change-other", "06t-setmentor-unknown-mentor"])
def test_recorded_errors_become_typed_errors_with_code_and_info(step: str) -> None:
    from mentorwatch.wiki.errors import ApiError

    status, body = recorded(step)
    action = "growthsetmentor" if "setmentor" in step else "growthmanagementorlist"
    client = client_for(core_wiki(USERS).on((status, body), action=action))
    with pytest.raises(ApiError) as caught:
        client.post_with_token(action=action)
    assert caught.value.code == body["error"]["code"]
    assert caught.value.info == body["error"]["info"]


class Crash(BaseException):
    """Stands for the process being killed."""


def test_mentees_left_behind_by_a_crash_are_reassigned_by_the_next_run(tmp_path: Path) -> None:
    fake = rel139_wiki({3: ago(40), 4: ago(1), 5: ago(1), 6: ago(2)})
    fake.on(recorded("05i1-mentees-MentorA"), list="growthmentormentee", gemmmentor="MentorA")
    fake.on(recorded("05l-remove-MentorA"), geaction="remove")
    fake.on(recorded("05v-setmentor-MenteeY-MentorB"), action="growthsetmentor")
    crashing = cycle(fake, tmp_path)

    class DiesAfterRemoving(GrowthBackend):
        def remove(self, *args: Any, **kwargs: Any) -> Written:
            super().remove(*args, **kwargs)
            raise Crash

    crashing.backend = DiesAfterRemoving(crashing.client, clock=lambda: NOW)
    with pytest.raises(Crash):
        crashing.run()
    assert fake.writes("growthsetmentor") == []

    # the wiki now lists A no more, but A's mentees still point to A (API removal, §6.6)
    without_a = json.loads(json.dumps(recorded("03b-query-revisions-mentorlist")[1]))
    slot = without_a["query"]["pages"][0]["revisions"][0]["slots"]["main"]
    document = json.loads(slot["content"])
    del document["Mentors"]["3"]
    slot["content"] = json.dumps(document, indent="\t")
    fake.on(ok(without_a), titles="MediaWiki:GrowthMentors.json", rvprop="ids|timestamp|content")
    report = cycle(fake, tmp_path).run()

    assert report.outcomes == []  # nothing left to decide
    reassigned = fake.writes("growthsetmentor")
    assert sorted(p["mentee"] for p in reassigned) == ["MenteeX", "MenteeY", "MenteeZ"]
    assert {p["mentor"] for p in reassigned} <= {"MentorB", "MentorC", "MentorD"}
    journal = crashing.journal
    statuses = {(a.action, a.username): a.status for a in journal.actions.find(wiki=crashing.wiki)}
    assert statuses[("remove", "MentorA")] == "done"  # found in the page history
    (remove,) = [a for a in journal.actions.find(wiki=crashing.wiki) if a.action == "remove"]
    assert remove.revision_id == 101 and "reconciled" in (remove.detail or "")
    assert statuses[("reassign", "MenteeX")] == "done"


def test_an_away_period_that_has_ended_is_not_sent_again() -> None:
    backend = GrowthBackend(client_for(newer_wiki({})), clock=lambda: NOW + timedelta(days=61))
    entry = backend.read_list().entries["5"]
    backend.set_weight(5, "MentorC", entry, 2, "test")
    sent = backend.client.session.get_adapter("http://").writes("growthmanagementorlist")[0]
    assert "isaway" not in sent and "awaytimestamp" not in sent


def test_mentee_counts_for_the_dashboard() -> None:
    fake = rel139_wiki({3: ago(1), 4: ago(1)})
    fake.on(recorded("05i1-mentees-MentorA"), list="growthmentormentee")
    backend = GrowthBackend(client_for(fake), clock=lambda: NOW)
    assert backend.mentee_counts(["MentorA", "MentorB"]) == {"MentorA": 3, "MentorB": 3}
    asked = sorted(p["gemmmentor"] for _m, p in fake.requests if "gemmmentor" in p)
    assert asked == ["MentorA", "MentorB"]


# --- a mentor's own away, and undo, on REL1_39 ---------------------------------------------


def test_a_mentor_sets_their_own_away_in_whole_days_through_setmentorstatus() -> None:
    fake = rel139_wiki({3: ago(1)})
    fake.on(recorded("04i-setmentorstatus-MentorA-away-7d"), action="growthsetmentorstatus")
    backend = GrowthBackend(client_for(fake), clock=lambda: NOW)
    entry = backend.read_list().entries["3"]
    written = backend.set_own_away(3, "MentorA", entry, NOW + timedelta(days=6, hours=2), "away")
    back = away_until_of(written.entry or {})
    (sent,) = fake.writes("growthsetmentorstatus")
    assert (sent["gesstatus"], sent["gesbackindays"]) == ("away", "7")  # rounded up
    assert back == datetime(2026, 12, 2, 6, 28, 32, tzinfo=UTC)  # as the wiki answered
    assert fake.writes("growthmanagementorlist") == []  # REL1_39 has no away in the list


def test_a_mentor_comes_back_and_reads_their_status() -> None:
    fake = rel139_wiki({3: ago(1)})
    fake.on(recorded("04j-mentorstatus-MentorA-after-away"), meta="growthmentorstatus")
    fake.on(recorded("04z-setmentorstatus-MentorA-active"), action="growthsetmentorstatus")
    backend = GrowthBackend(client_for(fake), clock=lambda: NOW)
    assert backend.own_away_status() is True
    backend.set_own_active(3, "MentorA", backend.read_list().entries["3"], "back")
    assert fake.writes("growthsetmentorstatus")[0]["gesstatus"] == "active"


def without_mentor_a() -> tuple[int, Any]:
    listed = json.loads(json.dumps(recorded("03b-query-revisions-mentorlist")[1]))
    slot = listed["query"]["pages"][0]["revisions"][0]["slots"]["main"]
    document = json.loads(slot["content"])
    del document["Mentors"]["3"]
    slot["content"] = json.dumps(document, indent="\t")
    return ok(listed)


def test_undo_of_a_removal_adds_the_mentor_back_as_they_were(tmp_path: Path) -> None:
    fake = rel139_wiki({3: ago(40), 4: ago(1), 5: ago(1), 6: ago(2)})
    fake.on(
        without_mentor_a(), titles="MediaWiki:GrowthMentors.json", rvprop="ids|timestamp|content"
    )
    fake.on(recorded("02b-add-MentorA-by-admin"), geaction="add")
    fake.on(recorded("05i1-mentees-MentorA"), list="growthmentormentee")
    fake.on(recorded("05d-setmentor-MenteeX-MentorA-again"), action="growthsetmentor")
    client = client_for(fake)
    client.login("Admin@mentorwatch", "x" * 32)
    journal = Journal(f"sqlite:///{tmp_path / 'journal.db'}")
    removed_entry = {
        "message": "Hello, I am MentorA and happy to help.",
        "weight": 2,
        "automaticallyAssigned": True,
    }
    run_id = journal.runs.start(client.api_url, "growth", False, NOW, {})
    removal = journal.actions.begin(
        run_id,
        client.api_url,
        Intent(
            3, "MentorA", "remove", "gone", {"entry": removed_entry, "mentees": [[7, "MenteeX"]]}
        ),
        NOW,
    )
    journal.actions.finish(removal, "done", NOW)
    moved = journal.actions.begin(
        run_id, client.api_url, Intent(7, "MenteeX", "reassign", "r", {"mentor": "MentorA"}), NOW
    )
    journal.actions.finish(moved, "done", NOW, None, {"mentor": "MentorB"})
    journal.runs.finish(run_id, "finished", NOW, {})

    report = Undo(GrowthBackend(client, clock=lambda: NOW), journal, clock=lambda: NOW).undo(run_id)
    assert [(o.action, o.status) for o in report.outcomes] == [
        ("undo_remove", "done"),
        ("undo_reassign", "done"),
    ]
    (added,) = fake.writes("growthmanagementorlist")
    assert (added["geaction"], added["username"], added["weight"]) == ("add", "MentorA", "2")
    assert added["message"] == removed_entry["message"] and added["autoassigned"] == "1"
    (back,) = fake.writes("growthsetmentor")
    assert (back["mentee"], back["mentor"]) == ("MenteeX", "MentorA")


# --- REL1_43 shapes (recorded in the shared reference ge-1.43-api/, copied here in part) ------


def test_wrapped_summaries_are_found_and_not_confused_between_mentors() -> None:
    from mentorwatch.wiki.history import summary_matches

    # ge-1.43-api/06b: the comment GrowthExperiments REL1_43 saved for mentorwatch's removal
    saved = (
        "/* growthexperiments-manage-mentors-summary-remove-admin-with-reason:Farah|"
        "Removing mentor Farah, inactive for 55 days */"
    )
    assert summary_matches(saved, "Removing mentor Farah, inactive for 55 days", "Farah")
    assert summary_matches(saved, "Removing mentor Farah, inactive for 55 days")
    assert not summary_matches(saved, "Removing mentor Farah, inactive for 5 days", "Farah")
    assert not summary_matches(saved, "Removing mentor Farah, inactive for 55 days", "Fara")
    assert not summary_matches(saved, "Removing mentor Fara, inactive for 55 days")
    # a summary with "|" of its own, and one cut by MediaWiki at 500 bytes (no closing */)
    piped = "/* growthexperiments-manage-mentors-summary-change-admin-with-reason:Kaveh|a | b */"
    assert summary_matches(piped, "a | b", "Kaveh")
    long = "x" * 600
    cut = "/* growthexperiments-manage-mentors-summary-remove-admin-with-reason:Hana|" + long[:420]
    assert summary_matches(cut + "...", long, "Hana")
    assert not summary_matches(cut + "...", "y" + long, "Hana")


def test_an_empty_list_is_a_json_list_and_reads_as_empty() -> None:
    fake = newer_wiki({})
    fake.on(ok({"batchcomplete": True, "growthmentorlist": []}), list="growthmentorlist")
    assert GrowthBackend(client_for(fake), clock=lambda: NOW).read_list().entries == {}


def test_an_unreadable_manage_mentors_page_means_away_unreadable_and_no_change() -> None:
    # REL1_43's list has no away (ge-1.43-api/03a); here Special:ManageMentors renders something
    # this version of mentorwatch does not understand (a changed skin or markup)
    fake = newer_wiki({})
    fake.on(
        ok({"batchcomplete": True, "growthmentorlist": {"3": {"message": "Hello", "weight": 2}}}),
        list="growthmentorlist",
    )
    fake.on(ok({"parse": {"title": "API", "text": "<p>Something else</p>"}}), action="parse")
    backend = GrowthBackend(client_for(fake), clock=lambda: NOW)
    assert not backend.capabilities().away_readable
    entry = backend.read_list().entries["3"]
    with pytest.raises(WikiError, match="cannot see whether MentorA is away"):
        backend.set_weight(3, "MentorA", entry, 1, "test")
    assert fake.writes("growthmanagementorlist") == []
