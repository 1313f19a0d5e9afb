"""The dashboard's CSV export: the rows' fields, each cell as a spreadsheet shows it (text that
starts like a formula gets a ``'``; the status and the texts in words, in the reader's language,
as the dashboard shows them: a CSV is for people; the JSON export is the data)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from mentorwatch.web.views.mentor_rows import Row
from mentorwatch.web.views.page_text import PageText

#: the export's columns (the rows' JSON keys), in order
COLUMNS = (
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
    "questions",
    "answered",
    "waiting",
    "median_reply_hours",
    "waiting_diffs",
)


def rows_to_csv(rows: Iterable[Row], text: PageText | None = None) -> str:
    """The rows as CSV, the header and the status in the reader's language (``text``;
    English by default, whose headers are the columns' identifiers)."""
    text = text or PageText()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([text.text(f"mentorwatch-web-csv-{column}") for column in COLUMNS])
    for row in rows:
        cells = {**row.as_json(text.short_style), "status": str(text.status(row.status.value))}
        cells["waiting_diffs"] = " ".join(row.waiting_diffs)
        writer.writerow([safe_cell(cells[column]) for column in COLUMNS])
    return out.getvalue()


def csv_file(text: str) -> bytes:
    """The CSV as a file spreadsheet programs open right: UTF-8 with a byte-order mark
    (without it, Excel and others read UTF-8 as the system's legacy code page and garble
    Hangul, Cyrillic and Arabic). Every CSV mentorwatch writes goes through here."""
    return text.encode("utf-8-sig")


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
