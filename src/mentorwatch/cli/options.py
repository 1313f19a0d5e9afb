"""What several commands share: parameter types, the live-wiki options, operator settings."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from mentorwatch.cli.render import echo_line
from mentorwatch.domain.timeutil import TimestampError, parse_timestamp
from mentorwatch.settings import Settings, load_settings
from mentorwatch.wiki.connect import BACKENDS


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


def operator_settings(path: Path | None, wiki: str | None, database: str | None = None) -> Settings:
    """The operator's settings for a wiki (warnings printed), with ``--db`` applied."""
    settings = load_settings(path, wiki)
    for warning in settings.warnings:
        echo_line(f"warning: {warning}", err=True)
    if database:
        settings = dataclasses.replace(settings, database=database)
    return settings
