"""The ``mentorwatch`` command: a thin layer over the domain.

Exit codes: 0 success; 1 a refusal the user asked about (``away check``); 2 invalid input.
"""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, NoReturn

import click

from mentorwatch import __version__
from mentorwatch.domain.away import check_self_away
from mentorwatch.domain.config import ConfigError, config_json_schema, ignored_keys, parse_config
from mentorwatch.domain.planner import plan
from mentorwatch.domain.snapshot import (
    SNAPSHOT_FORMAT,
    Snapshot,
    SnapshotError,
    decode_snapshot,
    encode_snapshot,
)
from mentorwatch.domain.timeutil import TimestampError, format_timestamp, parse_timestamp
from mentorwatch.jsonfile import InputError, load_json_file
from mentorwatch.report import plan_to_json, plan_to_text, report_to_text
from mentorwatch.service.cycle import Cycle, Progress, RunOptions
from mentorwatch.settings import Settings, SettingsError, load_settings
from mentorwatch.store.journal import Journal
from mentorwatch.wiki.api import MediaWikiClient
from mentorwatch.wiki.connect import BACKENDS, NotLoggedIn, choose_backend, connect
from mentorwatch.wiki.errors import AuthenticationError, WikiError
from mentorwatch.wiki.mentorlist import MentorListBackend

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
    except InputError as error:
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
        client = connect(wiki, settings, require_login=False)
        cycle = _cycle(client, choose_backend(client, backend, settings), settings, RunOptions())
        live = cycle.snapshot()
    for problem in live.problems:
        click.echo(f"warning: {problem}", err=True)
    click.echo(json.dumps(encode_snapshot(live.snapshot), indent=2, ensure_ascii=False))


@main.command("run")
@WIKI
@BACKEND
@SETTINGS
@click.option("--dry-run", is_flag=True, help="Plan and journal, but make no edit.")
@click.option(
    "--allow-with-upstream-cleaner",
    is_flag=True,
    help="Write even though the wiki's own GrowthExperiments cleanup is switched on.",
)
def run_command(
    wiki: str,
    backend: str,
    settings_path: Path | None,
    dry_run: bool,
    allow_with_upstream_cleaner: bool,
) -> None:
    """Snapshot, plan and apply the community's rules to a wiki's mentor list.

    Exit codes: 0 all done; 1 some action failed; 2 invalid configuration or input;
    3 the wiki could not be used (unreachable, not a MediaWiki, login failed);
    4 refused because the wiki's own cleanup is on.
    """
    settings = _settings(settings_path, wiki)
    options = RunOptions(
        dry_run=dry_run,
        allow_with_upstream_cleaner=allow_with_upstream_cleaner,
        run_interval=timedelta(days=settings.run_interval_days),
        summaries=settings.summaries,
    )
    with _wiki_errors():
        client = connect(wiki, settings, require_login=not dry_run)
        chosen = choose_backend(client, backend, settings)
        with _progress() as on_progress:
            report = _cycle(client, chosen, settings, options, on_progress).run()
    click.echo(report_to_text(report))
    if report.refused:
        sys.exit(EXIT_NOT_ALLOWED)
    if report.failures:
        sys.exit(EXIT_FAILED)


def _settings(path: Path | None, wiki: str | None) -> Settings:
    try:
        settings = load_settings(path, wiki)
    except SettingsError as error:
        _fail(str(error))
    for warning in settings.warnings:
        click.echo(f"warning: {warning}", err=True)
    return settings


def _cycle(
    client: MediaWikiClient,
    backend: MentorListBackend,
    settings: Settings,
    options: RunOptions,
    on_progress: Progress | None = None,
) -> Cycle:
    return Cycle(
        client,
        backend,
        Journal(settings.database),
        clock=lambda: datetime.now(UTC),
        options=options,
        on_progress=on_progress,
    )


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
