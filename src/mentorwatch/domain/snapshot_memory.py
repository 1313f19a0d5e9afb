"""What mentorwatch remembers of a wiki, as a snapshot keeps it (``docs/snapshot.md``): the
pauses it set, the warnings and away notices it gave, and the talk-page messages the wiki
refused; each key written only when it holds something."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from mentorwatch.domain.mentors import WEIGHTS, Pause
from mentorwatch.domain.messages import KINDS, Undelivered
from mentorwatch.domain.snapshot_fields import (
    SnapshotError,
    format_optional,
    timestamp_at,
)
from mentorwatch.domain.timeutil import format_timestamp
from mentorwatch.domain.warned import Warned

if TYPE_CHECKING:
    from mentorwatch.domain.snapshot import Snapshot

Remembered = tuple[
    dict[int, Pause], dict[int, Warned], dict[int, datetime], dict[int, tuple[Undelivered, ...]]
]


def decode_memory(document: Mapping[str, Any]) -> Remembered:
    """The pauses, warnings, away notices and undelivered messages of a snapshot document."""
    return (
        _decode_paused(document.get("paused", {})),
        _decode_warned(document.get("warned", {})),
        _decode_noticed(document.get("away_noticed", {})),
        _decode_undelivered(document.get("undelivered", {})),
    )


def encode_memory(snapshot: Snapshot) -> dict[str, Any]:
    """What mentorwatch remembers of the wiki (each key only when it holds something)."""
    document: dict[str, Any] = {}
    if snapshot.paused:
        document["paused"] = {
            str(user_id): {
                "previous_weight": pause.previous_weight,
                "until": format_timestamp(pause.until),
            }
            for user_id, pause in snapshot.paused.items()
        }
    if snapshot.warned:
        document["warned"] = {
            str(user_id): {
                "warned_at": format_timestamp(warning.warned_at),
                "episode": format_optional(warning.episode),
                **({"opted_out": True} if warning.opted_out else {}),
            }
            for user_id, warning in snapshot.warned.items()
        }
    if snapshot.away_noticed:
        document["away_noticed"] = {
            str(user_id): format_timestamp(until)
            for user_id, until in snapshot.away_noticed.items()
        }
    if snapshot.undelivered:
        document["undelivered"] = {
            str(user_id): [
                {
                    "kind": str(message.kind),
                    "username": message.username,
                    "subject": message.subject,
                    "attempts": message.attempts,
                    "error": message.error,
                }
                for message in messages
            ]
            for user_id, messages in snapshot.undelivered.items()
        }
    return document


def _decode_noticed(raw: object) -> dict[int, datetime]:
    if not isinstance(raw, Mapping):
        raise SnapshotError("away_noticed", "expected an object keyed by user id")
    noticed: dict[int, datetime] = {}
    for key, value in raw.items():
        path = f"away_noticed.{key}"
        if not isinstance(key, str) or not key.isdigit():
            raise SnapshotError(path, "the key must be a numeric user id")
        until = timestamp_at({"away_until": value}, "away_until", path=path, required=True)
        assert until is not None
        noticed[int(key)] = until
    return noticed


def _decode_undelivered(raw: object) -> dict[int, tuple[Undelivered, ...]]:
    if not isinstance(raw, Mapping):
        raise SnapshotError("undelivered", "expected an object keyed by user id")
    kinds = {str(kind): kind for kind in KINDS}
    found: dict[int, tuple[Undelivered, ...]] = {}
    for key, entries in raw.items():
        path = f"undelivered.{key}"
        if not isinstance(key, str) or not key.isdigit() or not isinstance(entries, list):
            raise SnapshotError(path, 'expected "<user id>": [{"kind", "subject", ...}]')
        messages = []
        for index, entry in enumerate(entries):
            where = f"{path}.{index}"
            if not isinstance(entry, Mapping) or entry.get("kind") not in kinds:
                raise SnapshotError(f"{where}.kind", f"use one of {', '.join(kinds)}")
            attempts = entry.get("attempts")
            if isinstance(attempts, bool) or not isinstance(attempts, int) or attempts < 1:
                raise SnapshotError(f"{where}.attempts", "a whole number of runs, at least 1")
            texts = [entry.get(name) for name in ("username", "subject", "error")]
            if not all(isinstance(text, str) for text in texts):
                raise SnapshotError(where, "username, subject and error must be strings")
            name, subject, error = (str(text) for text in texts)
            messages.append(Undelivered(kinds[entry["kind"]], name, subject, attempts, error))
        found[int(key)] = tuple(messages)
    return found


def _decode_warned(raw: object) -> dict[int, Warned]:
    if not isinstance(raw, Mapping):
        raise SnapshotError("warned", "expected an object keyed by user id")
    warned: dict[int, Warned] = {}
    for key, entry in raw.items():
        path = f"warned.{key}"
        if not isinstance(key, str) or not key.isdigit():
            raise SnapshotError(path, "the key must be a numeric user id")
        if not isinstance(entry, Mapping):
            raise SnapshotError(path, "expected an object with warned_at and episode")
        warned_at = timestamp_at(entry, "warned_at", path=path, required=True)
        assert warned_at is not None
        opted_out = entry.get("opted_out", False)
        if not isinstance(opted_out, bool):
            raise SnapshotError(f"{path}.opted_out", "expected true or false")
        episode = timestamp_at(entry, "episode", path=path)
        warned[int(key)] = Warned(warned_at, episode, opted_out)
    return warned


def _decode_paused(raw: object) -> dict[int, Pause]:
    if not isinstance(raw, Mapping):
        raise SnapshotError("paused", "expected an object keyed by user id")
    paused: dict[int, Pause] = {}
    for key, entry in raw.items():
        path = f"paused.{key}"
        if not isinstance(key, str) or not key.isdigit() or not isinstance(entry, Mapping):
            raise SnapshotError(path, 'expected "<user id>": {"previous_weight", "until"}')
        weight = entry.get("previous_weight")
        if isinstance(weight, bool) or weight not in WEIGHTS:
            raise SnapshotError(f"{path}.previous_weight", "use one of 0, 1, 2, 4")
        until = timestamp_at(entry, "until", path=path, required=True)
        assert until is not None
        paused[int(key)] = Pause(int(weight), until)
    return paused
