"""The ``mentorwatch`` command: a thin layer over the domain, built through
:mod:`mentorwatch.wiring`.

One module per group of commands, each printing through :mod:`.render`; every error from
mentorwatch's error tree reaches one handler (:mod:`.errors`) that prints it and exits with its
code (:data:`mentorwatch.errors.EXIT_CODES`).

- :mod:`.offline`: ``plan``, ``config check``, ``config schema``, ``away check`` (files only)
- :mod:`.preflight`: ``preflight`` (what the account may do, and what is missing)
- :mod:`.run`: ``snapshot``, ``run`` (a live wiki; :mod:`.run_all` for ``run --all``);
  :mod:`.config_migrate`: ``config migrate``
- :mod:`.journal`: ``history``, ``undo``, ``unlock`` (the journal)
- :mod:`.serve`: ``serve`` (the web app)
"""

from __future__ import annotations

import os

import click

from mentorwatch import __version__
from mentorwatch.cli.config_migrate import migrate_command
from mentorwatch.cli.errors import MentorwatchGroup
from mentorwatch.cli.journal import history_command, undo_command, unlock_command
from mentorwatch.cli.logs import FORMATS, LEVELS, configure_logging
from mentorwatch.cli.offline import away_group, config_group, plan_command
from mentorwatch.cli.preflight import preflight_command
from mentorwatch.cli.run import run_command, snapshot_command
from mentorwatch.cli.serve import serve_command
from mentorwatch.cli.speech import operator_language, speak

__all__ = ["main"]


@click.group(cls=MentorwatchGroup)
@click.version_option(__version__, prog_name="mentorwatch")
@click.option(
    "--log-format",
    type=click.Choice(FORMATS),
    default="text",
    envvar="MENTORWATCH_LOG_FORMAT",
    show_default=True,
    help="Logs on stderr: timestamped text, or one JSON object a line for log collectors.",
)
@click.option(
    "--log-level",
    type=click.Choice(LEVELS),
    default="info",
    envvar="MENTORWATCH_LOG_LEVEL",
    show_default=True,
)
@click.option(
    "--lang",
    "language",
    metavar="CODE",
    help="The language of the human output (ko, ru, de, ar, en; default: MENTORWATCH_LANG, "
    "then the locale, else English). JSON output is the same in every language.",
)
def main(log_format: str, log_level: str, language: str | None) -> None:
    """Keep a wiki's mentor list healthy: mark inactive mentors away, remove them, by the
    community's rules."""
    configure_logging(log_format, log_level)
    speak(operator_language(language, os.environ))


config_group.add_command(migrate_command)
for _command in (
    config_group,
    plan_command,
    away_group,
    snapshot_command,
    preflight_command,
    run_command,
    history_command,
    undo_command,
    serve_command,
    unlock_command,
):
    main.add_command(_command)
