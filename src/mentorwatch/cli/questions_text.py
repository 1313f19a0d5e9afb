"""The lines on the mentor pool and mentees' questions, in the operator's language
(``cli/speech.py``): in a plan (``plan``: the nudges due) and in a run's report (``run``: the
nudges posted; a dry run's or a refused run's, due)."""

from __future__ import annotations

from mentorwatch.cli.speech import say
from mentorwatch.domain.nudge import diff_link
from mentorwatch.domain.outcomes import Outcome, Status, WriteAction
from mentorwatch.domain.planner import Plan
from mentorwatch.domain.timeutil import format_timestamp


def questions_text(plan: Plan) -> str:
    """The pool, then questions (each waiting one with its diff) and the nudges due; empty
    for a plan made without them."""
    lines = [*pool_lines(plan), *questions_lines(plan), *nudges_due_lines(plan)]
    return "".join(f"\n{line}" for line in lines)


def run_questions_lines(plan: Plan, outcomes: list[Outcome], posting: bool) -> list[str]:
    """A run's report: the pool, the questions, then the nudges it posted (``posting``: it
    writes; otherwise the nudges due, as a plan says them)."""
    nudged = nudges_posted_lines(plan, outcomes) if posting else nudges_due_lines(plan)
    return [*pool_lines(plan), *questions_lines(plan), *nudged]


def pool_lines(plan: Plan) -> list[str]:
    """Mentors taking newcomers now and after the plan against the minimum, then the new
    accounts a week per mentor taking them (when known)."""
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


def questions_lines(plan: Plan) -> list[str]:
    """The questions' figures, then each question waiting, with its diff (none: questions
    not read)."""
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
    return lines


def nudges_due_lines(plan: Plan) -> list[str]:
    """One line per nudge the plan has due."""
    report = plan.questions
    if report is None:
        return []
    due = [(nudge.username, len(nudge.questions)) for nudge in report.nudges]
    return [
        "  " + say("mentorwatch-cli-nudge-due", mentor=name, num_questions=count)
        for name, count in due
    ]


def nudges_posted_lines(plan: Plan, outcomes: list[Outcome]) -> list[str]:
    """How many mentors a nudge reached and how many questions it listed, then each nudge
    not delivered (none due: nothing)."""
    report = plan.questions
    if report is None or not report.nudges:
        return []
    posted = {
        o.user_id for o in outcomes if o.action == WriteAction.NUDGE and o.status == Status.DONE
    }
    reached = [nudge for nudge in report.nudges if nudge.user_id in posted]
    lines = [
        say(
            "mentorwatch-cli-nudges-posted",
            posted=len(reached),
            num_questions=sum(len(nudge.questions) for nudge in reached),
            num_due=len(report.nudges),
        )
    ]
    lines.extend(
        "  " + say("mentorwatch-cli-nudge-not-posted", mentor=nudge.username)
        for nudge in report.nudges
        if nudge.user_id not in posted
    )
    return lines
