"""The web app's rules enforced by the server, whatever the browser sends."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import SMALL_WORLD, Community
from .web import csrf_of, serve, signed_in

WEB_CONFIG = {"GEMentorshipShouldBeAutoremoved": True, "GEMentorshipAutoremovedAfterDays": 30}
#: the configuration page as the fixture publishes it (the test worlds' minimum pool with it)
PUBLISHED = {**SMALL_WORLD, **WEB_CONFIG}


@pytest.fixture
def web_community(community: Callable[..., Community]) -> Community:
    c = community(dict(WEB_CONFIG))
    c.list_in_project = True
    return c.mentor("Mira", 2).mentor("Olaf", 45).mentor("Pia", 12).publish()


def test_a_non_admin_posting_the_configuration_form_directly_is_refused(
    web_community: Community, tmp_path: Path
) -> None:
    c = web_community
    with serve(c, tmp_path, "Mira") as served:
        http = signed_in(served, served.mentor)
        assert http.get(f"{served.url}/config").status_code == 403
        token = csrf_of(http.get(f"{served.url}/").text)
        before = c.history(c.config_page)
        posted = http.post(
            f"{served.url}/config",
            data={
                "csrf_token": token,
                "autoaway": "no",
                "autoremove": "no",
                "warn": "no",
                "notify": "no",
            },
        )
        assert posted.status_code == 403
        assert c.history(c.config_page) == before
        assert c.read(c.config_page) == PUBLISHED


def test_forms_without_the_session_csrf_token_are_refused(
    web_community: Community, tmp_path: Path
) -> None:
    c = web_community
    with serve(c, tmp_path, "Mira") as served:
        http = signed_in(served, served.admin)
        forged = http.post(
            f"{served.url}/config",
            data={
                "csrf_token": "forged",
                "autoaway": "yes",
                "autoaway_days": "5",
                "autoremove": "yes",
                "autoremove_days": "30",
                "warn": "no",
                "notify": "no",
            },
        )
        assert forged.status_code == 400
        assert c.read(c.config_page) == PUBLISHED


def test_signing_in_with_a_wrong_password_is_refused(
    web_community: Community, tmp_path: Path
) -> None:
    with serve(web_community, tmp_path, "Mira") as served:
        import requests

        http = requests.Session()
        token = csrf_of(http.get(f"{served.url}/signin").text)
        refused = http.post(
            f"{served.url}/signin",
            data={"csrf_token": token, "username": served.mentor[0], "password": "wrong" * 7},
        )
        assert refused.status_code == 401 and "refused the sign-in" in refused.text
        assert http.get(f"{served.url}/", allow_redirects=False).status_code == 302
        assert served.mentor[1] not in (tmp_path / "serve.log").read_text()


def test_the_dashboard_exports_every_mentor(web_community: Community, tmp_path: Path) -> None:
    c = web_community
    with serve(c, tmp_path, "Mira") as served:
        http = signed_in(served, served.mentor)
        rows = list(csv.DictReader(io.StringIO(http.get(f"{served.url}/export.csv").text)))
        by_name = {row["username"]: row for row in rows}
        assert set(by_name) == {c.name("Mira"), c.name("Olaf"), c.name("Pia")}
        assert by_name[c.name("Olaf")]["status"] == "due for removal"  # the status in words
        assert by_name[c.name("Mira")]["next_action"].startswith("will be removed on ")
        document = json.loads(http.get(f"{served.url}/export.json?status=to_remove").text)
        assert [m["username"] for m in document["mentors"]] == [c.name("Olaf")]
        page = http.get(f"{served.url}/?sort=last_edit&order=desc").text
        table = page[page.index("<tbody>") :]
        order = [table.index(c.name(short)) for short in ("Olaf", "Pia", "Mira")]
        assert order == sorted(order)  # longest inactive first
        assert "<svg" in page and "removal (30 d)" in page
