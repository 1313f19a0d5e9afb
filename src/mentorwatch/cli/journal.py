"""Commands on the journal: ``history``, ``undo`` (put a run back), ``unlock``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from mentorwatch.cli.options import DATABASE, SETTINGS, WIKI, operator_settings
from mentorwatch.cli.render import (
    echo,
    echo_line,
    history_to_json,
    history_to_text,
    json_text,
    undo_to_text,
)
from mentorwatch.cli.speech import say
from mentorwatch.errors import EXIT_ACTION_FAILED, InvalidInput
from mentorwatch.wiring import make_undo, open_journal, open_wiki


@click.command("history")
@click.option("--wiki", metavar="API_URL", help="Only this wiki.")
@click.option("--mentor", metavar="NAME", help="Only what was done to this mentor (or mentee).")
@click.option("--run", "run_id", type=int, help="Only this run, with its decisions.")
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@SETTINGS
@DATABASE
def history_command(
    wiki: str | None,
    mentor: str | None,
    run_id: int | None,
    limit: int,
    as_json: bool,
    settings_path: Path | None,
    database: str | None,
) -> None:
    """What mentorwatch did: runs, and every action with its outcome and revision."""
    journal = open_journal(
        operator_settings(settings_path, wiki, database), existing=True, read_only=True
    )
    runs = [journal.runs.get(run_id)] if run_id is not None else journal.runs.recent(wiki, limit)
    records = journal.actions.find(run_id=run_id, wiki=wiki, username=mentor, limit=limit)
    decisions = journal.runs.decisions(run_id) if run_id is not None else None
    if as_json:
        echo(json_text(history_to_json(runs, records, decisions)))
    else:
        echo(history_to_text(runs if mentor is None else None, records, decisions))


@click.command("undo")
@click.argument("run_id", type=int)
@click.option("--mentor", metavar="NAME", help="Only what the run did to this mentor.")
@click.option("--dry-run", is_flag=True, help="Show what would be put back, change nothing.")
@click.option(
    "--wiki",
    metavar="API_URL",
    help="The run's wiki (needed unless the settings name it): undo signs in only there.",
)
@click.option(
    "--no-exempt",
    is_flag=True,
    help="Do not exempt the mentors put back (by default they are exempt on the rules page "
    "until the run after next, so the next run does not redo the undone action).",
)
@SETTINGS
@DATABASE
def undo_command(
    run_id: int,
    mentor: str | None,
    dry_run: bool,
    wiki: str | None,
    no_exempt: bool,
    settings_path: Path | None,
    database: str | None,
) -> None:
    """Put back what run RUN_ID did (removed mentors return as they were; aways are cleared
    if the mentor has not changed them since), and exempt those mentors on the rules page until
    the run after next. Journaled as a run of its own."""
    journal = open_journal(operator_settings(settings_path, None, database), existing=True)
    original = journal.runs.get(run_id)
    settings = operator_settings(settings_path, original.wiki, database)
    address = trusted_wiki(original.wiki, wiki, settings.wikis, run_id)
    connection = open_wiki(
        address, settings, backend=original.backend, require_login=not dry_run
    )  # the undo refuses a wiki that names itself otherwise than the journal (CannotUndo)
    report = make_undo(connection, journal, exempt=not no_exempt).undo(run_id, mentor, dry_run)
    echo(undo_to_text(report, run_id, dry_run))
    if report.failures:
        sys.exit(EXIT_ACTION_FAILED)


class UntrustedWiki(InvalidInput):
    """The journal names a wiki the operator did not: undo will not sign in there."""


def trusted_wiki(journaled: str, asked: str | None, named: tuple[str, ...], run_id: int) -> str:
    """Where undo signs in (with the operator's credentials): the wiki the operator names with
    ``--wiki`` (any spelling of it: the wiki must then name itself as the journal does), or
    the journal row's wiki only when the settings name it too. A journal is data, and whoever
    can write it must not be able to send the credentials elsewhere."""
    if asked is not None:
        return asked
    if journaled not in named:
        raise UntrustedWiki(say("mentorwatch-cli-undo-untrusted-wiki", run=run_id, wiki=journaled))
    return journaled


@click.command("unlock")
@WIKI
@SETTINGS
@DATABASE
@click.option("--force", is_flag=True, help="Release it even though its lease is still live.")
def unlock_command(
    wiki: str, settings_path: Path | None, database: str | None, force: bool
) -> None:
    """Release a wiki's run lock left by a dead run (a live lease needs --force)."""
    settings = operator_settings(settings_path, wiki, database)
    held = open_journal(settings, existing=True).locks.unlock(wiki, force=force)
    if held:
        echo_line(say("mentorwatch-cli-unlock-released", lock=str(held)))
    else:
        echo_line(say("mentorwatch-cli-unlock-not-locked", wiki=wiki))
