"""How values are kept in the journal's text columns: JSON, and ISO 8601 UTC timestamps.

The conversion happens here, at the store's edge: above it, records carry datetimes, enums and
decoded JSON; below it, the columns hold the same strings they always held.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from mentorwatch.domain.timeutil import format_timestamp, parse_timestamp


def dump_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def load_json(text: str | None) -> Any:
    """The decoded column (None for NULL or an empty text)."""
    return json.loads(text) if text else None


def load_moment(text: str | None) -> datetime | None:
    return parse_timestamp(text) if text else None


def dump_moment(moment: datetime | None) -> str | None:
    return format_timestamp(moment) if moment is not None else None


def new_id(key: Any) -> int:
    """The id a database gave the row just inserted (``inserted_primary_key``)."""
    return int(key[0])
