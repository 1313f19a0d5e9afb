"""The ``mentorwatch`` command: a thin layer over the domain.

Exit codes: 0 success; 1 a refusal the user asked about (``away check``); 2 invalid input.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NoReturn

import click

from mentorwatch import __version__
from mentorwatch.domain.away import check_self_away
from mentorwatch.domain.config import ConfigError, config_json_schema, ignored_keys, parse_config
from mentorwatch.domain.planner import plan
from mentorwatch.domain.snapshot import SNAPSHOT_FORMAT, Snapshot, SnapshotError, decode_snapshot
from mentorwatch.domain.timeutil import TimestampError, format_timestamp, parse_timestamp
from mentorwatch.jsonfile import InputError, load_json_file
from mentorwatch.report import plan_to_json, plan_to_text

EXIT_REFUSED = 1
EXIT_INVALID_INPUT = 2


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


if __name__ == "__main__":  # pragma: no cover
    main()
