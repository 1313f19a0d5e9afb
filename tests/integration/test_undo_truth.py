"""Undo says plainly what it does not take back, on the real (plain, jsonpage) wiki: the rules
page a ``config migrate`` run saved, and an undo itself (issue 21)."""

from __future__ import annotations

import json
from pathlib import Path

from .test_cli_live import operator_env, run_cli
from .test_jsonpage_cycle import MakeCommunity, entries


def test_undo_of_a_config_migrate_run_says_the_rules_page_stays_and_how_to_go_back(
    community: MakeCommunity, tmp_path: Path
) -> None:
    c = community().mentor("Busy", 1).mentor("Keen", 2).publish()
    env = operator_env(c, tmp_path)
    moved = run_cli(["config", "migrate", "--wiki", c.wiki.api_url], env)
    assert moved.exit_code == 0, moved.output
    history = json.loads(run_cli(["history", "--json", "--wiki", c.wiki.api_url], env).output)
    (migrate,) = [run for run in history["runs"] if run["kind"] == "migrate"]
    rules = c.read(c.rules_page)

    undone = run_cli(["undo", str(migrate["id"]), "--wiki", c.wiki.api_url], env)
    assert undone.exit_code == 0, undone.output  # it used to crash: no undo_set_config
    assert "skipped  undo_set_config" in undone.output
    assert "the rules page is not put back by undo" in undone.output
    assert f"edit {c.rules_page}" in undone.output and "previous revision" in undone.output
    assert c.read(c.rules_page) == rules  # nothing changed on the wiki


def test_an_undo_is_not_undone_and_says_what_to_do_instead(
    community: MakeCommunity, tmp_path: Path
) -> None:
    c = community().mentor("Quiet", 12).mentor("Busy", 1).mentor("Keen", 2).publish()
    env = operator_env(c, tmp_path)
    assert run_cli(["run", "--wiki", c.wiki.api_url], env).exit_code == 0
    undone = run_cli(["undo", "1", "--wiki", c.wiki.api_url, "--no-exempt"], env)
    assert undone.exit_code == 0, undone.output
    after_undo = entries(c)

    again = run_cli(["undo", "2", "--wiki", c.wiki.api_url], env)
    assert again.exit_code == 2, again.output  # invalid input, nothing changed
    assert "run #2 was itself an undo (of run #1): an undo is not undone" in again.output
    assert "The next cleanup run makes again what is still due" in again.output
    assert entries(c) == after_undo
