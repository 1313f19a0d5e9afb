"""The dashboard's questions columns: what each mentor's row shows, sorting, the filter and the
CSV export."""

from __future__ import annotations

import csv
import io
from dataclasses import replace

from mentorwatch.domain.planner import plan
from mentorwatch.domain.questions import Question, QuestionsRecord, Reply
from mentorwatch.web.views.exports import rows_to_csv
from mentorwatch.web.views.mentor_rows import QUESTIONS_WAITING, build_rows, filter_rows, sort_rows

from .builders import DAY, NOW, mentor
from .questions_world import snapshot_of

HOUR = DAY / 24


def test_rows_show_questions_answered_waiting_with_diffs_and_the_median() -> None:
    asked = (
        Question(3, "Ann", NOW - 10 * DAY, 11, "A"),
        Question(3, "Bob", NOW - 9 * DAY, 12, "B"),
        Question(4, "Cy", NOW - 9 * DAY, 13, "C"),
    )
    replies = (Reply(4, NOW - 9 * DAY + 3 * HOUR, 20, "C"),)
    snap = replace(
        snapshot_of([mentor(3), mentor(4), mentor(5)]), questions=QuestionsRecord(asked, replies)
    )
    rows = build_rows(snap, plan(snap), {})
    by_id = {row.user_id: row for row in rows}
    three, four, five = by_id[3], by_id[4], by_id[5]
    assert (three.questions, three.answered, three.waiting) == (2, 0, 2)
    assert three.waiting_diffs == ("Special:Diff/11", "Special:Diff/12")
    assert (four.answered, four.waiting, four.median_reply_hours) == (1, 0, 3.0)
    assert (five.questions, five.median_reply_hours) == (0, None)
    assert [row.user_id for row in filter_rows(rows, QUESTIONS_WAITING)] == [3]
    assert sort_rows(rows, "waiting", True)[0].user_id == 3
    assert [row.user_id for row in sort_rows(rows, "median_reply", False)] == [4, 3, 5]
    table = list(csv.DictReader(io.StringIO(rows_to_csv(rows))))
    first = next(line for line in table if line["user_id"] == "3")
    assert (first["questions"], first["waiting"]) == ("2", "2")
    assert first["waiting_diffs"] == "Special:Diff/11 Special:Diff/12"


def test_without_questions_read_the_columns_are_empty() -> None:
    snap = snapshot_of([mentor(3)])
    (row,) = build_rows(snap, plan(snap), {})
    assert (row.questions, row.waiting, row.waiting_diffs) == (None, None, ())
