"""``mentorwatch run --all``: three wikis from the settings file, one of them down.

The two live entries are two communities of the session's MediaWiki reached by two addresses
(``127.0.0.1`` and ``localhost``: two API URLs, two sign-ins, but one wiki as it names itself,
so one lease: they run one after the other); the third is a closed port. The live ones finish,
the summary names the dead one and the exit code is not 0.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from mentorwatch.cli import main
from mentorwatch.store.journal import Journal

from .conftest import Community, free_port_url
from .test_jsonpage_cycle import MakeCommunity, entries


def section(url: str, c: Community) -> str:
    return (
        f'[wikis."{url}"]\nlist_page = "{c.list_page}"\nconfig_page = "{c.config_page}"\n'
        f'rules_page = "{c.rules_page}"\n'
    )


def test_run_all_finishes_the_live_wikis_and_names_the_dead_one(
    community: MakeCommunity, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(time, "sleep", lambda _seconds: None)  # the dead wiki's retries
    first = community().mentor("Gone", 45).mentor("Active", 1).publish()
    second = community().mentor("Quiet", 12).mentor("Active", 1).publish()
    one = first.wiki.api_url
    two = one.replace("127.0.0.1", "localhost")
    dead = free_port_url()
    database = tmp_path / "journal.db"
    settings = tmp_path / "settings.toml"
    settings.write_text(
        f'database = "sqlite:///{database}"\n'
        + section(one, first)
        + section(dead, first)
        + section(two, second)
    )
    username, password = first.wiki.bot_credentials()
    env = {
        "MENTORWATCH_USERNAME": username,
        "MENTORWATCH_PASSWORD": password,
        "MENTORWATCH_SETTINGS": str(settings),
    }
    result = CliRunner().invoke(main, ["run", "--all", "--json", "--parallel", "1"], env=env)
    assert result.exit_code == 3, result.output  # the dead wiki: could not be used
    document = json.loads(result.stdout)
    outcome = {entry["wiki"]: entry for entry in document["wikis"]}
    assert list(outcome) == [one, dead, two]  # the settings' order
    assert outcome[one]["ok"] and outcome[two]["ok"], document
    assert outcome[dead]["exit_code"] == 3 and "connection refused" in outcome[dead]["error"]
    assert document["failed"] == [dead]
    assert f"failed wikis: {dead}" in result.stderr
    assert str(first.id("Gone")) not in entries(first)
    assert "awayTimestamp" in entries(second)[str(second.id("Quiet"))]
    journal = Journal(f"sqlite:///{database}")
    # one wiki as it names itself: both runs are journaled under its own address
    assert [run.status for run in journal.runs.recent(one)] == ["finished", "finished"]
    assert password not in result.output


def test_run_needs_a_wiki_or_all(tmp_path: Path) -> None:
    settings = tmp_path / "settings.toml"
    settings.write_text('contact = "User:Example"\n')
    neither = CliRunner().invoke(main, ["run"], env={"MENTORWATCH_SETTINGS": str(settings)})
    assert neither.exit_code == 2 and "--wiki API_URL, or run them all with --all" in neither.output
    empty = CliRunner().invoke(main, ["run", "--all"], env={"MENTORWATCH_SETTINGS": str(settings)})
    assert empty.exit_code == 2 and '[wikis."https://' in empty.output


def test_shards_of_run_all_take_every_wiki_once(
    community: MakeCommunity, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(time, "sleep", lambda _seconds: None)  # the dead wikis' retries
    c = community().mentor("Active", 1).publish()
    live = [c.wiki.api_url, c.wiki.api_url.replace("127.0.0.1", "localhost")]
    wikis = [*live, *(free_port_url() for _ in range(4))]
    settings = tmp_path / "settings.toml"
    settings.write_text(
        f'database = "sqlite:///{tmp_path / "journal.db"}"\n'
        + "".join(section(url, c) for url in wikis)
    )
    username, password = c.wiki.bot_credentials()
    env = {
        "MENTORWATCH_USERNAME": username,
        "MENTORWATCH_PASSWORD": password,
        "MENTORWATCH_SETTINGS": str(settings),
    }
    taken = []
    for shard in ("1/2", "2/2"):
        result = CliRunner().invoke(main, ["run", "--all", "--shard", shard, "--json"], env=env)
        document = json.loads(result.stdout)
        assert document["shard"] == shard
        taken.append([entry["wiki"] for entry in document["wikis"]])
        assert f"shard {shard}: {len(taken[-1])} of 6 wikis" in result.stderr
    assert sorted(taken[0] + taken[1]) == sorted(wikis) and not set(taken[0]) & set(taken[1])
    alone = CliRunner().invoke(main, ["run", "--wiki", live[0], "--shard", "1/2"], env=env)
    assert alone.exit_code == 2 and "--shard K/N shares the wikis of --all" in alone.output
