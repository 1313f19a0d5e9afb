"""``run --all``: every wiki the settings name, a bounded few at once (``service/run_all.py``),
one summary at the end."""

from __future__ import annotations

import sys
from collections.abc import Callable

import click

from mentorwatch.cli.render import echo, echo_line, json_text
from mentorwatch.domain.shards import Shard
from mentorwatch.domain.wording import plural
from mentorwatch.service.run_all import run_wikis, worst_exit_code
from mentorwatch.service.run_report import RunReport
from mentorwatch.settings import Settings


def run_all(
    settings: Settings,
    run_one: Callable[[str, bool], RunReport],
    parallel: int,
    as_json: bool,
    shard: Shard | None = None,
) -> None:
    """Run each wiki (its failure kept to it; only ``shard``'s share of them), print one
    summary, exit non-zero naming the wikis that did not finish cleanly."""
    wikis = list(dict.fromkeys(settings.wikis))
    if not wikis:
        raise click.UsageError(
            '--all needs the wikis in the settings file: a [wikis."https://.../w/api.php"] '
            'section per wiki, or wikis = ["https://.../w/api.php", ...] (see the README)'
        )
    share = shard.select(wikis) if shard is not None else wikis
    if shard is not None:
        echo(f"shard {shard}: {len(share)} of {len(wikis)} wikis", err=True)
    results = run_wikis(share, lambda wiki: run_one(wiki, False), parallel=parallel)
    failed = [result for result in results if not result.ok]
    if as_json:
        echo(
            json_text(
                {
                    "wikis": [result.to_json() for result in results],
                    "failed": [result.wiki for result in failed],
                    "shard": str(shard) if shard is not None else None,
                }
            )
        )
    else:
        done = len(results) - len(failed)
        echo_line(f"mentorwatch run --all: {done} of {plural(len(results), 'wiki')} done")
        for result in results:
            report = result.report
            edits = f"run #{report.run_id}, {plural(report.edits, 'edit')}" if report else "no run"
            state = "ok" if result.ok else f"FAILED (exit {result.exit_code}): {result.error}"
            echo_line(f"  {result.wiki}: {state} ({edits})")
    if failed:
        echo_line("failed wikis: " + ", ".join(result.wiki for result in failed), err=True)
        sys.exit(worst_exit_code(results))
