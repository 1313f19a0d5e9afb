"""The snapshot: everything one cleanup decision needs, as plain data (``docs/snapshot.md``).

Decoding validates and names the place of every problem; encoding writes the same format
back, so ``mentorwatch snapshot`` output can be replayed with ``mentorwatch plan``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from mentorwatch.domain.activity import Activity
from mentorwatch.domain.away import DEFAULT_RUN_INTERVAL
from mentorwatch.domain.config import (
    LEGACY_KEYS,
    RULES_KEYS,
    CommunityConfig,
    ConfigError,
    KeySet,
    parse_config,
)
from mentorwatch.domain.mentors import (
    Mentor,
    MentorListError,
    Pause,
    decode_mentor_list,
    encode_mentor_list,
)
from mentorwatch.domain.messages import Undelivered
from mentorwatch.domain.questions import QuestionsRecord
from mentorwatch.domain.questions_codec import QuestionsError, decode_questions, encode_questions
from mentorwatch.domain.rule_evidence import RuleEvidence
from mentorwatch.domain.rule_evidence_json import (
    EvidenceError,
    decode_evidence_map,
    encode_evidence_map,
)
from mentorwatch.domain.rules_source import RulesSource, RulesSourceError, decode_rules_source
from mentorwatch.domain.snapshot_fields import SnapshotError, format_optional, timestamp_at
from mentorwatch.domain.snapshot_memory import decode_memory, encode_memory
from mentorwatch.domain.timeutil import DAY, format_timestamp
from mentorwatch.domain.upstream import UpstreamError, UpstreamRules, decode_upstream
from mentorwatch.domain.warned import Warned

SNAPSHOT_FORMAT = "mentorwatch-snapshot"
#: 2 records where the rules came from (``rules``); version 1 (without it) still reads;
#: 3 adds what the community rules read (``evidence``), written only where they are on
SNAPSHOT_VERSION = 2
EVIDENCE_VERSION = 3
READABLE_VERSIONS = (1, 2, 3)
MAX_RUN_INTERVAL_DAYS = 28


@dataclass(frozen=True)
class Snapshot:
    """The input of :func:`mentorwatch.domain.planner.plan`."""

    now: datetime
    config: CommunityConfig
    mentors: tuple[Mentor, ...]
    activity: Mapping[int, Activity]
    run_interval: timedelta = DEFAULT_RUN_INTERVAL
    wiki: str | None = None
    raw_config: Mapping[str, Any] = field(default_factory=dict)
    paused: Mapping[int, Pause] = field(default_factory=dict)
    warned: Mapping[int, Warned] = field(default_factory=dict)
    #: GrowthExperiments' own cleaner settings, where the wiki has the cleaner (else None)
    upstream: UpstreamRules | None = None
    #: per mentor, the end of the away period they were told runs past their removal
    away_noticed: Mapping[int, datetime] = field(default_factory=dict)
    #: where the rules came from (None: not recorded, a version 1 snapshot)
    rules: RulesSource | None = None
    #: per user, the talk-page messages the wiki refused, not delivered since
    undelivered: Mapping[int, tuple[Undelivered, ...]] = field(default_factory=dict)
    #: per user, what the wiki showed for the community rules (version 3)
    evidence: Mapping[int, RuleEvidence] = field(default_factory=dict)
    #: mentees' questions, replies and the pool's figures (None: not read)
    questions: QuestionsRecord | None = None

    def mentor(self, user_id: int) -> Mentor:
        """The listed mentor with this user id (KeyError if not listed)."""
        for mentor in self.mentors:
            if mentor.user_id == user_id:
                return mentor
        raise KeyError(user_id)


def decode_snapshot(document: object, now_override: datetime | None = None) -> Snapshot:
    """Validate a decoded snapshot document. ``now_override`` replaces the file's ``now``."""
    if not isinstance(document, Mapping):
        raise SnapshotError("(top level)", "expected a JSON object")
    fmt = document.get("format")
    if fmt != SNAPSHOT_FORMAT:
        raise SnapshotError("format", f'expected "{SNAPSHOT_FORMAT}", found {fmt!r}')
    version = _version(document)
    rules = _decode_rules(document, version)

    now = now_override or timestamp_at(document, "now", required=True)
    assert now is not None  # required=True raises instead of returning None
    interval_days = _decode_interval(document.get("run_interval_days", DEFAULT_RUN_INTERVAL / DAY))

    raw_config = document.get("config", {})
    try:
        config = parse_config(raw_config, config_keys(raw_config))
    except ConfigError as error:
        first = error.problems[0]
        raise SnapshotError(f"config.{first.key}", str(error)) from error
    try:
        upstream = decode_upstream(document.get("upstream"))
    except UpstreamError as error:
        raise SnapshotError("upstream", str(error)) from error

    try:
        mentors = decode_mentor_list(document.get("mentors", {}), path="mentors")
    except MentorListError as error:
        raise SnapshotError(error.path, error.detail) from error

    activity = _decode_activity(document.get("activity", {}))
    paused, warned, away_noticed, undelivered = decode_memory(document)
    try:
        evidence = decode_evidence_map(document.get("evidence", {})) if version == 3 else {}
    except EvidenceError as error:
        raise SnapshotError(f"evidence.{error.key}".rstrip("."), str(error)) from error

    wiki = document.get("wiki")
    if wiki is not None and not isinstance(wiki, str):
        raise SnapshotError("wiki", "expected the wiki's api.php URL as a string")
    return Snapshot(
        now=now,
        config=config,
        mentors=tuple(mentors),
        activity=activity,
        run_interval=timedelta(days=interval_days),
        wiki=wiki,
        raw_config=dict(raw_config),
        paused=paused,
        warned=warned,
        upstream=upstream,
        away_noticed=away_noticed,
        rules=rules,
        undelivered=undelivered,
        evidence=evidence,
        questions=_decode_questions(document.get("questions")),
    )


def _decode_questions(raw: object) -> QuestionsRecord | None:
    try:
        return None if raw is None else decode_questions(raw)
    except QuestionsError as error:
        raise SnapshotError(error.path, error.detail) from error


def _version(document: Mapping[str, Any]) -> int:
    version = document.get("version")
    if isinstance(version, bool) or version not in READABLE_VERSIONS:
        raise SnapshotError(
            "version",
            f"version {version!r} is not supported; this mentorwatch reads versions 1 to 3",
        )
    return int(version)


def _decode_rules(document: Mapping[str, Any], version: int) -> RulesSource | None:
    """Where the rules came from: required in version 2, optional in 3, absent in 1."""
    raw = document.get("rules")
    if version == 1 or (version == 3 and raw is None):
        return None
    if raw is None:
        raise SnapshotError("rules", "required in version 2: where the rules came from")
    try:
        return decode_rules_source(raw)
    except RulesSourceError as error:
        raise SnapshotError(f"rules.{error.key}".rstrip("."), str(error)) from error


def config_keys(raw: object) -> KeySet:
    """The key names a snapshot's ``config`` uses: the rules page's, or (older snapshots)
    GrowthExperiments' configuration page's."""
    if not isinstance(raw, Mapping) or any(key in RULES_KEYS.all_keys for key in raw):
        return RULES_KEYS
    legacy_like = any(str(key).lower().startswith(("ge", "mentorwatch")) for key in raw)
    return LEGACY_KEYS if legacy_like else RULES_KEYS


def _decode_interval(interval_days: object) -> float:
    if (
        isinstance(interval_days, bool)
        or not isinstance(interval_days, int | float)
        or not 0 < interval_days <= MAX_RUN_INTERVAL_DAYS
    ):
        raise SnapshotError(
            "run_interval_days",
            f"{interval_days!r} is not allowed; use a number of days above 0 and at most "
            f"{MAX_RUN_INTERVAL_DAYS}",
        )
    return float(interval_days)


def _decode_activity(raw: object) -> dict[int, Activity]:
    if not isinstance(raw, Mapping):
        raise SnapshotError("activity", "expected an object keyed by user id")
    activity: dict[int, Activity] = {}
    for key, entry in raw.items():
        path = f"activity.{key}"
        if not isinstance(key, str) or not key.isdigit():
            raise SnapshotError(path, "the key must be a numeric user id")
        if not isinstance(entry, Mapping):
            raise SnapshotError(path, "expected an object with last_edit_at and registered_at")
        blocked = entry.get("blocked", False)
        if not isinstance(blocked, bool):
            raise SnapshotError(f"{path}.blocked", "expected true or false")
        activity[int(key)] = Activity(
            last_edit_at=timestamp_at(entry, "last_edit_at", path=path),
            registered_at=timestamp_at(entry, "registered_at", path=path),
            blocked=blocked,
        )
    return activity


def encode_snapshot(snapshot: Snapshot) -> dict[str, Any]:
    """The JSON document for ``snapshot`` (the inverse of :func:`decode_snapshot`)."""
    document: dict[str, Any] = {
        "format": SNAPSHOT_FORMAT,
        "version": SNAPSHOT_VERSION,
        "now": format_timestamp(snapshot.now),
    }
    if snapshot.wiki is not None:
        document["wiki"] = snapshot.wiki
    interval_days = snapshot.run_interval / DAY
    document["run_interval_days"] = (
        int(interval_days) if interval_days.is_integer() else interval_days
    )
    if snapshot.rules is not None:
        document["rules"] = snapshot.rules.to_json()
    else:  # recorded nowhere: a version 1 snapshot stays one
        document["version"] = 1
    document["config"] = snapshot.config.to_rules_json()
    document["upstream"] = None if snapshot.upstream is None else snapshot.upstream.to_json()
    document["mentors"] = encode_mentor_list(list(snapshot.mentors))
    document["activity"] = {
        str(user_id): {
            "last_edit_at": format_optional(item.last_edit_at),
            "registered_at": format_optional(item.registered_at),
            "blocked": item.blocked,
        }
        for user_id, item in snapshot.activity.items()
    }
    document.update(encode_memory(snapshot))
    if snapshot.evidence or snapshot.config.rules.any_enabled:
        document["version"] = EVIDENCE_VERSION
        document["evidence"] = encode_evidence_map(snapshot.evidence)
    if snapshot.questions is not None:
        document["questions"] = encode_questions(snapshot.questions)
    return document


__all__ = [
    "EVIDENCE_VERSION",
    "MAX_RUN_INTERVAL_DAYS",
    "READABLE_VERSIONS",
    "SNAPSHOT_FORMAT",
    "SNAPSHOT_VERSION",
    "Snapshot",
    "SnapshotError",
    "config_keys",
    "decode_snapshot",
    "encode_snapshot",
]
