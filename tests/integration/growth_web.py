"""``mentorwatch serve`` against a GrowthExperiments rig, and a mentor signed in to it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests

from .growth_rigs import localwiki
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
    env = {key: value for key, value in os.environ.items() if not key.startswith("MENTORWATCH_")}
    env["PYTHONPATH"] = os.pathsep.join(sys.path)
    log_path = tmp_path / "serve.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "mentorwatch.cli",
                "serve",
                "--wiki",
                wiki.api_url,
                "--backend",
                "growth",
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
            for _ in range(400):
                try:
                    if requests.get(f"{url}/healthz", timeout=1).ok:
                        break
                except requests.ConnectionError:
                    pass
                if process.poll() is not None:
                    raise RuntimeError(log_path.read_text())
                time.sleep(0.05)  # waiting for a real server to listen
            yield url
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=10)


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
