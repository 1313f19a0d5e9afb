"""Benchmark: ``mentorwatch run --all`` over several local wikis, one wiki at a time
(``--parallel 1``) and three at a time (``--parallel 3``), side by side in the same run.

Run: ``python3 bench/run_all.py [--wikis 6] [--mentors 40] [--write-pause 1]`` (needs the local
MediaWiki: scripts/install-mediawiki.sh). It builds that many plain wikis on 127.0.0.1 (the
``jsonpage`` backend), each with its mentors (a few inactive past the away and the removal
thresholds), and the same bot password on each; then, for each ``--parallel``, puts every list
and rules page back as seeded and runs ``bin/mentorwatch run --all --json`` with a fresh journal
and the job's etiquette (``--write-pause`` seconds between two edits of one wiki, 1 by default
as in production; maxlag is sent, the local wikis never lag). It prints the wall time, the API
requests and the writes of each, and what that means for a weekly run of ~300 Growth wikis.

What a weekly run of ~300 Growth wikis takes, within the API etiquette (docs/operations.md):
the writes of one wiki are paced (1 s apart) and every request may wait out replication lag
(``maxlag=5``), so a run's time is about ``requests x latency + writes x (pause + latency)``
per wiki, plus lag waits. Measured (6 wikis of 40 mentors, 8 writes a wiki, 2 cores): 50.1 s
one at a time, 17.7 s three at a time (2.8x), 17 requests a wiki, the preflight included. With
those counts and a 0.25 s round trip to Wikimedia's API: about 14 s a wiki, so ~70 minutes for
300 wikis one at a time, ~25 minutes with ``--parallel 3`` (different wikis, each still paced),
~8 minutes as 3 shards (``--shard K/3``, three scheduled jobs) of ``--parallel 3``. A quiet week
(no change) is a few seconds a wiki. A lagging cluster adds up to ``maxlag_budget_seconds``
(10 minutes) per request that meets the lag: a job's ``timeout`` (3600 s in jobs.yaml) must
leave room for it, which sharding does.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import localwiki  # noqa: E402

from mentorwatch.wiki.api import MediaWikiClient  # noqa: E402
from mentorwatch.wiki.pages import dump_json_page  # noqa: E402

PASSWORD = "0123456789abcdef0123456789abcdef"  # the bench's own throwaway wikis only
RULES = {
    "MarkInactiveMentorsAway": True,
    "AwayAfterDays": 10,
    "RemoveInactiveMentors": True,
    "RemoveAfterDays": 30,
}
#: an assumed round trip to Wikimedia's API (seconds), for the estimate
WIKIMEDIA_LATENCY = 0.25
GROWTH_WIKIS = 300
DAY = timedelta(days=1)


def build(
    count: int, mentors: int, workdir: Path
) -> list[tuple[localwiki.LocalWiki, dict[str, Any]]]:
    """``count`` wikis, each with ``mentors`` mentors (10% past removal, 10% past away)."""
    now = datetime.now(UTC)
    built = []
    for index in range(count):
        started = time.perf_counter()
        wiki = localwiki.create(workdir / f"wiki{index}", workers=4)
        wiki.php(
            "createBotPassword.php", "--appid", "bench", "--grants",
            localwiki.BOT_GRANTS, localwiki.BOT, PASSWORD,
        )  # fmt: skip
        rng = random.Random(index)
        names = [f"Bench{index}Mentor{number:03d}" for number in range(mentors)]
        ids = wiki.create_users({"name": n, "registered": now - 900 * DAY} for n in names)
        days = [
            45 if n % 10 == 0 else 15 if n % 10 == 1 else rng.uniform(0, 5) for n in range(mentors)
        ]
        wiki.import_edits(
            {"user": name, "title": f"Page {name}", "timestamp": now - ago * DAY, "text": "x"}
            for name, ago in zip(names, days, strict=True)
        )
        listed = {str(ids[n]): {"username": n, "message": None, "weight": 2} for n in names}
        built.append((wiki, {"Mentors": listed}))
        print(
            f"wiki {index + 1}/{count}: {mentors} mentors in {time.perf_counter() - started:.1f} s"
        )
    return built


def publish(wiki: localwiki.LocalWiki, mentors: dict[str, Any]) -> None:
    """The list and the rules page as seeded (the runs before changed them)."""
    client = MediaWikiClient(wiki.api_url, sleep=lambda _s: None)
    client.login(f"{localwiki.BOT}@bench", PASSWORD)
    for title, document in (
        ("MediaWiki:GrowthMentors.json", mentors),
        ("Project:Mentorwatch/Rules.json", RULES),
    ):
        client.post_with_token(
            action="edit", title=title, text=dump_json_page(document), summary="bench: reset"
        )


def measure(
    built: list[tuple[localwiki.LocalWiki, dict[str, Any]]], parallel: int, pause: float, db: Path
) -> dict[str, float]:
    for wiki, mentors in built:
        publish(wiki, mentors)
    settings = db.with_suffix(".toml")
    settings.write_text("".join(f'[wikis."{wiki.api_url}"]\n' for wiki, _ in built))
    env = {
        **os.environ,
        "MENTORWATCH_SETTINGS": str(settings),
        "MENTORWATCH_DATABASE": f"sqlite:///{db}",
        "MENTORWATCH_USERNAME": f"{localwiki.BOT}@bench",
        "MENTORWATCH_PASSWORD": PASSWORD,
        "MENTORWATCH_WRITE_PAUSE_SECONDS": str(pause),
    }
    command = [str(ROOT / "bin" / "mentorwatch"), "run", "--all", "--json"]
    started = time.perf_counter()
    done = subprocess.run(
        [*command, "--parallel", str(parallel)], env=env, capture_output=True, text=True
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"run --all failed ({done.returncode}): {done.stderr[-2000:]}")
    wikis = json.loads(done.stdout)["wikis"]
    return {
        "seconds": seconds,
        "requests": sum(w["summary"]["requests"] for w in wikis),
        "writes": sum(w["summary"]["edits"] for w in wikis),
        "wikis": len(wikis),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wikis", type=int, default=6)
    parser.add_argument("--mentors", type=int, default=40)
    parser.add_argument("--write-pause", type=float, default=1.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="mentorwatch-bench-") as temp:
        workdir = Path(temp)
        built = build(args.wikis, args.mentors, workdir)
        try:
            results = {p: measure(built, p, args.write_pause, workdir / f"j{p}.db") for p in (1, 3)}
        finally:
            for wiki, _ in built:
                wiki.stop()
    one, three = results[1], results[3]
    print()
    print(
        f"run --all over {args.wikis} local wikis, {args.mentors} mentors each, "
        f"{args.write_pause:g} s between two edits of a wiki"
    )
    print(f"{'':>22}{'--parallel 1':>14}{'--parallel 3':>14}")
    for key, unit in (("seconds", "s"), ("requests", ""), ("writes", "")):
        print(
            f"{key + (' (' + unit + ')' if unit else ''):>22}{one[key]:>14.1f}{three[key]:>14.1f}"
        )
    print(f"{'speed-up':>22}{'':>14}{one['seconds'] / three['seconds']:>13.1f}x")
    per_wiki_requests = one["requests"] / one["wikis"]
    per_wiki_writes = one["writes"] / one["wikis"]
    per_wiki = per_wiki_requests * WIKIMEDIA_LATENCY + per_wiki_writes * (
        args.write_pause + WIKIMEDIA_LATENCY
    )
    total = GROWTH_WIKIS * per_wiki
    print()
    print(
        f"{GROWTH_WIKIS} Growth wikis at {per_wiki_requests:.0f} requests and "
        f"{per_wiki_writes:.0f} writes each, {WIKIMEDIA_LATENCY} s a round trip: about "
        f"{per_wiki:.0f} s a wiki, {total / 60:.0f} min one at a time, "
        f"{total / 180:.0f} min with --parallel 3, {total / 540:.0f} min as 3 shards of "
        "--parallel 3 (plus lag waits: at most maxlag_budget_seconds a request)"
    )


if __name__ == "__main__":
    main()
