"""Commands on a live wiki: ``snapshot`` (read it) and ``run`` (apply the community's rules)."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import click

from mentorwatch.cli.options import BACKEND, DATABASE, SETTINGS, WIKI, operator_settings
from mentorwatch.cli.preflight import missing_text
from mentorwatch.cli.render import echo, echo_line, json_text
from mentorwatch.cli.run_all import run_all
from mentorwatch.cli.run_text import report_to_json, report_to_text
from mentorwatch.cli.speech import say
from mentorwatch.domain.safety import SafetyLimits
from mentorwatch.domain.shards import Shard
from mentorwatch.domain.snapshot import encode_snapshot
from mentorwatch.service.cycle import Progress, RunOptions
from mentorwatch.service.preflight import preflight
from mentorwatch.service.run_all import outcome_of
from mentorwatch.service.run_report import RunReport
from mentorwatch.wiring import make_cycle, open_journal, open_wiki, system_clock

_DEFAULT_LIMITS = SafetyLimits()


@click.command("snapshot")
@WIKI
@BACKEND
@SETTINGS
@DATABASE
def snapshot_command(
    wiki: str, backend: str, settings_path: Path | None, database: str | None
) -> None:
    """Read a live wiki into a snapshot (JSON on standard output), with the pauses and
    warnings the journal (--db) remembers for it."""
    settings = operator_settings(settings_path, wiki, database)
    connection = open_wiki(wiki, settings, backend=backend, require_login=False)
    live = make_cycle(connection, open_journal(settings), RunOptions(questions=True)).snapshot()
    for problem in live.problems:
        echo_line(say("mentorwatch-cli-warning", warning=problem), err=True)
    for note in live.notes:
        echo_line(say("mentorwatch-cli-note", note=note), err=True)
    rules = live.snapshot.rules
    if rules is not None and rules.refusal is not None:
        echo_line(say("mentorwatch-cli-snapshot-refused", refusal=rules.refusal), err=True)
    echo(json_text(encode_snapshot(live.snapshot)))


@click.command("run")
@click.option("--wiki", "wiki", metavar="API_URL", help="The wiki's api.php URL.")
@click.option(
    "--all",
    "all_wikis",
    is_flag=True,
    help='Run every wiki the settings file names ([wikis."URL"] sections or wikis = [...]).',
)
@click.option(
    "--parallel",
    type=click.IntRange(min=1, max=16),
    default=3,
    show_default=True,
    help="With --all: how many wikis run at once.",
)
@click.option(
    "--shard",
    metavar="K/N",
    help="With --all: run only the K-th of N shares of the wikis (a hash of each address picks "
    "its share), for N scheduled jobs sharing a long list.",
)
@click.option("--json", "as_json", is_flag=True, help="The run's report as JSON on stdout.")
@BACKEND
@SETTINGS
@DATABASE
@click.option("--dry-run", is_flag=True, help="Plan and journal, but make no edit.")
@click.option(
    "--allow-with-upstream-cleaner",
    is_flag=True,
    hidden=True,
    help="Deprecated, ignored: mentorwatch leaves to GrowthExperiments' own cleanup the "
    "actions it has on, and acts on the others.",
)
@click.option(
    "--max-removals",
    type=click.IntRange(min=0),
    help=f"Removals allowed per run (default: {_DEFAULT_LIMITS.max_removal_share:.0%} of the "
    f"list or {_DEFAULT_LIMITS.max_removal_count}, whichever is larger).",
)
@click.option(
    "--allow-mass-removal", is_flag=True, help="Remove even more mentors than the cap allows."
)
@click.option(
    "--max-marks-away",
    type=click.IntRange(min=0),
    help=f"Mentors marked away per run (default: {_DEFAULT_LIMITS.max_away_share:.0%} of the "
    f"list or {_DEFAULT_LIMITS.max_away_count}, whichever is larger).",
)
@click.option(
    "--allow-mass-away", is_flag=True, help="Mark even more mentors away than the cap allows."
)
@click.option(
    "--allow-all-inactive", is_flag=True, help="Act even though every mentor looks inactive."
)
@click.option(
    "--allow-incomplete-activity",
    is_flag=True,
    help="Act on the others even though some mentors' activity could not be read.",
)
@click.option(
    "--allow-small-pool",
    is_flag=True,
    help="Act even though fewer mentors than the rules page's minimum would take newcomers.",
)
def run_command(
    wiki: str | None,
    all_wikis: bool,
    parallel: int,
    shard: str | None,
    as_json: bool,
    backend: str,
    settings_path: Path | None,
    database: str | None,
    dry_run: bool,
    allow_with_upstream_cleaner: bool,
    max_removals: int | None,
    allow_mass_removal: bool,
    max_marks_away: int | None,
    allow_mass_away: bool,
    allow_all_inactive: bool,
    allow_incomplete_activity: bool,
    allow_small_pool: bool,
) -> None:
    """Snapshot, plan and apply the community's rules to a wiki's mentor list.

    Meant to run weekly (cron, or a Toolforge job: see the README). A run with nothing to do
    makes no edit and prints only its summary.

    Every run (a dry run too) first checks what the account may do (as ``preflight``) and
    does not try, before any write, the actions it lacks a right for.

    Exit codes: 0 done; 1 some action failed; 2 invalid input; 3 the wiki could not be used;
    4 refused (the rules page is not trusted, a safety check, another run); 5 stopped
    part-way (the lock was lost); 6 a right is missing (named, with the grant to add).

    Where the wiki's GrowthExperiments has its own cleanup with a rule on, mentorwatch makes
    no list change for that rule (the plan says so) and still warns and notifies.
    """
    if allow_with_upstream_cleaner:
        echo(say("mentorwatch-cli-deprecated-upstream-flag"), err=True)
    safety = SafetyLimits.with_cap(
        max_removals,
        max_marks_away=max_marks_away,
        allow_mass_removal=allow_mass_removal,
        allow_mass_away=allow_mass_away,
        allow_all_inactive=allow_all_inactive,
        allow_incomplete_activity=allow_incomplete_activity,
        allow_small_pool=allow_small_pool,
    )
    share = _which_wikis(wiki, all_wikis, shard)
    run_one = _runner(settings_path, database, backend, dry_run, safety, quiet=as_json)
    if all_wikis:
        run_all(operator_settings(settings_path, None, database), run_one, parallel, as_json, share)
        return
    assert wiki is not None
    report = run_one(wiki, True)
    echo(json_text(report_to_json(report)) if as_json else report_to_text(report))
    code, _ = outcome_of(report)
    if code:
        sys.exit(code)


def _which_wikis(wiki: str | None, all_wikis: bool, shard: str | None) -> Shard | None:
    """One wiki or all (the share of them ``--shard`` names), or a usage error."""
    if all_wikis == (wiki is not None):
        raise click.UsageError(say("mentorwatch-cli-usage-run-which"))
    if shard is not None and not all_wikis:
        raise click.UsageError(say("mentorwatch-cli-usage-shard"))
    return Shard.parse(shard) if shard is not None else None


def _runner(
    settings_path: Path | None,
    database: str | None,
    backend: str,
    dry_run: bool,
    safety: SafetyLimits,
    *,
    quiet: bool,
) -> Callable[[str, bool], RunReport]:
    """One wiki's run, with that wiki's settings (``[wikis."URL"]`` overrides applied)."""

    def run_one(api_url: str, progress: bool = True) -> RunReport:
        settings = operator_settings(settings_path, api_url, database)
        journal = open_journal(settings)
        connection = open_wiki(api_url, settings, backend=backend, require_login=not dry_run)
        checked = preflight(connection.backend, journal.describe(), now=system_clock())
        for check in checked.gaps_on:
            echo(
                say(
                    "mentorwatch-cli-preflight-gap", wiki=checked.wiki, missing=missing_text(check)
                ),
                err=True,
            )
        options = RunOptions(
            dry_run=dry_run,
            run_interval=timedelta(days=settings.run_interval_days),
            summaries=settings.summaries,
            safety=safety,
            preflight=checked,
        )
        with _progress(progress and not quiet, dry_run=dry_run) as on_progress:
            return make_cycle(connection, journal, options, on_progress=on_progress).run()

    return run_one


@contextlib.contextmanager
def _progress(wanted: bool = True, *, dry_run: bool = False) -> Iterator[Progress | None]:
    """A progress bar on a terminal; nothing when output goes to a file or a pipe. A dry run
    applies nothing: it journals what it would do."""
    if not wanted or not sys.stderr.isatty():
        yield None
        return
    label = say("mentorwatch-cli-progress-dry" if dry_run else "mentorwatch-cli-progress")
    with click.progressbar(length=1, label=label, file=sys.stderr) as bar:

        def update(done: int, total: int) -> None:
            bar.length = total
            bar.update(done - bar.pos)

        yield update
