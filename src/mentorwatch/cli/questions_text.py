"""The plan's lines on the mentor pool and mentees' questions (``plan``), in the operator's
language (``cli/speech.py``)."""

from __future__ import annotations

from mentorwatch.cli.speech import say
from mentorwatch.domain.nudge import diff_link
from mentorwatch.domain.planner import Plan
from mentorwatch.domain.timeutil import format_timestamp


def questions_text(plan: Plan) -> str:
    """The pool, then questions (each waiting one with its diff) and the nudges due; empty
    for a plan made without them."""
    return "".join(f"\n{line}" for line in [*_pool_lines(plan), *_questions_lines(plan)])


def _pool_lines(plan: Plan) -> list[str]:
    pool = plan.pool
    if pool is None:
        return []
    lines = [
        say(
            "mentorwatch-pool-summary",
            taking=pool.taking_now,
            num_listed=pool.listed,
            after=pool.taking_after,
            minimum=pool.minimum,
        )
    ]
    per_mentor = pool.newcomers_per_active_mentor
    if pool.new_accounts_per_week is not None and per_mentor is not None:
        lines.append(
            say(
                "mentorwatch-pool-newcomers",
                accounts=f"{pool.new_accounts_per_week:.0f}",
                per_mentor=f"{per_mentor:.1f}",
            )
        )
    return lines


def _questions_lines(plan: Plan) -> list[str]:
    report = plan.questions
    if report is None:
        return []
    figures = report.by_mentor.values()
    lines = [
        say(
            "mentorwatch-questions-summary",
            num_window=report.window_days,
            asked=sum(f.received for f in figures),
            answered=sum(f.answered for f in figures),
            waiting=report.waiting,
            num_waiting_days=report.waiting_days,
        )
    ]
    names = {d.user_id: d.username for d in plan.decisions}
    for user_id, mentor in report.by_mentor.items():
        for question in mentor.waiting:
            line = say(
                "mentorwatch-cli-question-waiting",
                mentor=str(names.get(user_id, user_id)),
                mentee=question.mentee,
                asked=format_timestamp(question.asked_at),
                link=diff_link(question),
            )
            lines.append(f"  {line}")
    for nudge in report.nudges:
        due = say(
            "mentorwatch-cli-nudge-due",
            mentor=nudge.username,
            num_questions=len(nudge.questions),
        )
        lines.append(f"  {due}")
    return lines
