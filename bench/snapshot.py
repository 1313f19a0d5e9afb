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
from mentorwatch.wiki import activity  # noqa: E402
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
    seconds = time.perf_counter() - started
    print(f"seeded {count} mentors, {len(edits)} backdated edits in {seconds:.1f} s")
    return names


def mentorwatch_snapshot(
    wiki: localwiki.LocalWiki, workers: int, db: Path, one_by_one: bool
) -> tuple[float, int, int, float]:
    """(wall seconds, requests after login, mentors, traced peak MiB) of one snapshot."""
    saved = activity.FEW_EDITS
    if one_by_one:
        activity.FEW_EDITS = -1  # as on a wiki where every mentor has many edits
    try:
        client = MediaWikiClient(wiki.api_url, pool_size=max(workers, 1))
        client.login(*wiki.bot_credentials())
        after_login = client.request_count
        cycle = Cycle(
            client,
            JsonPageBackend(client),
            Journal(f"sqlite:///{db}"),
            clock=lambda: datetime.now(UTC),
            activity_source=activity.ActivityReader(client, workers),
        )
        tracemalloc.start()
        started = time.perf_counter()
        live = cycle.snapshot()
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    finally:
        activity.FEW_EDITS = saved
    return elapsed, client.request_count - after_login, len(live.snapshot.mentors), peak / 2**20


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
            baseline_s, _ = sequential_baseline(wiki, names)  # also warms the server up
            grouped = mentorwatch_snapshot(wiki, args.workers, Path(tmp) / "j.db", False)
            single = mentorwatch_snapshot(wiki, args.workers, Path(tmp) / "j.db", True)
            baseline_s2, _ = sequential_baseline(wiki, names)
        finally:
            wiki.stop()
    baseline = min(baseline_s, baseline_s2)
    rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows = [
        ("sequential usercontribs, requests.Session", baseline, len(names), len(names), 0.0),
        ("mentorwatch snapshot (as seeded: few edits)", *grouped),
        ("mentorwatch snapshot (one request per mentor)", *single),
    ]
    print(f"{'client':<46} {'wall':>7} {'requests':>9} {'req/mentor':>11} {'peak MiB':>9}")
    for label, wall, made, mentors, peak in rows:
        print(f"{label:<46} {wall:>6.2f}s {made:>9} {made / mentors:>11.3f} {peak:>9.1f}")
    for label, wall, *_ in rows[1:]:
        print(f"speed-up of {label.removeprefix('mentorwatch snapshot ')}: {baseline / wall:.2f}x")
    print(
        f"process max RSS: {rss_mib:.0f} MiB. mentorwatch also reads registration, blocks, the list"
    )
    print("and the configuration; the baseline reads only last edits.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
