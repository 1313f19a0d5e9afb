"""Everything the commands print that is more than a line: plans, undo reports, the journal's
history, a configuration check (a run's report: ``cli/run_text.py``; an away verdict:
``cli/offline.py``), in the operator's language (``cli/speech.py``).

Pure functions from results to text; the commands only echo what they return. (Plans and
decisions as JSON for scripts are :func:`mentorwatch.service.plan_json.plan_to_json`.)
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import click

from mentorwatch.cli.speech import outcome_detail, reason_text, say, status_word, stored
from mentorwatch.domain.config import CommunityConfig
from mentorwatch.domain.outcomes import WriteKind
from mentorwatch.domain.planner import Plan
from mentorwatch.domain.status import MentorStatus
from mentorwatch.domain.timeutil import format_timestamp
from mentorwatch.language.render import readable
from mentorwatch.service.undo import UndoReport
from mentorwatch.store.journal import ActionRecord, RunRecord

Row = Mapping[str, Any]

#: what may need escaping: anything but printable ASCII and the line break (checked per
#: character by :func:`_unsafe`)
_SUSPECT = re.compile(r"[^\x20-\x7e\n]")
#: Unicode categories never sent to a terminal as they are: controls (ESC starts terminal
#: escape sequences), format characters (bidi overrides and isolates that reorder text,
#: zero-width spaces and joiners, the soft hyphen, tags), line and paragraph separators,
#: and lone surrogates
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})


def _unsafe(character: str) -> bool:
    return unicodedata.category(character) in _UNSAFE_CATEGORIES


#: the zero-width non-joiner and joiner: part of the spelling in Persian, Hindi and other
#: scripts (and emoji sequences), so kept right after a letter or mark of such a script;
#: anywhere else (after a Latin letter, at the start) they only hide, and are escaped
_JOINERS = frozenset("\u200c\u200d")


def _in_script(found: re.Match[str]) -> bool:
    before = found.string[found.start() - 1] if found.start() > 0 else ""
    return not before.isascii() and unicodedata.category(before)[0] in "LMS"


def _escaped(found: re.Match[str]) -> str:
    character = found.group()
    if not _unsafe(character) or (character in _JOINERS and _in_script(found)):
        return character
    code = ord(character)
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    high, low = divmod(code - 0x10000, 0x400)  # as JSON writes it: a surrogate pair
    return f"\\u{0xD800 + high:04x}\\u{0xDC00 + low:04x}"


def terminal_safe(text: str) -> str:
    """``text`` with every control, format (bidi, zero-width) and separator character but the
    line break escaped as ``\\uXXXX`` (valid inside JSON strings too). Wiki data (user names,
    messages, reasons quoting them) is anyone's text: it must not recolour, move, hide or
    reorder what we print."""
    return _SUSPECT.sub(_escaped, text)


def one_line(text: str) -> str:
    """:func:`terminal_safe`, the line break escaped too: a value (a name, a reason, an
    error) printed inside a line can never start a line of its own."""
    return terminal_safe(text).replace("\n", "\\u000a")


def lines_text(lines: Sequence[str]) -> str:
    """Lines made from wiki data, joined: each one stays one line (:func:`one_line`)."""
    return "\n".join(one_line(line) for line in lines)


def echo(text: str, *, err: bool = False) -> None:
    """Print text made of whole lines (a report from :func:`lines_text`, JSON) as every
    command prints: through :func:`terminal_safe`."""
    click.echo(terminal_safe(text), err=err)


def echo_line(line: str, *, err: bool = False) -> None:
    """Print one line that holds values (a warning, an error naming a page): one line on
    the terminal, whatever the values hold."""
    click.echo(one_line(line), err=err)


def json_text(document: object, *, ensure_ascii: bool = False) -> str:
    """JSON for scripts: indented, non-ASCII as is unless asked."""
    return json.dumps(document, indent=2, ensure_ascii=ensure_ascii)


# --- files -------------------------------------------------------------------------------------


def config_check_to_text(path: Path, config: CommunityConfig, ignored: Sequence[str]) -> str:
    """``config check`` of a valid configuration: the two rules, then what was ignored."""
    lines = [say("mentorwatch-cli-config-valid", file=str(path))]
    for rule in config.describe_rules():
        if rule.enabled:
            state = say("mentorwatch-cli-config-rule-on", rule=rule.label, num_days=rule.after_days)
        else:
            state = say("mentorwatch-cli-config-rule-off", rule=rule.label)
        lines.append(f"  {state}")
    if ignored:
        lines.append("  " + say("mentorwatch-cli-config-ignored", keys=", ".join(ignored)))
    return lines_text(lines)


def plan_to_text(plan: Plan) -> str:
    """A readable table: one row per mentor, then the reasons, then the counts."""
    rules = "; ".join(
        say("mentorwatch-cli-plan-rule-on", rule=rule.name, num_days=rule.after_days)
        if rule.enabled
        else say("mentorwatch-cli-plan-rule-off", rule=rule.name)
        for rule in plan.config.describe_rules()
    )
    at = say("mentorwatch-cli-plan-at", moment=format_timestamp(plan.now), rules=rules)
    lines = [at, *rules_lines(plan), ""]
    header = tuple(say(f"mentorwatch-cli-column-{name}") for name in PLAN_COLUMNS)
    lines.extend(_table(header, _rows(plan)))
    lines.append("")
    lines.append(say("mentorwatch-cli-reasons"))
    for decision in plan.decisions:
        lines.append(f"- {decision.username} ({decision.action.value}): {reason_text(decision)}")
    counts = ", ".join(f"{count} {action.value}" for action, count in plan.counts().items())
    lines.append("")
    lines.append(say("mentorwatch-cli-summary", counts=counts, problems=len(plan.problems())))
    return lines_text(lines)


#: the plan table's columns (their headers: ``mentorwatch-cli-column-*``)
PLAN_COLUMNS = ("mentor", "status", "action", "days", "away", "flags")


def rules_lines(plan: Plan) -> list[str]:
    """Where the plan's rules came from, and why they are not used when they are not."""
    if plan.rules is None:
        return [say("mentorwatch-cli-rules-not-recorded")]
    lines = [say("mentorwatch-cli-rules-from", source=plan.rules.describe())]
    if plan.rules.refusal is not None:
        lines.append(say("mentorwatch-cli-refused", refusal=plan.rules.refusal))
    return lines


def statuses_to_lines(plan: Plan) -> list[str]:
    """'Mentors by status:' then one line per status found: its label, how many, who (every
    one but the active, who need nothing: counted only; ``run --json`` names them all)."""
    found: dict[MentorStatus, list[str]] = {}
    for decision in plan.decisions:
        found.setdefault(decision.status, []).append(decision.username)
    if not found:
        return []
    lines = ["", say("mentorwatch-cli-by-status")]
    for status in MentorStatus:
        names = found.get(status)
        if not names:
            continue
        who = "" if status is MentorStatus.ACTIVE else f" ({', '.join(names)})"
        lines.append(f"  {status_word(status)}: {len(names)}{who}")
    return lines


def _rows(plan: Plan) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    for decision in plan.decisions:
        days = "-" if decision.days_inactive is None else f"{decision.days_inactive:.1f}"
        if decision.last_active_at is None and decision.problem is None:
            days = say("mentorwatch-cli-never")
        away = (
            "-"
            if decision.away_until_after is None
            else format_timestamp(decision.away_until_after)
        )
        flags = ",".join(flag.value for flag in decision.flags) or "-"
        status = status_word(decision.status)
        rows.append((decision.username, status, decision.action.value, days, away, flags))
    return rows


def _table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    """Left-aligned columns as wide as their widest cell, two spaces apart."""
    rows = [header, *rows]
    widths = [max(len(row[index]) for row in rows) for index in range(len(header))]
    return [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]


# --- the journal -----------------------------------------------------------------------------


def history_to_json(
    runs: Sequence[RunRecord], records: Sequence[ActionRecord], decisions: Sequence[Row] | None
) -> dict[str, Any]:
    """``history --json``: runs, actions and (for one run) its decisions."""
    document: dict[str, Any] = {
        "runs": [run.to_json() for run in runs],
        "actions": [readable(readable(record.to_json()), "detail") for record in records],
    }
    if decisions is not None:
        document["decisions"] = [readable(decision) for decision in decisions]
    return document


def history_to_text(
    runs: Sequence[RunRecord] | None,
    records: Sequence[ActionRecord],
    decisions: Sequence[Row] | None,
) -> str:
    """``history``: the runs (unless ``None``), one run's decisions (if given), the actions."""
    lines: list[str] = []
    if runs is not None:
        lines.append(say("mentorwatch-cli-runs"))
        for run in runs:
            mode = say("mentorwatch-cli-dry-run") if run.dry_run else run.kind
            summary = run.summary or {}
            writes = summary.get("writes")
            edits = (
                writes.get(str(WriteKind.LIST_EDIT), 0)
                if isinstance(writes, dict)
                else summary.get("edits", "-")
            )
            edits_shown = say("mentorwatch-cli-history-edits", edits=f"{edits!s:<4}")
            lines.append(
                f"  #{run.id:<5} {format_timestamp(run.started_at)}  {mode:<8} {run.status:<11} "
                f"{edits_shown} {_trouble(summary)}{run.wiki}"
            )
        lines.append("")
    if decisions:
        lines.append(say("mentorwatch-cli-decisions"))
        for decision in decisions:
            status = _status_of(decision)
            said = stored(decision["reason"])  # messages rendered, older prose as it is
            lines.append(f"  {decision['action']:<11} {decision['username']}{status}: {said}")
        lines.append("")
    elif decisions is not None:
        lines.append(say("mentorwatch-cli-no-decisions"))
        lines.append("")
    lines.append(say("mentorwatch-cli-actions" if records else "mentorwatch-cli-no-actions"))
    for record in records:
        revision = (
            say("mentorwatch-cli-history-revision", revision=record.revision_id)
            if record.revision_id
            else ""
        )
        detail = f" ({stored(record.detail)})" if record.detail else ""
        in_run = say("mentorwatch-cli-history-run", run=f"{record.run_id:<4}")
        lines.append(
            f"  {in_run} {format_timestamp(record.started_at)}  {record.status:<10} "
            f"{record.action:<14} {record.username}  {revision}{detail}"
        )
    return lines_text(lines)


def _status_of(decision: Row) -> str:
    """' [away]': a journaled decision's status in words (as journaled, if not a status)."""
    evidence = decision.get("evidence") or {}
    value, label = evidence.get("status"), evidence.get("status_label")
    if value in set(MentorStatus):
        label = status_word(MentorStatus(value))
    return f" [{label}]" if label else ""


def _trouble(summary: Mapping[str, Any]) -> str:
    """'failures 2  needs admin 1  ' for a run's line in ``history`` (nothing when none)."""
    failures = summary.get("failures") or 0
    needed = summary.get("needs_admin") or []
    shown = say("mentorwatch-cli-history-failures", failures=failures) + "  " if failures else ""
    if needed:
        shown += say("mentorwatch-cli-history-needs-admin", needed=len(needed)) + "  "
    return shown


def undo_to_text(report: UndoReport, run_id: int, dry_run: bool) -> str:
    """What an undo put back (or would)."""
    key = "mentorwatch-cli-undo-head-dry" if dry_run else "mentorwatch-cli-undo-head"
    lines = [say(key, undone=run_id, wiki=report.wiki, run=report.run_id)]
    if not report.outcomes:
        lines.append(say("mentorwatch-cli-nothing-to-put-back"))
    for outcome in report.outcomes:
        detail = f" ({outcome_detail(outcome)})" if outcome.detail else ""
        lines.append(f"{outcome.status:>8}  {outcome.action:<15} {outcome.username}{detail}")
    return lines_text(lines)
