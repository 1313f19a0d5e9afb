"""``mentorwatch serve`` started for real, against the session's local wiki."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests

from .conftest import OTHER_ADMIN, Community, localwiki


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
    community: Community, tmp_path: Path, mentor_short: str, *, operator: bool = False
) -> Iterator[Served]:
    """The app on a free port; with ``operator``, signed in to the wiki as mentorwatch's own
    account (the bot's password, generated for this test wiki), as the operator's would be."""
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
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("MENTORWATCH_")  # the app reads the wiki anonymously
    }
    if operator:
        env["MENTORWATCH_USERNAME"], env["MENTORWATCH_PASSWORD"] = wiki.bot_credentials()
    env["PYTHONPATH"] = os.pathsep.join(sys.path)
    log = (tmp_path / "serve.log").open("w")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "mentorwatch.cli",
            "serve",
            "--wiki",
            wiki.api_url,
            "--backend",
            "jsonpage",
            "--settings",
            str(settings),
            "--port",
            str(port),
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                if requests.get(f"{url}/healthz", timeout=1).ok:
                    break
            except requests.ConnectionError:
                pass
            if process.poll() is not None:
                raise RuntimeError((tmp_path / "serve.log").read_text())
            time.sleep(0.05)  # waiting for a real server to listen, not for time to pass
        yield Served(
            url,
            community,
            wiki.bot_credentials(OTHER_ADMIN),
            wiki.bot_credentials(mentor_name),
            mentor_name,
            f"sqlite:///{tmp_path / 'journal.db'}",
        )
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)
        log.close()


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
