"""``run --all``: every wiki the settings name, a bounded few at once (``service/run_all.py``),
one summary at the end."""

from __future__ import annotations

import sys
from collections.abc import Callable

import click

from mentorwatch.cli.render import echo, echo_line, json_text
from mentorwatch.cli.speech import say
from mentorwatch.domain.shards import Shard
from mentorwatch.service.run_all import WikiResult, run_wikis, worst_exit_code
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
        raise click.UsageError(say("mentorwatch-cli-usage-all-needs-wikis"))
    share = shard.select(wikis) if shard is not None else wikis
    if shard is not None:
        shown = say("mentorwatch-cli-shard", shard=str(shard), share=len(share), total=len(wikis))
        echo(shown, err=True)
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
        echo_line(say("mentorwatch-cli-run-all-done", done=done, num_wikis=len(results)))
        for result in results:
            echo_line("  " + _wiki_line(result))
    if failed:
        wikis_failed = ", ".join(result.wiki for result in failed)
        echo_line(say("mentorwatch-cli-run-all-failed-wikis", wikis=wikis_failed), err=True)
        sys.exit(worst_exit_code(results))


def _wiki_line(result: WikiResult) -> str:
    """'https://…/api.php: ok (run #12, 3 edits)' for one wiki of ``run --all``."""
    report = result.report
    if report is None:
        edits = say("mentorwatch-cli-run-all-no-run")
    else:
        edits = say("mentorwatch-cli-run-all-edits", run=report.run_id, num_edits=report.edits)
    if result.ok:
        return say("mentorwatch-cli-run-all-ok", wiki=result.wiki, edits=edits)
    return say(
        "mentorwatch-cli-run-all-failed",
        wiki=result.wiki,
        code=result.exit_code,
        error=str(result.error),
        edits=edits,
    )
