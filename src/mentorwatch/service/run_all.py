"""``run --all``: every wiki's run in a bounded pool, each failure kept to its wiki.

Every wiki's run is independent (its own connection, its own lock in the journal), so one
wiki being down, refused or failing never stops the others; the result says what happened to
each, in the order the wikis were given.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from mentorwatch.errors import (
    EXIT_ACTION_FAILED,
    EXIT_MISSING_RIGHT,
    EXIT_OK,
    EXIT_REFUSED,
    EXIT_STOPPED,
    exit_code_for,
)
from mentorwatch.service.run_report import RunReport


@dataclass(frozen=True)
class WikiResult:
    wiki: str
    exit_code: int
    report: RunReport | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.exit_code == EXIT_OK

    def to_json(self) -> dict[str, Any]:
        return {
            "wiki": self.wiki,
            "exit_code": self.exit_code,
            "ok": self.ok,
            "run_id": self.report.run_id if self.report else None,
            "summary": self.report.summary() if self.report else None,
            "error": self.error,
        }


def run_wikis(
    wikis: Sequence[str], run_one: Callable[[str], RunReport], *, parallel: int
) -> list[WikiResult]:
    """Run ``run_one`` for every wiki, at most ``parallel`` at once."""
    with ThreadPoolExecutor(max_workers=max(1, parallel), thread_name_prefix="wiki") as pool:
        return list(pool.map(lambda wiki: _isolated(wiki, run_one), wikis))


def _isolated(wiki: str, run_one: Callable[[str], RunReport]) -> WikiResult:
    try:
        report = run_one(wiki)
    except Exception as error:  # kept to this wiki: the others go on
        return WikiResult(wiki, exit_code_for(error), error=f"{type(error).__name__}: {error}")
    code, why = outcome_of(report)
    return WikiResult(wiki, code, report, why)


def outcome_of(report: RunReport) -> tuple[int, str | None]:
    """A finished run's exit code, and what went wrong in a few words (None: all done)."""
    if report.stopped:
        return EXIT_STOPPED, f"stopped: {report.stopped}"
    if report.refused:
        return EXIT_REFUSED, f"refused: {report.refused}"
    if report.failures:
        return EXIT_ACTION_FAILED, f"{len(report.failures)} failed"
    if report.lacks_rights:
        lacking = "; ".join(report.missing_rights) or f"{len(report.not_allowed)} not allowed"
        return EXIT_MISSING_RIGHT, f"missing rights: {lacking}"
    return EXIT_OK, None


def worst_exit_code(results: Sequence[WikiResult]) -> int:
    """The exit code of the whole ``run --all``: 0 when every wiki is done; else the highest
    exit code among them."""
    return max((result.exit_code for result in results), default=EXIT_OK)
