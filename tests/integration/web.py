"""``mentorwatch serve`` started for real, against the session's local wiki."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests

from .conftest import OTHER_ADMIN, Community, localwiki
from .servers import app_env, running, serve_command


@dataclass
class Served:
    url: str
    community: Community
    admin: tuple[str, str]  # bot password credentials
    mentor: tuple[str, str]
    mentor_name: str
    database: str


@contextmanager
def serve(
    community: Community,
    tmp_path: Path,
    mentor_short: str,
    *,
    operator: bool = False,
    api_url: str | None = None,
    kill: str | None = None,
) -> Iterator[Served]:
    """The app on a free port; with ``operator``, signed in to the wiki as mentorwatch's own
    account (the bot's password, generated for this test wiki), as the operator's would be;
    ``api_url``: the wiki's address as the app is configured with it (another spelling);
    with ``kill``, killing itself at that step (tests/faults/killer.py)."""
    wiki = community.wiki
    mentor_name = community.name(mentor_short)
    wiki.create_bot_password(mentor_name, "web", "basic,editpage")
    settings = tmp_path / "settings.toml"
    settings.write_text(
        f'list_page = "{community.list_page}"\nconfig_page = "{community.config_page}"\n'
        f'rules_page = "{community.rules_page}"\n'
        f'database = "sqlite:///{tmp_path / "journal.db"}"\n'
    )
    port = localwiki.free_port()
    env = app_env()
    if operator:
        env["MENTORWATCH_USERNAME"], env["MENTORWATCH_PASSWORD"] = wiki.bot_credentials()
    command = serve_command(api_url or wiki.api_url, "jsonpage", settings, port)
    if kill is not None:
        env["MENTORWATCH_TEST_KILL"] = kill
        command[1:3] = ["-m", "tests.faults.killer"]
    with running(command, env, port, tmp_path / "serve.log") as url:
        yield Served(
            url,
            community,
            wiki.bot_credentials(OTHER_ADMIN),
            wiki.bot_credentials(mentor_name),
            mentor_name,
            f"sqlite:///{tmp_path / 'journal.db'}",
        )


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF token in the page"
    return found.group(1)


def signed_in(served: Served, credentials: tuple[str, str]) -> requests.Session:
    """A requests session signed in to the app, as a browser would be."""
    http = requests.Session()
    page = http.get(f"{served.url}/signin")
    response = http.post(
        f"{served.url}/signin",
        data={
            "csrf_token": csrf_of(page.text),
            "username": credentials[0],
            "password": credentials[1],
        },
    )
    assert response.ok and "Mentor Status Dashboard" in response.text, response.text[:500]
    return http


#: the configuration form: removal after 30 days, everything else off
RULES_FORM = {
    "autoaway": "no",
    "autoremove": "yes",
    "autoremove_days": "30",
    "warn": "no",
    "notify": "no",
}


def save_away(http: requests.Session, page_url: str, days: int) -> requests.Response:
    """Load the away page at ``page_url`` and save "away for ``days`` days" from it."""
    form = http.get(page_url)
    data = {"csrf_token": csrf_of(form.text), "action": "away", "mode": "days", "days": str(days)}
    return http.post(page_url, data=data)
