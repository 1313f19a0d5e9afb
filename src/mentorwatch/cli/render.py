"""Everything the commands print that is more than a line: plans, run and undo reports,
the journal's history, a configuration check, an away verdict.

Pure functions from results to text; the commands only echo what they return. (Plans and
decisions as JSON for scripts are :func:`mentorwatch.domain.plan_json.plan_to_json`.)
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from mentorwatch.domain.away import AwayVerdict
from mentorwatch.domain.config import CommunityConfig
from mentorwatch.domain.outcomes import WriteKind
from mentorwatch.domain.planner import Plan
from mentorwatch.domain.timeutil import format_timestamp
from mentorwatch.service.run_report import RunReport
from mentorwatch.service.undo import UndoReport
from mentorwatch.store.journal import ActionRecord, RunRecord

Row = Mapping[str, Any]

#: shown escaped (``\\u202e``), never sent to the terminal as is: control characters (ESC
#: starts terminal escape sequences) and the invisible marks that reorder text (bidi)
_UNSAFE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")


def terminal_safe(text: str) -> str:
    """``text`` with every control and bidi character but the line break escaped as
    ``\\uXXXX`` (valid inside JSON strings too). Wiki data (user names, messages, reasons
    quoting them) is anyone's text: it must not recolour, move or reorder what we print."""
    return _UNSAFE.sub(lambda found: f"\\u{ord(found.group()):04x}", text)


def echo(text: str, *, err: bool = False) -> None:
    """Print a line (or lines) as every command prints: through :func:`terminal_safe`."""
    click.echo(terminal_safe(text), err=err)


def json_text(document: object, *, ensure_ascii: bool = False) -> str:
    """JSON for scripts: indented, non-ASCII as is unless asked."""
    return json.dumps(document, indent=2, ensure_ascii=ensure_ascii)


# --- files -------------------------------------------------------------------------------------


def config_check_to_text(path: Path, config: CommunityConfig, ignored: Sequence[str]) -> str:
    """``config check`` of a valid configuration: the two rules, then what was ignored."""
    lines = [f"{path}: valid"]
    for rule in config.describe_rules():
        state = f"on, {rule.state} of inactivity" if rule.enabled else "off"
        lines.append(f"  {rule.label}: {state}")
    if ignored:
        lines.append(f"  Ignored (other GrowthExperiments settings): {', '.join(ignored)}")
    return "\n".join(lines)


def verdict_to_text(verdict: AwayVerdict, now: datetime) -> str:
    """``away check``: allowed, or refused with the latest date that would be."""
    if verdict.allowed:
        return f"allowed: {verdict.message}"
    latest = format_timestamp(verdict.latest_allowed)
    return f"refused: {verdict.message}\n  (now {format_timestamp(now)}; latest allowed {latest})"


def plan_to_text(plan: Plan) -> str:
    """A readable table: one row per mentor, then the reasons, then the counts."""
    rules = "; ".join(
        f"{rule.name} {rule.state}" if rule.enabled else f"{rule.name}: off"
        for rule in plan.config.describe_rules()
    )
    lines = [f"Plan at {format_timestamp(plan.now)} ({rules})", ""]
    lines.extend(_table(("MENTOR", "ACTION", "DAYS INACTIVE", "AWAY UNTIL", "FLAGS"), _rows(plan)))
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


def _rows(plan: Plan) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    for decision in plan.decisions:
        days = "-" if decision.days_inactive is None else f"{decision.days_inactive:.1f}"
        if decision.last_active_at is None and decision.problem is None:
            days = "never"
        away = (
            "-"
            if decision.away_until_after is None
            else format_timestamp(decision.away_until_after)
        )
        flags = ",".join(flag.value for flag in decision.flags) or "-"
        rows.append((decision.username, decision.action.value, days, away, flags))
    return rows


def _table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    """Left-aligned columns as wide as their widest cell, two spaces apart."""
    rows = [header, *rows]
    widths = [max(len(row[index]) for row in rows) for index in range(len(header))]
    return [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]


# --- live wikis ------------------------------------------------------------------------------


def report_to_text(report: RunReport) -> str:
    """What a run did: each action's outcome, then counts, edits and failures."""
    mode = "dry run" if report.dry_run else "run"
    caps = report.capabilities
    when = f" at {format_timestamp(report.started_at)}" if report.started_at else ""
    lines = [
        f"mentorwatch {mode} on {report.wiki}{when} (backend {caps.backend}, run #{report.run_id})"
    ]
    lines.extend(f"note: {note}" for note in (*caps.notes, *report.notes))
    lines.extend(f"recovered: {line}" for line in report.recovered)
    lines.extend(f"problem: {problem}" for problem in report.problems)
    if report.refused:
        lines.append(f"REFUSED: {report.refused}")
    if report.stopped:
        lines.append(
            f"STOPPED: {report.stopped}. What was done is listed below; the rest is left to "
            "the run holding the lock."
        )
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
        f"Writes: {_writes(report)}; failures: {len(report.failures)}; "
        f"API requests: {report.requests}"
    )
    return "\n".join(lines)


def report_to_json(report: RunReport) -> dict[str, Any]:
    """``run --json``: the run's summary and each outcome, for scripts and log collectors."""
    return {
        "wiki": report.wiki,
        "run_id": report.run_id,
        "dry_run": report.dry_run,
        "started_at": format_timestamp(report.started_at) if report.started_at else None,
        "backend": report.capabilities.backend,
        "summary": report.summary(),
        "outcomes": [
            {
                "username": outcome.username,
                "action": str(outcome.action),
                "status": str(outcome.status),
                "detail": outcome.detail,
            }
            for outcome in report.outcomes
        ],
    }


def _writes(report: RunReport) -> str:
    """'3 list edits, 2 away changes without a revision, 1 mentee moved' (or 'none')."""
    kinds = report.writes_by_kind()
    if not kinds:
        return "none"
    return ", ".join(
        f"{count} {_PLURALS[kind] if count > 1 else kind}" for kind, count in kinds.items()
    )


_PLURALS = {
    WriteKind.LIST_EDIT: "list edits",
    WriteKind.AWAY_PREFERENCE: "away changes without a revision",
    WriteKind.MENTEE_MOVED: "mentees moved",
    WriteKind.MESSAGE: "talk page messages",
}


# --- the journal -----------------------------------------------------------------------------


def history_to_json(
    runs: Sequence[RunRecord], records: Sequence[ActionRecord], decisions: Sequence[Row] | None
) -> dict[str, Any]:
    """``history --json``: runs, actions and (for one run) its decisions."""
    document: dict[str, Any] = {
        "runs": [run.to_json() for run in runs],
        "actions": [record.to_json() for record in records],
    }
    if decisions is not None:
        document["decisions"] = decisions
    return document


def history_to_text(
    runs: Sequence[RunRecord] | None,
    records: Sequence[ActionRecord],
    decisions: Sequence[Row] | None,
) -> str:
    """``history``: the runs (unless ``None``), one run's decisions (if given), the actions."""
    lines: list[str] = []
    if runs is not None:
        lines.append("Runs:")
        for run in runs:
            mode = "dry run" if run.dry_run else run.kind
            summary = run.summary or {}
            writes = summary.get("writes")
            edits = (
                writes.get(str(WriteKind.LIST_EDIT), 0)
                if isinstance(writes, dict)
                else summary.get("edits", "-")
            )
            lines.append(
                f"  #{run.id:<5} {format_timestamp(run.started_at)}  {mode:<8} {run.status:<11} "
                f"edits {edits!s:<4} {run.wiki}"
            )
        lines.append("")
    if decisions is not None:
        lines.append("Decisions:")
        for decision in decisions:
            lines.append(f"  {decision['action']:<11} {decision['username']}: {decision['reason']}")
        lines.append("")
    lines.append("Actions:" if records else "No actions recorded.")
    for record in records:
        revision = f"rev {record.revision_id}" if record.revision_id else ""
        detail = f" ({record.detail})" if record.detail else ""
        lines.append(
            f"  run #{record.run_id:<4} {format_timestamp(record.started_at)}  {record.status:<10} "
            f"{record.action:<14} {record.username}  {revision}{detail}"
        )
    return "\n".join(lines)


def undo_to_text(report: UndoReport, run_id: int, dry_run: bool) -> str:
    """What an undo put back (or would)."""
    mode = "dry run of undo" if dry_run else "undo"
    lines = [f"mentorwatch {mode} of run #{run_id} on {report.wiki} (run #{report.run_id})"]
    if not report.outcomes:
        lines.append("Nothing to put back.")
    for outcome in report.outcomes:
        detail = f" ({outcome.detail})" if outcome.detail else ""
        lines.append(f"{outcome.status:>8}  {outcome.action:<15} {outcome.username}{detail}")
    return "\n".join(lines)
