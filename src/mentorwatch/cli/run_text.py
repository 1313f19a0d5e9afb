"""What ``run`` prints: the run's report as text for the operator, or as JSON for scripts
(pure functions from a :class:`~mentorwatch.service.run_report.RunReport`), the text in the
operator's language (``cli/speech.py``)."""

from __future__ import annotations

from typing import Any

from mentorwatch.cli.questions_text import run_questions_lines
from mentorwatch.cli.render import lines_text, statuses_to_lines
from mentorwatch.cli.speech import outcome_detail, reason_text, said, say, status_word
from mentorwatch.domain.message import JOIN_SENTENCES, Param, joined
from mentorwatch.domain.messages import MAX_ATTEMPTS
from mentorwatch.domain.outcomes import WriteKind
from mentorwatch.domain.timeutil import format_timestamp
from mentorwatch.language.render import message_text
from mentorwatch.service.plan_json import rules_to_json
from mentorwatch.service.run_report import RunReport


def report_to_text(report: RunReport) -> str:
    """What a run did: where its rules came from, each action's outcome, the mentors worth a
    look and by status, the pool and mentees' questions, then counts, edits and failures."""
    lines = [*_heading_lines(report), "", *_outcome_lines(report), *_flagged_lines(report)]
    lines.extend(statuses_to_lines(report.plan))
    questions = run_questions_lines(report.plan, report.outcomes, _posting(report))
    if questions:
        lines.extend(["", *questions])
    lines.extend(_admin_lines(report))
    counts = ", ".join(f"{count} {action.value}" for action, count in report.plan.counts().items())
    lines.append("")
    lines.append(say("mentorwatch-cli-planned", counts=counts))
    lines.append(
        say(
            "mentorwatch-cli-writes",
            writes=_writes(report),
            failures=len(report.failures),
            requests=report.requests,
        )
    )
    return lines_text(lines)


def _posting(report: RunReport) -> bool:
    """The run writes (not a dry run, and its plan not refused)."""
    return not (report.dry_run or report.refused)


def _heading_lines(report: RunReport) -> list[str]:
    """The run, its rules' source, notes, problems and why it wrote nothing, if so."""
    caps = report.capabilities
    key = "mentorwatch-cli-run-head" + ("-dry" if report.dry_run else "")
    params: dict[str, Param] = {"wiki": report.wiki, "backend": caps.backend, "run": report.run_id}
    if report.started_at:
        key += "-at"
        params["moment"] = format_timestamp(report.started_at)
    lines = [say(key, **params)]
    if report.plan.rules is not None:
        lines.append(say("mentorwatch-cli-run-rules-from", source=report.plan.rules.describe()))
    lines.extend(say("mentorwatch-cli-note", note=note) for note in (*caps.notes, *report.notes))
    lines.extend(say("mentorwatch-cli-recovered", line=line) for line in report.recovered)
    lines.extend(say("mentorwatch-cli-problem", problem=problem) for problem in report.problems)
    lines.extend(
        say("mentorwatch-cli-missing-right", missing=missing) for missing in report.missing_rights
    )
    if report.refusals:
        refusals = joined(report.refusals, JOIN_SENTENCES)
        lines.append(say("mentorwatch-cli-refused", refusal=refusals))
    if report.stopped:
        lines.append(say("mentorwatch-cli-stopped", why=report.stopped))
    return lines


def _outcome_lines(report: RunReport) -> list[str]:
    """One line per outcome, with the mentor's status (or that no change was needed)."""
    if not report.outcomes:
        return [say("mentorwatch-cli-no-changes")]
    statuses = {d.user_id: status_word(d.status) for d in report.plan.decisions}
    lines = []
    for outcome in report.outcomes:
        detail = f" ({outcome_detail(outcome)})" if outcome.detail else ""
        status = f" [{statuses[outcome.user_id]}]" if outcome.user_id in statuses else ""
        lines.append(
            f"{outcome.status:>8}  {outcome.action:<11} {outcome.username}{status}{detail}"
        )
    return lines


def _flagged_lines(report: RunReport) -> list[str]:
    """The mentors the plan flags, each with its flags and reason."""
    flagged = [d for d in report.plan.decisions if d.flags]
    if not flagged:
        return []
    lines = ["", say("mentorwatch-cli-worth-a-look")]
    for decision in flagged:
        flags = ", ".join(flag.value for flag in decision.flags)
        lines.append(f"  {decision.username} [{flags}]: {reason_text(decision)}")
    return lines


def _admin_lines(report: RunReport) -> list[str]:
    """The talk-page messages mentorwatch gave up on: an admin is needed."""
    needed = report.admin_needed()
    if not needed:
        return []
    return [
        "",
        say("mentorwatch-cli-needs-admin", num_runs=MAX_ATTEMPTS),
        *(f"  {said(message.line())}" for message in needed),
    ]


def report_to_json(report: RunReport) -> dict[str, Any]:
    """``run --json``: the run's summary and each outcome, for scripts and log collectors."""
    return {
        "wiki": report.wiki,
        "run_id": report.run_id,
        "dry_run": report.dry_run,
        "started_at": format_timestamp(report.started_at) if report.started_at else None,
        "backend": report.capabilities.backend,
        "rules": rules_to_json(report.plan.rules),
        "summary": report.summary(),
        "mentors": [
            {
                "username": decision.username,
                "status": decision.status.value,
                "status_label": message_text(decision.status.message),
                "action": decision.action.value,
            }
            for decision in report.plan.decisions
        ],
        "outcomes": [
            {
                "username": outcome.username,
                "action": str(outcome.action),
                "status": str(outcome.status),
                "detail": outcome.detail,
                "detail_message": None if kept is None else kept.to_json(),
            }
            for outcome in report.outcomes
            for kept in [outcome.detail_message]
        ],
    }


def _writes(report: RunReport) -> str:
    """'3 list edits, 2 away changes without a revision, 1 mentee moved' (or 'none')."""
    kinds = report.writes_by_kind()
    if not kinds:
        return say("mentorwatch-cli-writes-none")
    return ", ".join(say(_WRITE_KINDS[kind], num_writes=count) for kind, count in kinds.items())


#: each kind of write, counted ("1 list edit", "3 list edits")
_WRITE_KINDS = {
    WriteKind.LIST_EDIT: "mentorwatch-cli-writes-list-edits",
    WriteKind.AWAY_PREFERENCE: "mentorwatch-cli-writes-away-changes",
    WriteKind.MENTEE_MOVED: "mentorwatch-cli-writes-mentees-moved",
    WriteKind.MESSAGE: "mentorwatch-cli-writes-messages",
}
