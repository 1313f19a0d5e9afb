"""The dashboard's CSV export: the rows' fields, each cell as a spreadsheet shows it (text that
starts like a formula gets a ``'``; the status in words, as the dashboard shows it)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from mentorwatch.web.views.mentor_rows import Row


def rows_to_csv(rows: Iterable[Row]) -> str:
    out = io.StringIO()
    columns = [
        "user_id",
        "username",
        "status",
        "last_edit_at",
        "days_inactive",
        "away_until",
        "weight",
        "mentees",
        "next_action",
        "next_action_at",
        "last_done",
        "reason",
        "note",
    ]
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        cells = {**row.as_json(), "status": row.status_label}  # the status in words
        writer.writerow({key: safe_cell(value) for key, value in cells.items()})
    return out.getvalue()


#: what makes a spreadsheet read a cell as a formula (OWASP, "CSV Injection")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """A CSV cell a spreadsheet shows as text: wiki text starting like a formula gets a ``'``.

    User names and messages are wiki data (``=HYPERLINK(...)`` is a valid user name); only
    text is changed, numbers stay numbers.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
