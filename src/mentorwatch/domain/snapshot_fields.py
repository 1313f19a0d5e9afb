"""The snapshot's fields as every part of it reads them: the error naming the place of a
problem, and moments (ISO 8601 UTC)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from mentorwatch.domain.timeutil import TimestampError, format_timestamp, parse_timestamp
from mentorwatch.errors import InvalidInput


class SnapshotError(InvalidInput):
    """The snapshot cannot be used; ``path`` names the place (``config.GE...``, ``activity.3``)."""

    def __init__(self, path: str, message: str) -> None:
        self.path = path
        self.detail = message
        super().__init__(f"{path}: {message}")


def timestamp_at(
    mapping: Mapping[str, Any], key: str, *, path: str = "", required: bool = False
) -> datetime | None:
    where = f"{path}.{key}" if path else key
    value = mapping.get(key)
    if value is None:
        if required:
            raise SnapshotError(
                where, "required; an ISO 8601 UTC time such as 2026-11-25T12:00:00Z"
            )
        return None
    if not isinstance(value, str):
        raise SnapshotError(where, "expected an ISO 8601 UTC time such as 2026-11-25T12:00:00Z")
    try:
        return parse_timestamp(value)
    except TimestampError as error:
        raise SnapshotError(where, str(error)) from error


def format_optional(moment: datetime | None) -> str | None:
    return None if moment is None else format_timestamp(moment)
