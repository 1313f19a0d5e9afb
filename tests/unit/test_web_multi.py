"""Several wikis on one webservice (``web/runtime/several_wikis.py``), in process: names, the
index, and what must not cross from one wiki's app to another's (cookies, sealed sessions,
``next``), and the prefix in the OAuth callback. The same with two real wikis:
tests/integration/test_web_multi.py."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask

from mentorwatch.settings import Settings, SettingsError, load_settings
from mentorwatch.web.runtime.services import services_of
from mentorwatch.web.runtime.several_wikis import mount_name, several_wikis_app
from mentorwatch.web.runtime.web_config import WebConfig
from mentorwatch.wiki.api import MediaWikiClient
from mentorwatch.wiki.sign_in import OAuthConsumer

from .builders import NOW

KO = "https://ko.wikipedia.org/w/api.php"
DE = "https://de.wikipedia.org/w/api.php"


def config(api_url: str, tmp_path: Path, **options: object) -> WebConfig:
    settings = Settings(database=f"sqlite:///{tmp_path / 'journal.db'}", name=None)
    made = WebConfig(api_url, settings, "jsonpage", secret_key="one secret", clock=lambda: NOW)
    return dataclasses.replace(made, **options)  # type: ignore[arg-type]


@pytest.fixture
def service(tmp_path: Path) -> Flask:
    consumer = OAuthConsumer("id", "secret", "https://ko.wikipedia.org/w/rest.php")
    return several_wikis_app(
        [
            config(KO, tmp_path, oauth=consumer, public_url="https://mw.example"),
            config(DE, tmp_path),
        ]
    )


def test_a_wikis_name_is_made_from_its_address_unless_the_settings_give_one() -> None:
    assert mount_name(KO) == "ko-wikipedia"
    assert mount_name("http://127.0.0.1:8080/api.php") == "127-0-0-1-8080"
    assert mount_name("https://www.example.org/wiki2/w/api.php") == "example-wiki2"
    assert mount_name(KO, "kowiki") == "kowiki"
    for bad in ("", "Ko", "a/b", "../x", "healthz", "x" * 64):
        with pytest.raises(SettingsError):
            mount_name(KO, bad)


def test_the_settings_name_each_wiki(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(f'[wikis."{KO}"]\nname = "kowiki"\n[wikis."{DE}"]\n')
    assert load_settings(path, KO, env={}).name == "kowiki"
    assert load_settings(path, DE, env={}).name is None
    assert load_settings(path, None, env={}).wikis == (KO, DE)


def test_two_wikis_with_one_name_are_refused(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="both be served at /ko-wikipedia/"):
        several_wikis_app([config(KO, tmp_path), config(KO.replace("/w/", "/"), tmp_path)])


def test_the_index_links_every_wiki_and_each_wiki_is_under_its_path(service: Flask) -> None:
    browser = service.test_client()
    index = browser.get("/")
    assert index.status_code == 200 and "Content-Security-Policy" in index.headers
    html = index.get_data(as_text=True)
    assert 'href="/ko-wikipedia/"' in html and 'href="/de-wikipedia/"' in html
    assert browser.get("/healthz").get_data(as_text=True) == "ok"
    gone = browser.get("/ko-wikipedia/runs")
    assert gone.status_code == 302
    assert gone.headers["Location"] == "/ko-wikipedia/signin?next=/ko-wikipedia/runs?"
    assert browser.get("/nowiki/").status_code == 404


def test_the_oauth_callback_carries_the_wikis_path(service: Flask) -> None:
    started = service.test_client().get("/ko-wikipedia/oauth/start")
    query = parse_qs(urlsplit(started.headers["Location"]).query)
    assert query["redirect_uri"] == ["https://mw.example/ko-wikipedia/oauth/callback"]
    assert "mentorwatch-ko-wikipedia" in started.headers["Set-Cookie"]


def test_a_session_of_one_wiki_means_nothing_to_another(service: Flask) -> None:
    """Even given under the other wiki's cookie name: each app signs and seals with its own key
    (a sealed session of the Korean wiki would otherwise sign the browser in to the German one,
    acting with the Korean wiki's account)."""
    ko, de = (service.wsgi_app.mounts[f"/{name}"] for name in ("ko-wikipedia", "de-wikipedia"))  # type: ignore[attr-defined]
    users = services_of(ko).users
    assert users.shared is not None
    fields = {
        "key": "k1",
        "name": "Mira",
        "user_id": 1,
        "rights": frozenset({"edit"}),
        "date_format": "dmy",
        "expires_at": NOW + timedelta(hours=1),
    }
    users.shared.save("k1", fields, MediaWikiClient(KO), NOW)
    signed = ko.session_interface.get_signing_serializer(ko)
    assert signed is not None
    cookie = signed.dumps({"key": "k1", "csrf": "token"})  # signed in to the Korean wiki
    browser = service.test_client()
    browser.set_cookie("mentorwatch-ko-wikipedia", cookie)
    # the sign-in page talks to no wiki, and its header shows who is signed in
    assert "Sign out" in browser.get("/ko-wikipedia/signin").get_data(as_text=True)
    browser.set_cookie("mentorwatch-de-wikipedia", cookie)
    assert "Sign out" not in browser.get("/de-wikipedia/signin").get_data(as_text=True)
    assert services_of(de).users.get("k1") is None


def test_after_signing_in_next_stays_under_the_wikis_path(service: Flask) -> None:
    from mentorwatch.web.pages.signin import _local_target

    ko = service.wsgi_app.mounts["/ko-wikipedia"]  # type: ignore[attr-defined]
    with ko.test_request_context("/signin", base_url="http://localhost/ko-wikipedia/"):
        assert _local_target("/ko-wikipedia/away?") == "/ko-wikipedia/away?"
        assert _local_target("/de-wikipedia/away") == "/ko-wikipedia/"
        assert _local_target("/away") == "/ko-wikipedia/"
        # dot segments, as a browser resolves them (issue 20): another wiki's pages
        for target in (
            "/ko-wikipedia/../de-wikipedia/away",
            "/ko-wikipedia/%2e%2e/de-wikipedia/away",
            "/ko-wikipedia/%2E%2e/de-wikipedia/away",
            "/ko-wikipedia/.%2e/de-wikipedia/away",
            "/ko-wikipedia/%2e./de-wikipedia/away",
            "/ko-wikipedia/./../de-wikipedia/away",
            "/ko-wikipedia/away/../../de-wikipedia/",
            "/ko-wikipedia/..%2fde-wikipedia/away",
            "/ko-wikipedia/..%2Fde-wikipedia/away",
            "/ko-wikipedia/..%5cde-wikipedia/away",
            "/ko-wikipedia/..",
            "/ko-wikipedia/%2e%2e",
        ):
            assert _local_target(target) == "/ko-wikipedia/", target
        # within the wiki's own path, a dot segment is resolved, not a reason to refuse
        assert _local_target("/ko-wikipedia/runs/../away?x=1") == "/ko-wikipedia/away?x=1"
        assert _local_target("/ko-wikipedia/./away") == "/ko-wikipedia/away"
        assert _local_target("/ko-wikipedia/.../away") == "/ko-wikipedia/.../away"


def test_serve_takes_the_wikis_or_all_but_not_both(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from mentorwatch.cli import main

    both = CliRunner().invoke(main, ["serve", "--all", "--wiki", KO], env={})
    assert both.exit_code == 2 and "--wiki API_URL, or serve them all with --all" in both.output
    neither = CliRunner().invoke(main, ["serve"], env={})
    assert neither.exit_code == 2
    empty = tmp_path / "settings.toml"
    empty.write_text("")
    none = CliRunner().invoke(main, ["serve", "--all", "--settings", str(empty)], env={})
    assert none.exit_code == 2 and "the settings name no wiki" in none.output


def test_a_trusted_proxys_prefix_comes_before_each_wikis_path(tmp_path: Path) -> None:
    proxied = several_wikis_app(
        [config(KO, tmp_path, trusted_proxies=1), config(DE, tmp_path, trusted_proxies=1)]
    ).test_client()
    prefix = {"X-Forwarded-Prefix": "/tool"}
    gone = proxied.get("/ko-wikipedia/runs", headers=prefix)
    assert gone.headers["Location"] == "/tool/ko-wikipedia/signin?next=/tool/ko-wikipedia/runs?"
    assert 'href="/tool/de-wikipedia/"' in proxied.get("/", headers=prefix).get_data(as_text=True)
    direct = several_wikis_app([config(KO, tmp_path), config(DE, tmp_path)]).test_client()
    untrusted = direct.get("/ko-wikipedia/runs", headers=prefix)
    assert untrusted.headers["Location"] == "/ko-wikipedia/signin?next=/ko-wikipedia/runs?"
