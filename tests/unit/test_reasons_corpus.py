"""The English catalogue says what the planner said before its reasons became messages.

``tests/fixtures/reasons/corpus.json.gz`` was recorded once by ``scripts/record_reasons.py``
with the planner that wrote English prose (commit 1e89901): 1,000 generated snapshots, every
rule and note of the planner, and each decision's reason and problem as it was written. Each
snapshot is planned again here and its messages rendered in English: character for character
the same text.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest

from mentorwatch.domain.planner import plan
from mentorwatch.domain.snapshot import decode_snapshot
from mentorwatch.language.catalogue import Style
from mentorwatch.language.render import problem_text, reason_text

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "reasons" / "corpus.json.gz"


def _entries() -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = json.loads(gzip.decompress(CORPUS.read_bytes()))["entries"]
    return entries


def test_every_recorded_reason_and_problem_reads_the_same_in_english() -> None:
    entries = _entries()
    english = Style("en")
    compared = 0
    for entry in entries:
        decisions = plan(decode_snapshot(entry["snapshot"])).decisions
        recorded = entry["decisions"]
        assert [d.user_id for d in decisions] == [r["user_id"] for r in recorded]
        for decision, said in zip(decisions, recorded, strict=True):
            assert reason_text(decision, english) == said["reason"], decision.username
            assert problem_text(decision, english) == said["problem"], decision.username
            compared += 1
    assert compared > 7000


def test_the_corpus_holds_every_kind_of_sentence_the_planner_says() -> None:
    # the comparison above means something only if the corpus exercises every message
    keys: set[str] = set()
    for entry in _entries():
        for decision in plan(decode_snapshot(entry["snapshot"])).decisions:
            pending = list(decision.reason)
            while pending:
                message = pending.pop()
                keys.add(message.key)
                pending.extend(v for _, v in message.params if hasattr(v, "key"))
    for expected in REASON_KEYS:
        assert expected in keys


REASON_KEYS = (
    "mentorwatch-reason-no-activity-record",
    "mentorwatch-reason-future-edit",
    "mentorwatch-reason-future-registration",
    "mentorwatch-reason-blocked",
    "mentorwatch-reason-exempt",
    "mentorwatch-reason-exempt-until",
    "mentorwatch-reason-upstream-removes",
    "mentorwatch-reason-own-removal-defers",
    "mentorwatch-reason-upstream-marks-away",
    "mentorwatch-reason-own-away-defers",
    "mentorwatch-reason-remove",
    "mentorwatch-reason-remove-warned",
    "mentorwatch-reason-removal-waits",
    "mentorwatch-reason-removal-waits-admin",
    "mentorwatch-reason-away-covered",
    "mentorwatch-reason-renew-away",
    "mentorwatch-reason-mark-away",
    "mentorwatch-reason-resume",
    "mentorwatch-reason-no-rules",
    "mentorwatch-reason-within-away",
    "mentorwatch-reason-within-removal",
    "mentorwatch-reason-within-warning",
    "mentorwatch-reason-within-upstream-away",
    "mentorwatch-reason-within-upstream-removal",
    "mentorwatch-why-away-upstream-removes",
    "mentorwatch-inactivity-unknown",
    "mentorwatch-inactivity-edit-over",
    "mentorwatch-inactivity-registration",
    "mentorwatch-note-exemption-expired",
    "mentorwatch-note-upstream-ignores-exemptions",
    "mentorwatch-note-own-removal-defers",
    "mentorwatch-note-warning-given-up",
    "mentorwatch-note-notice-undelivered",
    "mentorwatch-note-away-notice-undelivered",
    "mentorwatch-note-paused",
    "mentorwatch-note-warned-now",
    "mentorwatch-note-opted-out",
    "mentorwatch-note-warned",
    "mentorwatch-note-away-past-removal",
    "mentorwatch-note-told-now",
)


@pytest.mark.parametrize("language", ["ko", "ru", "de", "ar"])
def test_every_recorded_reason_renders_in_every_shipped_language(language: str) -> None:
    # every message with its real parameters: complete, no English left in a sentence's key
    style = Style(language)
    for entry in _entries()[:200]:
        for decision in plan(decode_snapshot(entry["snapshot"])).decisions:
            text = reason_text(decision, style)
            assert text and "mentorwatch-" not in text
