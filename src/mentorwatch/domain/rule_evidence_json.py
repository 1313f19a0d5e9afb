"""The community rules' evidence in the snapshot (``evidence``, ``docs/snapshot.md``, version
3): :class:`~mentorwatch.domain.rule_evidence.RuleEvidence` to JSON and back. A document that
cannot be read is the operator's to fix, said as every snapshot error is (:class:`EvidenceError`
naming the field), not a text of the catalogue.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from mentorwatch.domain.rule_evidence import LoggedAction, RuleEvidence, Wikibreak
from mentorwatch.domain.timeutil import TimestampError, format_timestamp, parse_timestamp


class EvidenceError(ValueError):
    """An evidence entry cannot be read; ``key`` names the field."""

    def __init__(self, key: str, message: str) -> None:
        self.key = key
        super().__init__(message)


def encode_evidence(evidence: RuleEvidence) -> dict[str, Any]:
    document: dict[str, Any] = {}
    if evidence.edit_counts is not None:
        document["edit_counts"] = list(evidence.edit_counts)
    if evidence.retired is not None:
        document["retired"] = evidence.retired
    if evidence.wikibreak is not None:
        until = evidence.wikibreak.until
        document["wikibreak"] = {
            "template": evidence.wikibreak.template,
            "until": None if until is None else format_timestamp(until),
        }
    if evidence.logged is not None:
        document["logged"] = {
            "at": format_timestamp(evidence.logged.at),
            "type": evidence.logged.type,
        }
    return document


def encode_evidence_map(evidence: Mapping[int, RuleEvidence]) -> dict[str, Any]:
    """The snapshot's ``evidence``, keyed by user id."""
    return {str(user_id): encode_evidence(item) for user_id, item in evidence.items()}


def decode_evidence_map(raw: object) -> dict[int, RuleEvidence]:
    """The snapshot's ``evidence``: an entry per user id (:class:`EvidenceError` naming
    ``<user id>.<field>``)."""
    if not isinstance(raw, Mapping):
        raise EvidenceError("", "expected an object keyed by user id")
    found: dict[int, RuleEvidence] = {}
    for key, entry in raw.items():
        if not isinstance(key, str) or not key.isdigit():
            raise EvidenceError(str(key), "the key must be a numeric user id")
        try:
            found[int(key)] = decode_evidence(entry)
        except EvidenceError as error:
            raise EvidenceError(f"{key}.{error.key}".rstrip("."), str(error)) from error
    return found


def decode_evidence(raw: object) -> RuleEvidence:
    """The inverse of :func:`encode_evidence`; :class:`EvidenceError` naming the field."""
    if not isinstance(raw, Mapping):
        raise EvidenceError("", "expected an object")
    counts = raw.get("edit_counts")
    if counts is not None and (
        not isinstance(counts, list)
        or not all(isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in counts)
    ):
        raise EvidenceError("edit_counts", "expected a list of edit counts (0 or more)")
    retired = raw.get("retired")
    if retired is not None and not isinstance(retired, str):
        raise EvidenceError("retired", "expected the template's name")
    wikibreak = raw.get("wikibreak")
    if wikibreak is not None:
        if not isinstance(wikibreak, Mapping) or not isinstance(wikibreak.get("template"), str):
            raise EvidenceError("wikibreak", 'expected {"template": "...", "until": ...}')
        wikibreak = Wikibreak(wikibreak["template"], _moment(wikibreak, "until", "wikibreak"))
    logged = raw.get("logged")
    if logged is not None:
        if not isinstance(logged, Mapping) or not isinstance(logged.get("type"), str):
            raise EvidenceError("logged", 'expected {"at": "...", "type": "..."}')
        at = _moment(logged, "at", "logged")
        if at is None:
            raise EvidenceError("logged.at", "required")
        logged = LoggedAction(at, logged["type"])
    return RuleEvidence(None if counts is None else tuple(counts), retired, wikibreak, logged)


def _moment(raw: Mapping[str, Any], key: str, where: str) -> datetime | None:
    value = raw.get(key)
    if value is None:
        return None
    try:
        if not isinstance(value, str):
            raise TimestampError("expected an ISO 8601 UTC time")
        return parse_timestamp(value)
    except TimestampError as error:
        raise EvidenceError(f"{where}.{key}", str(error)) from error
