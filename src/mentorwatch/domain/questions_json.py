"""The pool and mentees' questions as JSON: ``plan --json``, the CSV and JSON exports."""

from __future__ import annotations

from typing import Any

from mentorwatch.domain.nudge import diff_link
from mentorwatch.domain.pool import Pool
from mentorwatch.domain.questions import MentorQuestions
from mentorwatch.domain.questions_report import QuestionsReport
from mentorwatch.domain.timeutil import format_timestamp


def pool_to_json(pool: Pool) -> dict[str, Any]:
    per_mentor = pool.newcomers_per_active_mentor
    return {
        "listed": pool.listed,
        "taking_newcomers": pool.taking_now,
        "taking_newcomers_after_plan": pool.taking_after,
        "minimum": pool.minimum,
        "new_accounts_per_week": pool.new_accounts_per_week,
        "newcomers_per_active_mentor": None if per_mentor is None else round(per_mentor, 2),
        "mentees": [
            {
                "user_id": load.user_id,
                "mentees": load.mentees,
                "weight": load.weight,
                "expected": round(load.expected, 2),
            }
            for load in pool.loads
        ],
    }


def mentor_questions_to_json(figures: MentorQuestions) -> dict[str, Any]:
    """One mentor's figures; the median in hours (None: nothing answered)."""
    median = figures.median_reply
    return {
        "questions": figures.received,
        "answered": figures.answered,
        "waiting": len(figures.waiting),
        "excused": figures.excused,
        "median_reply_hours": None if median is None else round(median.total_seconds() / 3600, 2),
        "waiting_questions": [
            {
                "mentee": question.mentee,
                "asked_at": format_timestamp(question.asked_at),
                "revid": question.revid,
                "diff": diff_link(question),
                "section": question.section,
            }
            for question in figures.waiting
        ],
    }


def questions_to_json(report: QuestionsReport) -> dict[str, Any]:
    return {
        "window_days": report.window_days,
        "waiting_days": report.waiting_days,
        "waiting": report.waiting,
        "by_mentor": {
            str(user_id): mentor_questions_to_json(figures)
            for user_id, figures in report.by_mentor.items()
        },
        "nudges": [
            {
                "user_id": nudge.user_id,
                "mentor": nudge.username,
                "questions": [question.revid for question in nudge.questions],
            }
            for nudge in report.nudges
        ],
    }
