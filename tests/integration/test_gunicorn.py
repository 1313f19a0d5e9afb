"""The web app on gunicorn with several workers.

Replaced after every request (``--max-requests 1``): a sign-in made by one process is honoured
by the next ones (sessions are sealed in the journal's database, not kept in one process's
memory). Kept alive, as they run in production: once every worker has served a session (and
holds it in its memory), a sign-out on one is honoured by every one of them at the next
request, a replayed cookie saves nothing, and the wiki session behind it is logged out
(issue 20: 14-17 of 40 replayed requests were still signed in)."""

from __future__ import annotations

import secrets
import shutil
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest
import requests
from flask import Flask

from mentorwatch.store.journal import Journal
from mentorwatch.web.runtime.sealed_sessions import SharedSessions
from mentorwatch.web.runtime.sign_in_limits import PER_ACCOUNT
from mentorwatch.wiki.api import MediaWikiClient
from mentorwatch.wiki.errors import AuthenticationError

from .conftest import OTHER_ADMIN, Community, localwiki
from .servers import app_env, running
from .web import Served, csrf_of, save_away, signed_in

WORKERS = 3


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
            "MENTORWATCH_WEB_SECRET": secrets.token_hex(32),  # shared by the workers (envvars)
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


def by_every_worker(
    ask: Callable[[], requests.Response], workers: int = WORKERS
) -> dict[str, list[requests.Response]]:
    """Ask (a few at a time, so that busy workers leave the next ones to the others) until
    every worker has answered; the answers by worker."""
    answers: dict[str, list[requests.Response]] = {}
    with ThreadPoolExecutor(2 * workers) as pool:
        for _ in range(60):
            for response in pool.map(lambda _i: ask(), range(2 * workers)):
                answers.setdefault(response.headers["X-Test-Worker"], []).append(response)
            if len(answers) == workers:
                return answers
    raise AssertionError(f"only workers {sorted(answers)} answered")


@contextmanager
def kept_alive(c: Community, tmp_path: Path, secret: str) -> Iterator[str]:
    """gunicorn with :data:`WORKERS` workers kept alive for the community's wiki, each answer
    naming its worker (``tests/integration/worker_pid.py``); its URL."""
    gunicorn = shutil.which("gunicorn")
    if gunicorn is None:
        pytest.skip("gunicorn is not installed (pip install -e '.[dev]')")
    settings = tmp_path / "settings.toml"
    settings.write_text(
        f'list_page = "{c.list_page}"\nconfig_page = "{c.config_page}"\n'
        f'rules_page = "{c.rules_page}"\ndatabase = "sqlite:///{tmp_path / "journal.db"}"\n'
    )
    env = app_env(
        {
            "MENTORWATCH_WIKI": c.wiki.api_url,
            "MENTORWATCH_BACKEND": "jsonpage",
            "MENTORWATCH_SETTINGS": str(settings),
            "MENTORWATCH_WEB_SECRET": secret,
        }
    )
    port = localwiki.free_port()
    command = [gunicorn, "--workers", str(WORKERS), "--bind", f"127.0.0.1:{port}"]
    command.append("tests.integration.worker_pid:app()")
    with running(command, env, port, tmp_path / "gunicorn.log") as url:
        yield url
    assert "Traceback" not in (tmp_path / "gunicorn.log").read_text()


def test_a_signed_out_cookie_is_refused_by_every_worker_kept_alive(
    community: Callable[..., Community], tmp_path: Path
) -> None:
    c = community({}).mentor("Mira", 2).mentor("Pia", 12)
    c.list_in_project = True  # Mira may save her own away, as herself
    c.publish()
    secret = secrets.token_hex(32)
    database = f"sqlite:///{tmp_path / 'journal.db'}"
    mentor = c.wiki.create_bot_password(c.name("Mira"), "web", "basic,editpage")
    with kept_alive(c, tmp_path, secret) as url:
        served = Served(url, c, mentor, mentor, c.name("Mira"), database)
        http = signed_in(served, mentor)
        cookies = http.cookies.copy()
        signed = by_every_worker(lambda: requests.get(f"{url}/", cookies=cookies))
        assert all(c.name("Mira") in r.text for answers in signed.values() for r in answers)
        form = http.get(f"{url}/away")
        wiki_session = _wiki_session(http, secret, database)
        assert wiki_session.get(action="query", meta="userinfo")["query"]["userinfo"]["name"]
        before = c.history()

        signout = http.post(f"{url}/signout", data={"csrf_token": csrf_of(form.text)})
        assert signout.ok and signout.url.startswith(f"{url}/signin")

        def replayed() -> requests.Response:
            return requests.get(f"{url}/", cookies=cookies, allow_redirects=False)

        for worker, answers in by_every_worker(replayed).items():
            assert {(r.status_code, r.headers["Location"]) for r in answers} == {
                (302, "/signin?next=/?")
            }, worker
        away = {"csrf_token": csrf_of(form.text), "action": "away", "mode": "days", "days": "5"}

        def replayed_save() -> requests.Response:
            return requests.post(f"{url}/away", data=away, cookies=cookies, allow_redirects=False)

        for answers in by_every_worker(replayed_save).values():
            assert {r.status_code for r in answers} == {302}
        assert c.history() == before  # no save went through
        with pytest.raises(AuthenticationError):  # the wiki session is logged out too
            wiki_session.get(action="query", meta="userinfo")
        assert save_away(signed_in(served, mentor), f"{url}/away", 5).ok  # signing in again works


def test_sign_in_attempts_are_counted_across_workers_kept_alive(
    community: Callable[..., Community], tmp_path: Path
) -> None:
    c = community({}).mentor("Pia", 12).publish()
    name, password = c.wiki.create_bot_password(c.name("Pia"), "web", "basic,editpage")
    with kept_alive(c, tmp_path, secrets.token_hex(32)) as url:
        http = requests.Session()
        token = csrf_of(http.get(f"{url}/signin").text)
        cookies = http.cookies.copy()
        wrong = {"username": name, "password": "not-" + password, "csrf_token": token}

        def guess() -> requests.Response:
            return requests.post(f"{url}/signin", data=wrong, cookies=cookies)

        answers = [r for rs in by_every_worker(guess).values() for r in rs]
        codes = sorted(r.status_code for r in answers)
        assert codes == [401] * PER_ACCOUNT + [429] * (len(answers) - PER_ACCOUNT)
        right = requests.post(
            f"{url}/signin", data={**wrong, "password": password}, cookies=cookies
        )
        assert right.status_code == 429 and right.headers["Retry-After"] == "600"
        assert "Too many sign-in attempts for this account" in right.text


def _wiki_session(http: requests.Session, secret: str, database: str) -> MediaWikiClient:
    """The wiki client the app holds for this browser, opened from the journal as a worker
    would (the browser's signed cookie names the session's key)."""
    signer = Flask(__name__)
    signer.secret_key = secret
    serializer = signer.session_interface.get_signing_serializer(signer)  # type: ignore[attr-defined]
    key = serializer.loads(http.cookies["session"])["key"]
    rows = Journal(database).web_sessions
    found = SharedSessions(rows, secret).load(key, datetime.now(UTC))
    assert found is not None
    return found[1]
