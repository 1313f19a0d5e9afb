"""The web app on gunicorn with two workers, each replaced after every request
(``--max-requests 1``): a sign-in made by one process is honoured by the next ones (sessions
are sealed in the journal's database, not kept in one process's memory), and a sign-out by
one is honoured by the others."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import OTHER_ADMIN, Community, localwiki
from .servers import app_env, running
from .web import Served, csrf_of, signed_in


def test_sessions_survive_across_gunicorn_workers_and_their_restarts(
    community: Callable[..., Community], tmp_path: Path
) -> None:
    gunicorn = shutil.which("gunicorn")
    if gunicorn is None:
        pytest.skip("gunicorn is not installed (pip install -e '.[dev]')")
    c = community().mentor("Mira", 2).publish()
    c.list_in_project = True
    settings = tmp_path / "settings.toml"
    database = f"sqlite:///{tmp_path / 'journal.db'}"
    settings.write_text(
        f'list_page = "{c.list_page}"\nconfig_page = "{c.config_page}"\n'
        f'rules_page = "{c.rules_page}"\ndatabase = "{database}"\n'
    )
    env = app_env(
        {
            "MENTORWATCH_WIKI": c.wiki.api_url,
            "MENTORWATCH_BACKEND": "jsonpage",
            "MENTORWATCH_SETTINGS": str(settings),
            "MENTORWATCH_WEB_SECRET": os.urandom(16).hex(),  # shared by the workers (envvars)
        }
    )
    port = localwiki.free_port()
    command = [gunicorn, "--workers", "2", "--max-requests", "1", "--bind", f"127.0.0.1:{port}"]
    command.append("mentorwatch.web.server:wsgi_app()")
    with running(command, env, port, tmp_path / "gunicorn.log") as url:
        admin = c.wiki.bot_credentials(OTHER_ADMIN)
        served = Served(url, c, admin, admin, c.name("Mira"), database)
        http = signed_in(served, admin)  # GET, POST, redirect: three processes already
        name = admin[0].split("@")[0]
        for _ in range(4):  # each answered by a worker that has never seen this sign-in
            page = http.get(f"{url}/")
            assert page.ok and name in page.text and "Sign out" in page.text
        signout = http.post(f"{url}/signout", data={"csrf_token": csrf_of(page.text)})
        assert signout.ok
        assert "Sign out" not in http.get(f"{url}/").text
    assert "Traceback" not in (tmp_path / "gunicorn.log").read_text()
