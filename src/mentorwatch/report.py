"""Plans for people (a table) and for scripts (JSON)."""

from __future__ import annotations

from typing import TYPE_CHECKING

__all__ = ["decision_to_json", "plan_to_json", "plan_to_text", "report_to_text"]

from mentorwatch.domain.plan_json import decision_to_json, plan_to_json
from mentorwatch.domain.planner import Plan
from mentorwatch.domain.timeutil import format_timestamp

if TYPE_CHECKING:
    from mentorwatch.service.run_report import RunReport


def plan_to_text(plan: Plan) -> str:
    """A readable table: one row per mentor, then the reasons, then the counts."""
    config = plan.config
    rules = []
    rules.append(
        f"away after {config.autoaway_after_days} days" if config.autoaway_enabled else "away: off"
    )
    rules.append(
        f"removal after {config.autoremove_after_days} days"
        if config.autoremove_enabled
        else "removal: off"
    )
    lines = [f"Plan at {format_timestamp(plan.now)} ({'; '.join(rules)})", ""]
    header = ("MENTOR", "ACTION", "DAYS INACTIVE", "AWAY UNTIL", "FLAGS")
    rows = [header]
    for decision in plan.decisions:
        days = "-" if decision.days_inactive is None else f"{decision.days_inactive:.1f}"
        if decision.last_active_at is None and decision.problem is None:
            days = "never"
        away = (
            "-"
            if decision.away_until_after is None
            else format_timestamp(decision.away_until_after)
        )
        rows.append(
            (
                decision.username,
                decision.action.value,
                days,
                away,
                ",".join(flag.value for flag in decision.flags) or "-",
            )
        )
    widths = [max(len(row[index]) for row in rows) for index in range(len(header))]
    for row in rows:
        lines.append(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )
    lines.append("")
    lines.append("Reasons:")
    for decision in plan.decisions:
        lines.append(f"- {decision.username} ({decision.action.value}): {decision.reason}")
    counts = plan.counts()
    lines.append("")
    lines.append(
        "Summary: "
        + ", ".join(f"{count} {action.value}" for action, count in counts.items())
        + f"; {len(plan.problems())} with input problems"
    )
    return "\n".join(lines)


def report_to_text(report: RunReport) -> str:
    """What a run did: each action's outcome, then counts, edits and failures."""
    mode = "dry run" if report.dry_run else "run"
    caps = report.capabilities
    lines = [f"mentorwatch {mode} on {report.wiki} (backend {caps.backend}, run #{report.run_id})"]
    lines.extend(f"note: {note}" for note in caps.notes)
    lines.extend(f"recovered: {line}" for line in report.recovered)
    lines.extend(f"problem: {problem}" for problem in report.problems)
    if report.refused:
        lines.append(f"REFUSED: {report.refused}")
    lines.append("")
    if not report.outcomes:
        lines.append("No changes needed.")
    for outcome in report.outcomes:
        detail = f" ({outcome.detail})" if outcome.detail else ""
        lines.append(f"{outcome.status:>8}  {outcome.action:<11} {outcome.username}{detail}")
    flagged = [d for d in report.plan.decisions if d.flags]
    if flagged:
        lines.append("")
        lines.append("Worth a look (not acted on, or flagged):")
        for decision in flagged:
            flags = ", ".join(flag.value for flag in decision.flags)
            lines.append(f"  {decision.username} [{flags}]: {decision.reason}")
    counts = report.plan.counts()
    lines.append("")
    lines.append(
        "Planned: " + ", ".join(f"{count} {action.value}" for action, count in counts.items())
    )
    lines.append(
        f"Edits made: {report.edits}; failures: {len(report.failures)}; "
        f"API requests: {report.requests}"
    )
    return "\n".join(lines)
