"""``mentorwatch serve`` against a GrowthExperiments rig, and a mentor signed in to it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests

from .growth_rigs import localwiki
from .servers import app_env, running, serve_command
from .web import csrf_of


@contextmanager
def serve_growth(
    wiki: localwiki.LocalWiki, tmp_path: Path, rules_page: str | None = None
) -> Iterator[str]:
    """The app on a free loopback port (reading the wiki anonymously); its URL. The rigs are
    shared: a test that saves rules gives its own ``rules_page``."""
    settings = tmp_path / "web-settings.toml"
    rules = f'rules_page = "{rules_page}"\n' if rules_page else ""
    settings.write_text(f'database = "sqlite:///{tmp_path / "web-journal.db"}"\n{rules}')
    port = localwiki.free_port()
    command = serve_command(wiki.api_url, "growth", settings, port)
    with running(command, app_env(), port, tmp_path / "serve.log") as url:
        yield url


def signed_in(url: str, credentials: tuple[str, str]) -> requests.Session:
    http = requests.Session()
    page = http.get(f"{url}/signin")
    response = http.post(
        f"{url}/signin",
        data={"csrf_token": csrf_of(page.text), "username": credentials[0],
              "password": credentials[1]},
    )  # fmt: skip
    assert response.ok, response.text[:800]
    return http


def away_form(http: requests.Session, url: str) -> str:
    """The away page's CSRF token."""
    page = http.get(f"{url}/away")
    assert page.ok, page.text[:800]
    return csrf_of(page.text)
