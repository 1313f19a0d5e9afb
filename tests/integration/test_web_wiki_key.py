"""The web app knows a wiki by the name the wiki gives itself (siteinfo's server and script
path), as the command line does: whatever spelling of the address each was given, the runs
page shows the command line's runs, and a save from the web is journaled under the same key."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

from mentorwatch.cli import main
from mentorwatch.store.journal import Journal

from .conftest import Community
from .web import csrf_of, serve, signed_in


def test_the_web_app_and_the_command_line_share_the_wikis_own_name(
    community: Callable[..., Community], tmp_path: Path
) -> None:
    c = community({"GEMentorshipShouldBeAutoawayed": True, "GEMentorshipAutoawayedAfterDays": 10})
    c.list_in_project = True
    c.mentor("Mira", 2).mentor("Quiet", 12).publish()
    assert c.wiki.api_url.startswith("http://127.0.0.1:")
    localhost = c.wiki.api_url.replace("http://127.0.0.1:", "http://localhost:")
    with serve(c, tmp_path, "Mira", api_url=localhost) as served:
        username, password = c.wiki.bot_credentials()
        env = {
            "MENTORWATCH_USERNAME": username,
            "MENTORWATCH_PASSWORD": password,
            "MENTORWATCH_SETTINGS": str(tmp_path / "settings.toml"),  # the app's journal
        }
        ran = CliRunner().invoke(main, ["run", "--wiki", c.wiki.api_url], env=env)
        assert ran.exit_code == 0, ran.output
        journal = Journal(served.database)
        (cli_run,) = journal.runs.recent()
        assert cli_run.wiki == c.wiki.api_url

        http = signed_in(served, served.mentor)
        runs = http.get(f"{served.url}/runs")
        assert runs.ok and f'href="/runs/{cli_run.id}"' in runs.text
        assert http.get(f"{served.url}/runs/{cli_run.id}").ok
        dashboard = http.get(f"{served.url}/").text
        assert localhost in dashboard  # the address as configured, for display
        exported = http.get(f"{served.url}/export.json").json()
        assert exported["wiki"] == c.wiki.api_url
        last = {row["username"]: row["last_done_run"] for row in exported["mentors"]}
        assert last[c.name("Quiet")] == cli_run.id  # the run's "last done" on the dashboard

        form = http.get(f"{served.url}/away")
        saved = http.post(
            f"{served.url}/away",
            data={"csrf_token": csrf_of(form.text), "action": "away", "mode": "days", "days": "3"},
        )
        assert saved.ok and "Saved" in saved.text, saved.text[:800]
        assert c.read()["Mentors"][str(c.id("Mira"))]["awayTimestamp"]  # on the wiki itself
        web_runs = [run for run in journal.runs.recent() if run.kind == "web"]
        assert [run.wiki for run in web_runs] == [c.wiki.api_url]
        assert {action.wiki for action in journal.actions.find()} == {c.wiki.api_url}
