"""``serve``: the web app (dashboard, configuration page, mentors' away settings)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import click

from mentorwatch.cli.options import BACKEND, DATABASE, SETTINGS, operator_settings
from mentorwatch.cli.speech import say


@click.command("serve")
@click.option(
    "--wiki",
    "wikis",
    multiple=True,
    metavar="API_URL",
    help="The wiki's api.php URL; repeat it to serve several, each under its own path.",
)
@click.option(
    "--all",
    "all_wikis",
    is_flag=True,
    help='Serve every wiki the settings file names ([wikis."URL"] sections or wikis = [...]).',
)
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
    wikis: tuple[str, ...],
    all_wikis: bool,
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
    are set. Several wikis (--wiki repeated, or --all): each is served under its own path
    (/NAME/: the name of its [wikis."URL"] section, else made from its address), with an
    index of them at /.
    """
    from mentorwatch.web.server import serve, web_app

    if all_wikis == bool(wikis):
        raise click.UsageError(say("mentorwatch-cli-usage-serve-which"))
    if all_wikis:
        wikis = operator_settings(settings_path, None, database).wikis
        if not wikis:
            raise click.UsageError(say("mentorwatch-cli-usage-serve-no-wiki"))
    app = web_app(
        wikis,
        lambda url: operator_settings(settings_path, url, database),
        backend,
        timedelta(minutes=refresh_minutes),
    )
    address = f"http://{host}:{port}/"
    serve(app, host, port, say("mentorwatch-cli-serving", wikis=", ".join(wikis), address=address))
