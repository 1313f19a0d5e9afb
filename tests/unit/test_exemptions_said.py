"""Exemptions as plans and the dashboard use them: those that do nothing (nobody on the list,
expired) are said, expired ones in the plan's reason; and looking them up costs one lookup per
mentor, not one per mentor and exemption."""

from __future__ import annotations

from datetime import timedelta

import pytest

import mentorwatch.domain.exemptions as exemptions_module
from mentorwatch.domain.activity import Activity
from mentorwatch.domain.config import RULES_KEYS, parse_config
from mentorwatch.domain.exemptions import Exemption, exemption_notes
from mentorwatch.domain.mentors import Mentor
from mentorwatch.domain.planner import plan
from mentorwatch.domain.snapshot import Snapshot
from mentorwatch.language.render import message_text, reason_text
from mentorwatch.web.views.mentor_rows import build_rows

from .builders import BOTH_ON, DAY, NOW


def test_exemptions_that_do_nothing_are_said() -> None:
    listed = ["Alice", "Bob"]
    found = [
        Exemption("alice", "field trip", NOW + DAY),
        Exemption("Bob", "holiday", NOW - DAY),
        Exemption("Nobody here", "typo", None),
    ]
    nobody, expired = map(message_text, exemption_notes(found, listed, NOW))
    assert nobody == (
        "the rules page exempts Nobody here, who is not on the mentor list, so the exemption "
        "does nothing: correct the name or remove it"
    )
    assert expired.startswith("expired exemptions: Bob (ended 2026-11-24T12:00:00Z)")
    many = [Exemption(f"Ghost{i}", "x") for i in range(8)]
    (note,) = map(message_text, exemption_notes(many, listed, NOW))
    assert "Ghost0, Ghost1, Ghost2, Ghost3, Ghost4 and 3 more, who are not" in note
    assert exemption_notes(found[:1], listed, NOW) == []


def test_an_expired_exemption_is_said_in_the_plans_reason() -> None:
    mentor = Mentor(3, "Alice", None, 2, None)
    ended = Exemption("Alice", "field trip", NOW - 2 * DAY)
    config = parse_config({"Exemptions": [ended.to_json()]}, RULES_KEYS)
    snapshot = Snapshot(NOW, config, (mentor,), {3: Activity(NOW - DAY, NOW - 900 * DAY)})
    (decision,) = plan(snapshot).decisions
    assert reason_text(decision).endswith(
        "Their exemption (field trip) expired on 2026-11-23T12:00:00Z; it no longer applies."
    )


def test_the_dashboard_looks_exemptions_up_once_per_mentor_not_per_pair(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """2,000 mentors and 20,000 exemptions took 26 s per dashboard refresh: each row scanned
    the whole list. Now the names are indexed once: the count of name normalisations grows
    with mentors + exemptions, not with their product (counted, not timed)."""
    mentors = tuple(Mentor(i, f"Mentor{i}", None, 2, None) for i in range(1, 201))
    exempt = [Exemption(f"Someone{i}", "x", NOW + DAY).to_json() for i in range(300)]
    exempt.append(Exemption("Mentor7", "field trip", NOW - DAY).to_json())
    config = parse_config({**BOTH_ON.to_rules_json(), "Exemptions": exempt}, RULES_KEYS)
    activity = {m.user_id: Activity(NOW - timedelta(days=2), NOW - 900 * DAY) for m in mentors}
    snapshot = Snapshot(NOW, config, mentors, activity)
    decided = plan(snapshot)
    calls = 0
    real = exemptions_module.canonical_name

    def counted(name: str) -> str:
        nonlocal calls
        calls += 1
        return real(name)

    monkeypatch.setattr(exemptions_module, "canonical_name", counted)
    monkeypatch.setattr("mentorwatch.domain.config.community.canonical_name", counted)
    rows = build_rows(snapshot, decided, {}, None)
    assert calls <= 2 * (len(mentors) + len(exempt))  # not len(mentors) * len(exempt)
    (seventh,) = [row for row in rows if row.username == "Mentor7"]
    assert seventh.as_json()["note"] == "exemption expired on 24 Nov (field trip)"
