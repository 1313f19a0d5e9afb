"""One webservice (gunicorn, two workers) serving two real local wikis, each under its own path,
with an index at ``/``: each wiki's dashboard shows its own mentors, signing in to one signs in
to (or out of) nothing else, each save writes only its own wiki and is journaled under that
wiki's own name, and every redirect stays under the wiki's path."""

from __future__ import annotations

import re
import secrets
import shutil
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import requests

from mentorwatch.store.journal import Journal

from .conftest import BOTH_ON, OTHER_ADMIN, Community, localwiki
from .servers import app_env, running
from .web import RULES_FORM, csrf_of, save_away


@pytest.fixture(scope="module")
def other_wiki(tmp_path_factory: pytest.TempPathFactory) -> Iterator[localwiki.LocalWiki]:
    """A second wiki, with its own server, database and users."""
    local = localwiki.create(tmp_path_factory.mktemp("otherwiki"))
    try:
        local.create_users([{"name": OTHER_ADMIN, "groups": ["sysop", "interface-admin"]}])
        yield local
    finally:
        local.stop()


def sign_in(http: requests.Session, url: str, credentials: tuple[str, str]) -> requests.Response:
    """Sign in at ``url`` (a page that redirects to the sign-in form), following ``next``."""
    form = http.get(url)
    assert "/signin" in form.url, form.url
    return http.post(
        form.url,
        data={
            "csrf_token": csrf_of(form.text),
            "username": credentials[0],
            "password": credentials[1],
        },
    )


def write_settings(path: Path, database: str, first: Community, second: Community) -> None:
    lines = [f'database = "{database}"']
    for community, name in ((first, 'name = "first"'), (second, "")):
        lines += [
            f'[wikis."{community.wiki.api_url}"]',
            name,
            f'list_page = "{community.list_page}"',
            f'config_page = "{community.config_page}"',
            f'rules_page = "{community.rules_page}"',
        ]
    path.write_text("\n".join(lines) + "\n")


def test_one_webservice_serves_two_wikis_each_under_its_own_path(
    community: Callable[..., Community], other_wiki: localwiki.LocalWiki, tmp_path: Path
) -> None:
    gunicorn = shutil.which("gunicorn")
    if gunicorn is None:
        pytest.skip("gunicorn is not installed (pip install -e '.[dev]')")
    first = community().mentor("Mira", 2).mentor("Olaf", 45)
    first.list_in_project = True
    first.publish()
    now = datetime.now(UTC).replace(microsecond=0)
    second = Community(other_wiki, "W2", now, dict(BOTH_ON)).mentor("Sven", 3)
    second.list_in_project = True
    second.publish()
    other_wiki.create_bot_password(second.name("Sven"), "web", "basic,editpage")
    database = f"sqlite:///{tmp_path / 'journal.db'}"
    settings = tmp_path / "settings.toml"
    write_settings(settings, database, first, second)
    env = app_env(
        {
            "MENTORWATCH_SETTINGS": str(settings),
            "MENTORWATCH_BACKEND": "jsonpage",
            "MENTORWATCH_WEB_SECRET": secrets.token_hex(32),
        }
    )
    port = localwiki.free_port()
    derived = f"127-0-0-1-{other_wiki.port}"  # no name given: made from the address
    command = [gunicorn, "--workers", "2", "--bind", f"127.0.0.1:{port}"]
    command.append("mentorwatch.web.server:wsgi_app()")
    with running(command, env, port, tmp_path / "gunicorn.log") as url:
        index = requests.get(f"{url}/")
        assert index.ok and "Content-Security-Policy" in index.headers
        assert re.findall(r'href="(/[^"]*/)"', index.text) == ["/first/", f"/{derived}/"]
        assert first.wiki.api_url in index.text and other_wiki.api_url in index.text

        http = requests.Session()
        gone = http.get(f"{url}/first/runs", allow_redirects=False)
        assert gone.status_code == 302
        assert gone.headers["Location"] == "/first/signin?next=/first/runs?"
        admin = sign_in(http, f"{url}/first/runs", first.wiki.bot_credentials(OTHER_ADMIN))
        assert admin.ok and admin.url == f"{url}/first/runs"  # back where the sign-in began

        dashboard = http.get(f"{url}/first/export.json").json()
        assert {m["username"] for m in dashboard["mentors"]} == {
            first.name("Mira"),
            first.name("Olaf"),
        }
        assert dashboard["wiki"] == first.wiki.api_url
        # signed in to the first wiki, not to the second
        elsewhere = http.get(f"{url}/{derived}/", allow_redirects=False)
        assert elsewhere.headers["Location"] == f"/{derived}/signin?next=/{derived}/?"

        mentor = sign_in(http, f"{url}/{derived}/", other_wiki.bot_credentials(second.name("Sven")))
        assert mentor.ok and second.name("Sven") in mentor.text
        assert {
            m["username"] for m in http.get(f"{url}/{derived}/export.json").json()["mentors"]
        } == {second.name("Sven")}
        first_page = http.get(f"{url}/first/config")  # still signed in there, as the admin
        assert first_page.ok and OTHER_ADMIN in first_page.text

        saved = http.post(
            f"{url}/first/config", data={**RULES_FORM, "csrf_token": csrf_of(first_page.text)}
        )
        assert saved.ok and "Saved to the wiki" in saved.text, saved.text[-800:]
        assert saved.url.startswith(f"{url}/first/config")
        assert first.read(first.rules_page)["RemoveAfterDays"] == 30

        away = save_away(http, f"{url}/{derived}/away", 5)
        assert away.ok and "Saved: you are away until" in away.text, away.text[-800:]
        assert second.read()["Mentors"][str(second.id("Sven"))]["awayTimestamp"]
        assert "awayTimestamp" not in first.read()["Mentors"][str(first.id("Mira"))]
        assert "does not exist" in _missing(second, second.rules_page)  # nothing on the other

        signout = http.post(f"{url}/{derived}/signout", data={"csrf_token": csrf_of(away.text)})
        assert signout.ok and signout.url.startswith(f"{url}/{derived}/signin")
        assert OTHER_ADMIN in http.get(f"{url}/first/").text  # the first wiki's sign-in stays

    journal = Journal(database)
    web = {run.id: run.wiki for run in journal.runs.recent() if run.kind == "web"}
    assert sorted(web.values()) == sorted([first.wiki.api_url, other_wiki.api_url])
    by_action = {action.action: action.wiki for action in journal.actions.find()}
    assert by_action == {
        "set_config": first.wiki.api_url,
        "protect": first.wiki.api_url,  # the new rules page, protected by the same admin
        "self_away": other_wiki.api_url,
    }
    assert "Traceback" not in (tmp_path / "gunicorn.log").read_text()


def _missing(community: Community, title: str) -> str:
    try:
        community.read(title)
    except AssertionError as error:
        return str(error)
    return "exists"


def test_mentorwatch_serve_all_serves_every_wiki_of_the_settings(
    community: Callable[..., Community], other_wiki: localwiki.LocalWiki, tmp_path: Path
) -> None:
    first = community().mentor("Mira", 2).publish()
    second = Community(other_wiki, "W3", first.now, dict(BOTH_ON)).mentor("Sven", 3).publish()
    settings = tmp_path / "settings.toml"
    write_settings(settings, f"sqlite:///{tmp_path / 'journal.db'}", first, second)
    derived = f"127-0-0-1-{other_wiki.port}"
    port = localwiki.free_port()
    command = [sys.executable, "-m", "mentorwatch.cli", "serve", "--all", "--port", str(port)]
    command += ["--settings", str(settings), "--backend", "jsonpage"]
    with running(command, app_env(), port, tmp_path / "serve.log") as url:
        index = requests.get(f"{url}/").text
        assert re.findall(r'href="(/[^"]*/)"', index) == ["/first/", f"/{derived}/"]
        for name in ("first", derived):
            assert requests.get(f"{url}/{name}/healthz").text == "ok"
            signin = requests.get(f"{url}/{name}/")
            assert signin.url == f"{url}/{name}/signin?next=/{name}/?"
    assert (
        "serving " + first.wiki.api_url + ", " + other_wiki.api_url
        in (tmp_path / "serve.log").read_text()
    )
