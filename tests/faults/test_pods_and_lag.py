"""Issue 14 at the level of a whole run: a run SIGKILLed on one pod is finished by a run on
another pod within the lease time; a run against a wiki lagging 8 s for 60 s waits it out (on
an injected clock) and finishes, while a web page read does not wait."""

from __future__ import annotations

import time
from pathlib import Path

from mentorwatch.service.cycle import RunOptions
from mentorwatch.settings import load_settings
from mentorwatch.store.journal import Journal
from mentorwatch.web.runtime.services import Wiki
from mentorwatch.web.runtime.web_config import WebConfig
from mentorwatch.wiring import ApiTiming, make_cycle, open_journal, open_wiki
from tests.integration.test_cli_live import operator_env, run_cli
from tests.integration.test_jsonpage_cycle import MakeCommunity, entries

from .killer import kill_spec
from .proxy import Script, faulty
from .wikistate import check_journal_matches_wiki, edits, killed

LEASE = 3.0


def test_a_run_killed_on_one_pod_is_finished_by_another_within_the_lease(
    community: MakeCommunity, tmp_path: Path
) -> None:
    c = community().mentor("Quiet", 12).mentor("Gone", 45).mentor("Busy", 1).publish()
    env = operator_env(c, tmp_path)
    Path(env["MENTORWATCH_SETTINGS"]).write_text(
        Path(env["MENTORWATCH_SETTINGS"]).read_text() + f"lock_lease_seconds = {LEASE}\n"
    )
    run = ["run", "--wiki", c.wiki.api_url]
    kill = kill_spec("mentorwatch.wiki.jsonpage:JsonPageBackend", "set_away")
    killed(run, {**env, "MENTORWATCH_HOSTNAME": "job-pod-a"}, kill)
    died = time.monotonic()

    other = {**env, "MENTORWATCH_HOSTNAME": "job-pod-b"}
    attempts = [run_cli(run, other)]
    assert attempts[0].exit_code == 4 and "job-pod-a" in attempts[0].output  # a live lease
    # each attempt is a real run, no sleeping; the bound only keeps a broken lease from hanging
    # the suite (how soon the takeover comes is the lease's, not this machine's load)
    while attempts[-1].exit_code == 4 and time.monotonic() - died < LEASE + 60:
        attempts.append(run_cli(run, other))

    assert attempts[-1].exit_code == 0, attempts[-1].output
    assert "took over the lock" in attempts[-1].output and "lease expired" in attempts[-1].output
    assert len(edits(c, f"Marking mentor {c.name('Quiet')}")) == 1
    assert len(edits(c, f"Removing mentor {c.name('Gone')}")) == 1
    assert str(c.id("Gone")) not in entries(c)
    records = check_journal_matches_wiki(c, Journal(f"sqlite:///{tmp_path / 'journal.db'}"))
    assert [r.status for r in records if r.action != "keep"] == ["done", "done"]


def test_a_run_waits_out_the_lag_and_finishes_while_a_web_read_does_not_wait(
    community: MakeCommunity, tmp_path: Path
) -> None:
    c = community().mentor("Quiet", 12).mentor("Gone", 45).mentor("Busy", 1).publish()
    env = operator_env(c, tmp_path)
    settings = load_settings(None, c.wiki.api_url, env)
    lagging = Script(c.wiki.api_url, lag_until=60.0)
    with faulty(lagging) as proxy:
        timing = ApiTiming(sleep=lagging.clock.sleep, clock=lagging.clock)
        wiki = open_wiki(proxy, settings, require_login=True, timing=timing)
        report = make_cycle(wiki, open_journal(settings), RunOptions()).run()

        assert [(o.action, o.status) for o in report.outcomes] == [
            ("mark_away", "done"),
            ("remove", "done"),
        ]
        assert lagging.clock.now >= 60  # it waited the lag out...
        waits = [wait for wait in lagging.clock.sleeps if wait != 1.0]
        assert set(waits) == {5.0} and len(waits) >= 12  # ...as Retry-After said
        assert lagging.clock.sleeps.count(1.0) == 1  # and its two writes 1 s apart
        assert len(edits(c, f"Removing mentor {c.name('Gone')}")) == 1

        reading = Script(c.wiki.api_url, lag_until=60.0)  # lagging again, for the web app
        with faulty(reading) as web_proxy:
            web = Wiki(WebConfig(api_url=web_proxy, settings=settings, backend="jsonpage"))
            listed = web.connection.backend.read_list().entries
        assert str(c.id("Quiet")) in listed  # answered at once: no maxlag, no wait
        assert reading.requests and not any("maxlag" in seen for seen in reading.requests)
        assert reading.clock.sleeps == []
