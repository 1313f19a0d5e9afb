"""``serve``: the web app (dashboard, configuration page, mentors' away settings)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import click

from mentorwatch.cli.options import BACKEND, DATABASE, SETTINGS, WIKI, operator_settings


@click.command("serve")
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

    settings = operator_settings(settings_path, wiki, database)
    web = make_web_config(wiki, settings, backend, timedelta(minutes=refresh_minutes))
    serve(web, host, port)
