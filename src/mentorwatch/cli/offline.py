"""Commands on files, touching no wiki: ``plan``, ``config check``/``schema``, ``away check``."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path

import click

from mentorwatch.cli.errors import in_file
from mentorwatch.cli.options import FILE, TIMESTAMP
from mentorwatch.cli.questions_text import questions_text
from mentorwatch.cli.render import (
    config_check_to_text,
    echo,
    echo_line,
    json_text,
    lines_text,
    plan_to_text,
)
from mentorwatch.cli.speech import said, say
from mentorwatch.domain.away import AwayVerdict, check_self_away
from mentorwatch.domain.config import LEGACY_KEYS, RULES_KEYS, ignored_keys, parse_config
from mentorwatch.domain.config.schema import config_json_schema
from mentorwatch.domain.planner import plan
from mentorwatch.domain.snapshot import SNAPSHOT_FORMAT, config_keys, decode_snapshot
from mentorwatch.domain.timeutil import format_timestamp
from mentorwatch.errors import EXIT_ACTION_FAILED, EXIT_REFUSED
from mentorwatch.jsonfile import load_json_file
from mentorwatch.service.plan_json import plan_to_json
from mentorwatch.wiring import system_clock


def _is_snapshot(data: object) -> bool:
    return isinstance(data, Mapping) and data.get("format") == SNAPSHOT_FORMAT


@click.group("config")
def config_group() -> None:
    """The community rules: mentorwatch's rules page (or the legacy page)."""


@config_group.command("check")
@click.argument("path", type=FILE)
def config_check(path: Path) -> None:
    """Validate a rules file (the wiki's rules page; the legacy GrowthExperimentsMentorship.json
    is recognised by its key names)."""
    data = load_json_file(path)
    if isinstance(data, Mapping) and _is_snapshot(data):
        data = data.get("config", {})
    keys = config_keys(data)
    with in_file(path, each_problem=True):
        config = parse_config(data, keys)
    assert isinstance(data, Mapping)
    echo(config_check_to_text(path, config, ignored_keys(data, keys)))
    if config.exemptions:
        echo_line(f"  Exemptions: {len(config.exemptions)}")
        for exemption in config.exemptions:
            echo_line(f"    {exemption.mentor}: {said(exemption.describe())}")
    if keys is LEGACY_KEYS:
        echo("  " + say("mentorwatch-cli-config-legacy-note"))


@config_group.command("schema")
@click.option("--legacy", is_flag=True, help="The legacy page's keys (GrowthExperiments' names).")
def config_schema(legacy: bool) -> None:
    """Print the rules page's JSON Schema."""
    schema = config_json_schema(LEGACY_KEYS if legacy else RULES_KEYS)
    echo(json_text(schema, ensure_ascii=True))


@click.command("plan")
@click.argument("snapshot_path", metavar="SNAPSHOT", type=FILE)
@click.option("--now", type=TIMESTAMP, help="Plan as of this time instead of the snapshot's.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def plan_command(snapshot_path: Path, now: datetime | None, as_json: bool) -> None:
    """Decide what happens to each mentor of a snapshot (makes no change anywhere). Exit 4
    when the snapshot's rules came from a page mentorwatch does not trust (the plan is then
    made with no rules, and says why)."""
    data = load_json_file(snapshot_path)
    with in_file(snapshot_path):
        snapshot = decode_snapshot(data, now_override=now)
    result = plan(snapshot)
    echo(
        json_text(plan_to_json(result))
        if as_json
        else plan_to_text(result) + questions_text(result)
    )
    if result.rules is not None and result.rules.refusal is not None:
        sys.exit(EXIT_REFUSED)


@click.group("away")
def away_group() -> None:
    """A mentor's own away settings."""


@away_group.command("check")
@click.argument("path", metavar="SNAPSHOT_OR_CONFIG", type=FILE)
@click.option("--until", "until", type=TIMESTAMP, required=True, help="Requested end of the away.")
@click.option("--now", type=TIMESTAMP, help="Default: the snapshot's time, else the clock.")
def away_check(path: Path, until: datetime, now: datetime | None) -> None:
    """May a mentor set themselves away until --until? Exit 0 allowed, 1 refused."""
    data = load_json_file(path)
    with in_file(path):
        if _is_snapshot(data):
            snapshot = decode_snapshot(data, now_override=now)
            config, moment = snapshot.config, snapshot.now
        else:
            config, moment = parse_config(data, config_keys(data)), now or system_clock()
    verdict = check_self_away(config, moment, until)
    echo(verdict_to_text(verdict, moment))
    if not verdict.allowed:
        sys.exit(EXIT_ACTION_FAILED)


def verdict_to_text(verdict: AwayVerdict, now: datetime) -> str:
    """``away check``: allowed, or refused with the latest date that would be."""
    if verdict.allowed:
        return lines_text([say("mentorwatch-cli-away-allowed", verdict=said(verdict.message))])
    latest = format_timestamp(verdict.latest_allowed)
    return lines_text(
        [
            say("mentorwatch-cli-away-refused", verdict=said(verdict.message)),
            "  " + say("mentorwatch-cli-away-latest", now=format_timestamp(now), latest=latest),
        ]
    )
