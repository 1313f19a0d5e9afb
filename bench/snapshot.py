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

``--world prolific`` (issue 12) seeds mentors as real wikis have them instead: 150 to 600 edits
each (``--edits MIN MAX``) spread over years, in articles, talk pages and user pages, most
recently active, some not for months or years; then prints, side by side, the reader's requests
per mentor for each read (``list=users``, last edits in windows, namespace counts for 90 days,
and each community rule of issue 24 alone and all together, read as the snapshot reads them)
and the sequential client's, and checks that both found the same last edit for every mentor.
Target: at most 60 requests for the last edits of 2,000 prolific mentors with a bot account.
Issue 24's target: at most 0.05 requests per mentor for activity with every community rule on.
With up to 500 mentors every read is one batch, so the per-mentor figures of a small world are
mostly per-batch constants (``--mentors 200``: 0.035 today, 0.080 with every rule on).
Seeding imports about 350 edits a second (``importDump.php``): the full world (750,000 edits)
takes about 35 minutes.
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
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import localwiki  # noqa: E402

from mentorwatch.domain.activity import Activity  # noqa: E402
from mentorwatch.domain.config import RULES_KEYS, parse_config  # noqa: E402
from mentorwatch.domain.config.community_rules import CommunityRules  # noqa: E402
from mentorwatch.domain.mentors import Mentor  # noqa: E402
from mentorwatch.domain.snapshot import Snapshot  # noqa: E402
from mentorwatch.service.cycle import Cycle  # noqa: E402
from mentorwatch.service.rule_evidence import read_evidence  # noqa: E402
from mentorwatch.store.journal import Journal  # noqa: E402
from mentorwatch.wiki import activity  # noqa: E402
from mentorwatch.wiki.api import MediaWikiClient  # noqa: E402
from mentorwatch.wiki.jsonpage import JsonPageBackend  # noqa: E402

DAY = timedelta(days=1)


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


def seed_prolific(
    wiki: localwiki.LocalWiki, count: int, now: datetime, edits: tuple[int, int]
) -> dict[str, int]:
    """Prolific mentors: their user ids by name."""
    rng = random.Random(12)
    names = [f"Prolific{index:05d}" for index in range(count)]
    ids = wiki.create_users({"name": name, "registered": now - 4000 * DAY} for name in names)
    rows = []
    for name in names:
        roll = rng.random()
        last = rng.uniform(0, 30) if roll < 0.75 else rng.uniform(30, 365 if roll < 0.95 else 2500)
        span = rng.uniform(700, 3000)
        for n in range(rng.randint(*edits)):
            kind = rng.random()
            title = f"Article {rng.randrange(400)}"
            if kind >= 0.9:
                title = f"User:{name}"
            elif kind > 0.7:
                title = f"Talk:{title}"
            days = last if n == 0 else last + rng.uniform(0, span)
            rows.append({"user": name, "title": title, "timestamp": now - days * DAY})
    started = time.perf_counter()
    wiki.import_edits(rows)
    seconds = time.perf_counter() - started
    print(f"seeded {count} prolific mentors, {len(rows)} edits in {seconds:.0f} s")
    return ids


def reader_reads(
    wiki: localwiki.LocalWiki, ids: dict[str, int], now: datetime, workers: int
) -> tuple[dict[str, datetime | None], list[tuple[str, float, int]]]:
    """Last edits by name, and (read, wall, requests) of each read mentorwatch makes."""
    client = MediaWikiClient(wiki.api_url, pool_size=max(workers, 1))
    client.login(*wiki.bot_credentials())
    reader = activity.ActivityReader(client, workers)
    reader.batch_size()
    reads: list[tuple[str, float, int]] = []
    found: dict[int, datetime | None] = {}

    def timed(label: str, read: Callable[[], object]) -> None:
        before, started = client.request_count, time.perf_counter()
        read()
        reads.append((label, time.perf_counter() - started, client.request_count - before))

    timed("mentorwatch list=users", lambda: reader.users(ids.values()))
    timed("mentorwatch last edits", lambda: found.update(reader.last_edits(ids.values(), now=now)))
    timed(
        "mentorwatch namespace counts (0, 1; 90 days)",
        lambda: reader.namespace_edit_counts(ids.values(), [0, 1], now - 90 * DAY),
    )
    reads += community_reads(client, reader, ids, now, found)
    return {name: found[user_id] for name, user_id in ids.items()}, reads


#: every community rule on (issue 24): Korean Wikipedia's minimums, templates, log actions
COMMUNITY_RULES = {
    "MarkInactiveMentorsAway": True,
    "AwayAfterDays": 10,
    "RemoveInactiveMentors": True,
    "RemoveAfterDays": 30,
    "EditsInWindow": {
        "enabled": True,
        "window_days": 90,
        "groups": [{"namespaces": [0], "minimum": 20}, {"namespaces": ["talk"], "minimum": 10}],
    },
    "RetiredTemplates": {"enabled": True, "templates": ["Retired"]},
    "WikibreakTemplates": {"enabled": True, "templates": ["Wikibreak"], "end_parameter": "1"},
    "LogActions": {"enabled": True},
}


def community_reads(
    client: MediaWikiClient,
    reader: activity.ActivityReader,
    ids: dict[str, int],
    now: datetime,
    last_edits: dict[int, datetime | None],
) -> list[tuple[str, float, int]]:
    """(read, wall, requests) of each community rule's reading alone, through the snapshot's
    own path (service/rule_evidence.py), on the same mentors."""
    mentors = tuple(Mentor(user_id, name, None, 2, None) for name, user_id in ids.items())
    records = {user_id: Activity(last_edits.get(user_id)) for user_id in ids.values()}
    full = parse_config(COMMUNITY_RULES, RULES_KEYS)
    off = CommunityRules()
    alone = {
        "edits per namespace (Korean: 0, talk; 90 days)": replace(off, edits=full.rules.edits),
        "retired + wikibreak templates": replace(
            off, retired=full.rules.retired, wikibreak=full.rules.wikibreak
        ),
        "log actions (mentors the days rule acts on)": replace(
            off, log_actions=full.rules.log_actions
        ),
        "every community rule": full.rules,
    }
    reads = []
    for label, rules in alone.items():
        config = replace(full, rules=rules)
        snapshot = Snapshot(now=now, config=config, mentors=mentors, activity=records)
        before, started = client.request_count, time.perf_counter()
        read_evidence(snapshot, client, reader)
        reads.append((f"+ {label}", time.perf_counter() - started, client.request_count - before))
    return reads


def sequential_last_edits(
    wiki: localwiki.LocalWiki, names: list[str]
) -> dict[str, datetime | None]:
    session = requests.Session()
    found: dict[str, datetime | None] = {}
    for name in names:
        params = {"action": "query", "list": "usercontribs", "ucuser": name, "uclimit": "1"}
        params |= {"format": "json", "formatversion": "2"}
        answer = session.get(wiki.api_url, params=params)
        rows = answer.json()["query"]["usercontribs"]
        found[name] = datetime.fromisoformat(rows[0]["timestamp"]) if rows else None
    return found


def prolific(args: argparse.Namespace, now: datetime) -> int:
    with tempfile.TemporaryDirectory(prefix="mentorwatch-bench-") as tmp:
        wiki = localwiki.create(Path(tmp) / "wiki", workers=args.server_workers)
        try:
            ids = seed_prolific(wiki, args.mentors, now, tuple(args.edits))
            started = time.perf_counter()
            expected = sequential_last_edits(wiki, list(ids))
            wall = time.perf_counter() - started
            sequential = ("sequential usercontribs uclimit=1", wall, len(ids))
            found, reads = reader_reads(wiki, ids, now, args.workers)
        finally:
            wiki.stop()
    print(f"{'read':<52} {'wall':>7} {'requests':>9} {'req/mentor':>11}")
    for label, wall, made in [sequential, *reads]:
        print(f"{label:<52} {wall:>6.2f}s {made:>9} {made / len(ids):>11.4f}")
    same = found == expected
    print(f"same last edit for every mentor as the sequential client: {same}")
    today = reads[0][2] + reads[1][2]
    every = today + reads[-1][2]
    print(f"activity, today's rule (list=users + last edits): {today / len(ids):.4f} req/mentor")
    print(f"activity, every community rule on as well:        {every / len(ids):.4f} req/mentor")
    return 0 if same and reads[1][2] <= 60 * len(ids) / 2000 else 1


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--mentors", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=4, help="mentorwatch's concurrent requests")
    parser.add_argument("--server-workers", type=int, default=4)
    parser.add_argument("--world", choices=["light", "prolific"], default="light")
    parser.add_argument("--edits", type=int, nargs=2, default=[150, 600], metavar=("MIN", "MAX"))
    args = parser.parse_args()
    now = datetime.now(UTC).replace(microsecond=0)
    if args.world == "prolific":
        return prolific(args, now)
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
