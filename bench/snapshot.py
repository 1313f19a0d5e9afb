"""Benchmark: snapshot of 2,000 mentors from a local MediaWiki, against a plain sequential client.

Run: ``python bench/snapshot.py [--mentors 2000] [--workers 4]`` (needs the local MediaWiki:
scripts/install-mediawiki.sh). It seeds the mentors with backdated edits in a fresh wiki
served by PHP with 4 workers, then measures, in the same run:

* mentorwatch's snapshot (configuration, list, ``list=users`` in batches, concurrent
  ``usercontribs``): wall time, API requests per mentor, peak memory;
* a plain sequential client, one ``usercontribs`` request per mentor with a requests.Session
  (what a bot operator writes first), which reads only the last edits.

Targets (issue 3): at most 1.05 requests per mentor plus a constant, at least 2x faster than
the sequential client, peak memory under 200 MB.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import localwiki  # noqa: E402

from mentorwatch.service.cycle import Cycle  # noqa: E402
from mentorwatch.store.journal import Journal  # noqa: E402
from mentorwatch.wiki.activity import ActivitySource  # noqa: E402
from mentorwatch.wiki.api import MediaWikiClient  # noqa: E402
from mentorwatch.wiki.mentorlist import JsonPageBackend  # noqa: E402


def seed(wiki: localwiki.LocalWiki, count: int, now: datetime) -> list[str]:
    rng = random.Random(2)
    names = [f"BenchMentor{index:05d}" for index in range(count)]
    started = time.perf_counter()
    ids = wiki.create_users(
        {"name": name, "registered": now - timedelta(days=rng.uniform(400, 4000))} for name in names
    )
    edits = [
        {
            "user": name,
            "title": f"Bench page {index % 200}",
            "timestamp": now - timedelta(days=rng.uniform(0, 400)),
            "text": name,
        }
        for index, name in enumerate(names)
        if rng.random() > 0.05  # a few never edited
    ]
    wiki.import_edits(edits)
    client = MediaWikiClient(wiki.api_url)
    client.login(*wiki.bot_credentials())
    mentors = {str(ids[name]): {"username": name, "message": None, "weight": 2} for name in names}
    for title, document in (
        ("MediaWiki:GrowthMentors.json", {"Mentors": mentors}),
        ("MediaWiki:GrowthExperimentsMentorship.json", {"GEMentorshipShouldBeAutoawayed": True}),
    ):
        client.post_with_token(
            action="edit", title=title, summary="bench", text=json.dumps(document, indent="\t")
        )
    print(
        f"seeded {count} mentors, {len(edits)} backdated edits in {time.perf_counter() - started:.1f} s"
    )
    return names


def mentorwatch_snapshot(
    wiki: localwiki.LocalWiki, workers: int, db: Path
) -> tuple[float, int, int, float]:
    client = MediaWikiClient(wiki.api_url, pool_size=max(workers, 1))
    client.login(*wiki.bot_credentials())
    constant = client.request_count  # siteinfo-free login: token + login
    cycle = Cycle(
        client,
        JsonPageBackend(client),
        Journal(f"sqlite:///{db}"),
        clock=lambda: datetime.now(UTC),
        activity_source=ActivitySource(client, workers),
    )
    tracemalloc.start()
    started = time.perf_counter()
    live = cycle.snapshot()
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return elapsed, client.request_count - constant, len(live.snapshot.mentors), peak / 2**20


def sequential_baseline(wiki: localwiki.LocalWiki, names: list[str]) -> tuple[float, int]:
    session = requests.Session()
    started = time.perf_counter()
    found = 0
    for name in names:
        response = session.get(
            wiki.api_url,
            params={
                "action": "query",
                "list": "usercontribs",
                "ucuser": name,
                "uclimit": "1",
                "ucprop": "timestamp",
                "format": "json",
                "formatversion": "2",
            },
        )
        found += bool(response.json()["query"]["usercontribs"])
    return time.perf_counter() - started, found


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--mentors", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=4, help="mentorwatch's concurrent requests")
    parser.add_argument("--server-workers", type=int, default=4)
    args = parser.parse_args()
    now = datetime.now(UTC)
    with tempfile.TemporaryDirectory(prefix="mentorwatch-bench-") as tmp:
        wiki = localwiki.create(Path(tmp) / "wiki", workers=args.server_workers)
        try:
            names = seed(wiki, args.mentors, now)
            baseline_s, found = sequential_baseline(wiki, names)  # also warms the server up
            ours_s, requests_made, mentors, peak_mib = mentorwatch_snapshot(
                wiki, args.workers, Path(tmp) / "j.db"
            )
            baseline_s2, _ = sequential_baseline(wiki, names)
        finally:
            wiki.stop()
    baseline = min(baseline_s, baseline_s2)
    rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{'client':<34} {'wall':>8} {'requests':>9} {'req/mentor':>11}")
    print(
        f"{'sequential usercontribs (Session)':<34} {baseline:>7.2f}s {len(names):>9} {1.0:>11.3f}"
    )
    print(
        f"{'mentorwatch snapshot':<34} {ours_s:>7.2f}s {requests_made:>9} {requests_made / mentors:>11.3f}"
    )
    print(
        f"speed-up: {baseline / ours_s:.2f}x  (mentorwatch also reads registration, blocks, "
        f"the list and the configuration; the baseline found {found} last edits)"
    )
    print(
        f"requests: {requests_made} = {requests_made - mentors} + 1 per mentor for {mentors} mentors"
    )
    print(
        f"peak memory: {peak_mib:.1f} MiB traced during the snapshot; process max RSS {rss_mib:.0f} MiB"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
