"""The ``mentorwatch`` command: a thin layer over the domain.

Exit codes: 0 success; 1 a refusal the user asked about (``away check``); 2 invalid input.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import sys
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, NoReturn

import click

from mentorwatch import __version__
from mentorwatch.domain.away import check_self_away
from mentorwatch.domain.config import ConfigError, ignored_keys, parse_config
from mentorwatch.domain.config_schema import config_json_schema
from mentorwatch.domain.planner import plan
from mentorwatch.domain.safety import SafetyLimits
from mentorwatch.domain.snapshot import (
    SNAPSHOT_FORMAT,
    Snapshot,
    SnapshotError,
    decode_snapshot,
    encode_snapshot,
)
from mentorwatch.domain.timeutil import TimestampError, format_timestamp, parse_timestamp
from mentorwatch.jsonfile import JsonFileError, load_json_file
from mentorwatch.report import plan_to_json, plan_to_text, report_to_text
from mentorwatch.service.cycle import Progress, RunOptions
from mentorwatch.service.undo import CannotUndo
from mentorwatch.settings import Settings, SettingsError, load_settings
from mentorwatch.store.journal import Journal, RunLocked, UnknownRun
from mentorwatch.store.migrate import JournalTooNew
from mentorwatch.wiki.connect import BACKENDS
from mentorwatch.wiki.errors import AuthenticationError, NotLoggedIn, WikiError
from mentorwatch.wiring import make_cycle, make_undo, open_journal, open_wiki

EXIT_REFUSED = 1
EXIT_FAILED = 1
EXIT_INVALID_INPUT = 2
EXIT_WIKI_ERROR = 3
EXIT_NOT_ALLOWED = 4


def _fail(message: str) -> NoReturn:
    click.echo(f"error: {message}", err=True)
    sys.exit(EXIT_INVALID_INPUT)


class _Timestamp(click.ParamType):  # type: ignore[type-arg]
    name = "ISO-8601"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> datetime:
        if isinstance(value, datetime):
            return value
        try:
            return parse_timestamp(str(value))
        except TimestampError as error:
            self.fail(str(error), param, ctx)


TIMESTAMP = _Timestamp()
FILE = click.Path(path_type=Path, dir_okay=False)


@click.group()
@click.version_option(__version__, prog_name="mentorwatch")
def main() -> None:
    """Keep a wiki's mentor list healthy: mark inactive mentors away, remove them, by the
    community's rules."""


@main.group("config")
def config_group() -> None:
    """The community configuration (GrowthExperiments' keys)."""


@config_group.command("check")
@click.argument("path", type=FILE)
def config_check(path: Path) -> None:
    """Validate a configuration file (the wiki's GrowthExperimentsMentorship.json)."""
    data = _load(path)
    if isinstance(data, Mapping) and data.get("format") == SNAPSHOT_FORMAT:
        data = data.get("config", {})
    try:
        config = parse_config(data)
    except ConfigError as error:
        for problem in error.problems:
            click.echo(f"error: {path}: {problem}", err=True)
        sys.exit(EXIT_INVALID_INPUT)
    click.echo(f"{path}: valid")
    away = (
        f"on, after {config.autoaway_after_days} days of inactivity"
        if config.autoaway_enabled
        else "off"
    )
    removal = (
        f"on, after {config.autoremove_after_days} days of inactivity"
        if config.autoremove_enabled
        else "off"
    )
    click.echo(f"  Mark inactive mentors as Away: {away}")
    click.echo(f"  Remove inactive mentors: {removal}")
    assert isinstance(data, Mapping)
    ignored = ignored_keys(data)
    if ignored:
        click.echo(f"  Ignored (other GrowthExperiments settings): {', '.join(ignored)}")


@config_group.command("schema")
def config_schema() -> None:
    """Print the configuration's JSON Schema."""
    click.echo(json.dumps(config_json_schema(), indent=2))


@main.command("plan")
@click.argument("snapshot_path", metavar="SNAPSHOT", type=FILE)
@click.option("--now", type=TIMESTAMP, help="Plan as of this time instead of the snapshot's.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def plan_command(snapshot_path: Path, now: datetime | None, as_json: bool) -> None:
    """Decide what happens to each mentor of a snapshot (makes no change anywhere)."""
    snapshot = _load_snapshot(snapshot_path, now)
    result = plan(snapshot)
    if as_json:
        click.echo(json.dumps(plan_to_json(result), indent=2, ensure_ascii=False))
    else:
        click.echo(plan_to_text(result))


@main.group("away")
def away_group() -> None:
    """A mentor's own away settings."""


@away_group.command("check")
@click.argument("path", metavar="SNAPSHOT_OR_CONFIG", type=FILE)
@click.option("--until", "until", type=TIMESTAMP, required=True, help="Requested end of the away.")
@click.option("--now", type=TIMESTAMP, help="Default: the snapshot's time, else the clock.")
def away_check(path: Path, until: datetime, now: datetime | None) -> None:
    """May a mentor set themselves away until --until? Exit 0 allowed, 1 refused."""
    data = _load(path)
    if isinstance(data, Mapping) and data.get("format") == SNAPSHOT_FORMAT:
        snapshot = _decode_snapshot(path, data, now)
        config, moment = snapshot.config, snapshot.now
    else:
        try:
            config = parse_config(data)
        except ConfigError as error:
            _fail(f"{path}: {error}")
        moment = now or datetime.now(UTC)
    verdict = check_self_away(config, moment, until)
    if verdict.allowed:
        click.echo(f"allowed: {verdict.message}")
        return
    click.echo(f"refused: {verdict.message}")
    latest = format_timestamp(verdict.latest_allowed)
    click.echo(f"  (now {format_timestamp(moment)}; latest allowed {latest})")
    sys.exit(EXIT_REFUSED)


def _load(path: Path) -> object:
    try:
        return load_json_file(path)
    except JsonFileError as error:
        _fail(str(error))


def _load_snapshot(path: Path, now: datetime | None) -> Snapshot:
    return _decode_snapshot(path, _load(path), now)


def _decode_snapshot(path: Path, data: object, now: datetime | None) -> Snapshot:
    try:
        return decode_snapshot(data, now_override=now)
    except SnapshotError as error:
        _fail(f"{path}: {error}")


# --- live wikis -------------------------------------------------------------------------------

WIKI = click.option(
    "--wiki", "wiki", required=True, metavar="API_URL", help="The wiki's api.php URL."
)
SETTINGS = click.option(
    "--settings",
    "settings_path",
    type=FILE,
    help="Operator settings (TOML): credentials, database, summaries. See the README.",
)
DATABASE = click.option(
    "--db",
    "database",
    metavar="URL",
    help="The journal's database URL (default: $MENTORWATCH_DATABASE, the settings file, or "
    "SQLite under ~/.local/state/mentorwatch). PostgreSQL: postgresql+psycopg://...",
)
BACKEND = click.option(
    "--backend",
    type=click.Choice(BACKENDS),
    default="auto",
    show_default=True,
    help="growth: GrowthExperiments' API; jsonpage: JSON pages on any MediaWiki.",
)


@main.command("snapshot")
@WIKI
@BACKEND
@SETTINGS
def snapshot_command(wiki: str, backend: str, settings_path: Path | None) -> None:
    """Read a live wiki into a snapshot (JSON on standard output)."""
    settings = _settings(settings_path, wiki)
    with _wiki_errors():
        connection = open_wiki(wiki, settings, backend=backend, require_login=False)
        live = make_cycle(connection, _journal(settings), RunOptions()).snapshot()
    for problem in live.problems:
        click.echo(f"warning: {problem}", err=True)
    click.echo(json.dumps(encode_snapshot(live.snapshot), indent=2, ensure_ascii=False))


@main.command("run")
@WIKI
@BACKEND
@SETTINGS
@DATABASE
@click.option("--dry-run", is_flag=True, help="Plan and journal, but make no edit.")
@click.option(
    "--allow-with-upstream-cleaner",
    is_flag=True,
    help="Write even though the wiki's own GrowthExperiments cleanup is switched on.",
)
@click.option(
    "--max-removals",
    type=click.IntRange(min=0),
    help="Removals allowed per run (default: 10% of the list or 5, whichever is larger).",
)
@click.option(
    "--allow-mass-removal", is_flag=True, help="Remove even more mentors than the cap allows."
)
@click.option(
    "--allow-all-inactive", is_flag=True, help="Act even though every mentor looks inactive."
)
@click.option(
    "--allow-incomplete-activity",
    is_flag=True,
    help="Act on the others even though some mentors' activity could not be read.",
)
def run_command(
    wiki: str,
    backend: str,
    settings_path: Path | None,
    database: str | None,
    dry_run: bool,
    allow_with_upstream_cleaner: bool,
    max_removals: int | None,
    allow_mass_removal: bool,
    allow_all_inactive: bool,
    allow_incomplete_activity: bool,
) -> None:
    """Snapshot, plan and apply the community's rules to a wiki's mentor list.

    Meant to run weekly (cron, or a Toolforge job: see the README). A run with nothing to do
    makes no edit and prints only its summary.

    Exit codes: 0 all done; 1 some action failed; 2 invalid configuration or input;
    3 the wiki could not be used (unreachable, not a MediaWiki, login failed);
    4 refused (the wiki's own cleanup is on, a safety check failed, or another run is going).
    """
    settings = _settings(settings_path, wiki, database)
    safety = SafetyLimits(
        max_removal_share=0.0 if max_removals is not None else 0.10,
        max_removal_count=5 if max_removals is None else max_removals,
        allow_mass_removal=allow_mass_removal,
        allow_all_inactive=allow_all_inactive,
        allow_incomplete_activity=allow_incomplete_activity,
    )
    options = RunOptions(
        dry_run=dry_run,
        allow_with_upstream_cleaner=allow_with_upstream_cleaner,
        run_interval=timedelta(days=settings.run_interval_days),
        summaries=settings.summaries,
        safety=safety,
    )
    with _wiki_errors():
        connection = open_wiki(wiki, settings, backend=backend, require_login=not dry_run)
        with _progress() as on_progress:
            cycle = make_cycle(connection, _journal(settings), options, on_progress=on_progress)
            report = cycle.run()
    click.echo(report_to_text(report))
    if report.refused:
        sys.exit(EXIT_NOT_ALLOWED)
    if report.failures:
        sys.exit(EXIT_FAILED)


@main.command("history")
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
    journal = _journal(_settings(settings_path, wiki, database))
    runs = [journal.run(run_id)] if run_id is not None else journal.runs(wiki, limit)
    records = journal.actions(run_id=run_id, wiki=wiki, username=mentor, limit=limit)
    if as_json:
        document: dict[str, Any] = {
            "runs": runs,
            "actions": [vars(record) for record in records],
        }
        if run_id is not None:
            document["decisions"] = journal.decisions(run_id)
        click.echo(json.dumps(document, indent=2, ensure_ascii=False))
        return
    if mentor is None:
        click.echo("Runs:")
        for run in runs:
            mode = "dry run" if run["dry_run"] else run["kind"]
            edits = (run["summary"] or {}).get("edits", "-")
            click.echo(
                f"  #{run['id']:<5} {run['started_at']}  {mode:<8} {run['status']:<11} "
                f"edits {edits!s:<4} {run['wiki']}"
            )
        click.echo("")
    if run_id is not None:
        click.echo("Decisions:")
        for decision in journal.decisions(run_id):
            click.echo(f"  {decision['action']:<11} {decision['username']}: {decision['reason']}")
        click.echo("")
    click.echo("Actions:" if records else "No actions recorded.")
    for record in records:
        revision = f"rev {record.revision_id}" if record.revision_id else ""
        detail = f" ({record.detail})" if record.detail else ""
        click.echo(
            f"  run #{record.run_id:<4} {record.started_at}  {record.status:<10} "
            f"{record.action:<14} {record.username}  {revision}{detail}"
        )


@main.command("undo")
@click.argument("run_id", type=int)
@click.option("--mentor", metavar="NAME", help="Only what the run did to this mentor.")
@click.option("--dry-run", is_flag=True, help="Show what would be put back, change nothing.")
@SETTINGS
@DATABASE
def undo_command(
    run_id: int,
    mentor: str | None,
    dry_run: bool,
    settings_path: Path | None,
    database: str | None,
) -> None:
    """Put back what run RUN_ID did (removed mentors return as they were; aways are cleared
    if the mentor has not changed them since). Journaled as a run of its own."""
    base = _settings(settings_path, None, database)
    journal = _journal(base)
    try:
        original = journal.run(run_id)
    except UnknownRun as error:
        _fail(str(error))
    settings = _settings(settings_path, original["wiki"], database)
    with _wiki_errors():
        connection = open_wiki(
            original["wiki"], settings, backend=original["backend"], require_login=not dry_run
        )
        try:
            report = make_undo(connection, journal).undo(run_id, mentor, dry_run)
        except CannotUndo as error:
            _fail(str(error))
    mode = "dry run of undo" if dry_run else "undo"
    click.echo(f"mentorwatch {mode} of run #{run_id} on {report.wiki} (run #{report.run_id})")
    if not report.outcomes:
        click.echo("Nothing to put back.")
    for outcome in report.outcomes:
        detail = f" ({outcome.detail})" if outcome.detail else ""
        click.echo(f"{outcome.status:>8}  {outcome.action:<15} {outcome.username}{detail}")
    if report.failures:
        sys.exit(EXIT_FAILED)


@main.command("serve")
@WIKI
@BACKEND
@SETTINGS
@DATABASE
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8080, show_default=True)
@click.option(
    "--refresh-minutes",
    type=click.FloatRange(min=0.1),
    default=15,
    show_default=True,
    help="How old the dashboard's snapshot may get before it is refreshed in the background.",
)
def serve_command(
    wiki: str,
    backend: str,
    settings_path: Path | None,
    database: str | None,
    host: str,
    port: int,
    refresh_minutes: float,
) -> None:
    """Start the web app: dashboard, configuration page, mentors' away settings.

    Sessions are signed with MENTORWATCH_WEB_SECRET (random per start when unset). OAuth 2
    sign-in is offered when MENTORWATCH_OAUTH_CLIENT_ID and MENTORWATCH_OAUTH_CLIENT_SECRET
    are set.
    """
    from mentorwatch.web.server import make_web_config, serve

    settings = _settings(settings_path, wiki, database)
    with _wiki_errors():
        web = make_web_config(wiki, settings, backend, timedelta(minutes=refresh_minutes))
        serve(web, host, port)


@main.command("unlock")
@WIKI
@SETTINGS
@DATABASE
def unlock_command(wiki: str, settings_path: Path | None, database: str | None) -> None:
    """Release a wiki's run lock left by a run that died on another machine."""
    held = _journal(_settings(settings_path, wiki, database)).break_lock(wiki)
    click.echo(f"released the lock of {held}" if held else f"{wiki} was not locked")


def _journal(settings: Settings) -> Journal:
    try:
        return open_journal(settings)
    except JournalTooNew as error:
        _fail(str(error))


def _settings(path: Path | None, wiki: str | None, database: str | None = None) -> Settings:
    try:
        settings = load_settings(path, wiki)
    except SettingsError as error:
        _fail(str(error))
    for warning in settings.warnings:
        click.echo(f"warning: {warning}", err=True)
    if database:
        settings = dataclasses.replace(settings, database=database)
    return settings


@contextlib.contextmanager
def _wiki_errors() -> Iterator[None]:
    """One clear line and a distinct exit code for each way a wiki can fail us."""
    try:
        yield
    except ConfigError as error:
        for problem in error.problems:
            click.echo(f"error: the wiki's configuration: {problem}", err=True)
        click.echo("Nothing was changed. Fix the configuration page and run again.", err=True)
        sys.exit(EXIT_INVALID_INPUT)
    except RunLocked as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(EXIT_NOT_ALLOWED)
    except AuthenticationError as error:
        click.echo(f"error: {error.info}", err=True)
        sys.exit(EXIT_WIKI_ERROR)
    except (WikiError, NotLoggedIn) as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(EXIT_WIKI_ERROR)


@contextlib.contextmanager
def _progress() -> Iterator[Progress | None]:
    """A progress bar on a terminal; nothing when output goes to a file or a pipe."""
    if not sys.stderr.isatty():
        yield None
        return
    with click.progressbar(length=1, label="Applying", file=sys.stderr) as bar:

        def update(done: int, total: int) -> None:
            bar.length = total
            bar.update(done - bar.pos)

        yield update


if __name__ == "__main__":  # pragma: no cover
    main()
