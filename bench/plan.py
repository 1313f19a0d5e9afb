"""Benchmark: the planner of this checkout side by side with the previous main's, on the same
snapshots of 2,000, 20,000 and 200,000 mentors; wall time and peak memory.

Run: ``python bench/plan.py`` (from the repository; ``--sizes 2000,20000`` for fewer;
``--previous COMMIT`` to compare with another commit, e.g. the one before a change). The
previous planner is the one of commit ``b855e01`` (the main before the domain was split into
facts, rules and planner), taken from git into a temporary directory at bench time; each side
runs in its own Python process (both packages are named ``mentorwatch``), twice in turn, and
the better of the two rounds is printed. Both plan the same documents: the generator below
needs nothing of mentorwatch, so each process builds them alike from the same seed.

Timing covers ``plan()`` only (the best of several runs); memory is the peak traced by
``tracemalloc`` while decoding the snapshot document and planning it (not for 200,000
mentors, where tracing alone takes half a minute). Targets (issue 2):
under 50 ms and 100 MB for 2,000 mentors, linear growth; (issue 19) at or below the previous
main's time.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from io import BytesIO
from pathlib import Path
from typing import Any

PREVIOUS = "b855e01"
REPOSITORY = Path(__file__).resolve().parents[1]
NOW = datetime(2026, 11, 25, 12, 0, 0, tzinfo=UTC)
SIZES = (2_000, 20_000, 200_000)
ROUNDS = 3
#: up to this many mentors, the peak memory is traced too
TRACED = 20_000


def _timestamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def snapshot_document(mentor_count: int, seed: int = 1) -> dict[str, Any]:
    """A snapshot of ``mentor_count`` mentors: a fifth away, 5% who never edited, 1% blocked;
    last edits spread over 400 days; away after 10 days, removal after 30."""
    rng = random.Random(seed)
    mentors: dict[str, Any] = {}
    activity: dict[str, Any] = {}
    for index in range(mentor_count):
        user_id = str(index + 3)
        entry: dict[str, Any] = {
            "username": f"Mentor{index}",
            "message": None,
            "weight": rng.choice([0, 1, 2, 2, 4]),
        }
        if rng.random() < 0.2:
            away = NOW + timedelta(days=rng.uniform(-20, 60))
            entry["awayTimestamp"] = _timestamp(away)
        mentors[user_id] = entry
        last_edit = NOW - timedelta(seconds=rng.uniform(0, 400 * 86400))
        activity[user_id] = {
            "last_edit_at": _timestamp(last_edit) if rng.random() > 0.05 else None,
            "registered_at": _timestamp(last_edit - timedelta(days=rng.uniform(0, 3000))),
            "blocked": rng.random() < 0.01,
        }
    return {
        "format": "mentorwatch-snapshot",
        "version": 1,
        "now": _timestamp(NOW),
        "run_interval_days": 7,
        "config": {
            "GEMentorshipShouldBeAutoawayed": True,
            "GEMentorshipAutoawayedAfterDays": 10,
            "GEMentorshipShouldBeAutoremoved": True,
            "GEMentorshipAutoremovedAfterDays": 30,
        },
        "mentors": {"Mentors": mentors},
        "activity": activity,
    }


def measure(mentor_count: int, repeats: int) -> dict[str, float]:
    """One side's figures, with the ``mentorwatch`` on this process's path."""
    from mentorwatch.domain.planner import plan
    from mentorwatch.domain.snapshot import decode_snapshot

    document = snapshot_document(mentor_count)
    traced = mentor_count <= TRACED
    if traced:
        tracemalloc.start()
    snapshot = decode_snapshot(document)
    result = plan(snapshot)
    peak = tracemalloc.get_traced_memory()[1] if traced else math.nan
    tracemalloc.stop()
    decode_times = []
    plan_times = []
    for _ in range(repeats):
        started = time.perf_counter()
        snapshot = decode_snapshot(document)
        decoded = time.perf_counter()
        plan(snapshot)
        planned = time.perf_counter()
        decode_times.append(decoded - started)
        plan_times.append(planned - decoded)
    assert len(result.decisions) == mentor_count
    return {
        "plan_ms": min(plan_times) * 1000,
        "decode_ms": statistics.median(decode_times) * 1000,
        "peak_mib": peak / 2**20,
        "changes": len(result.changes()),
    }


def previous_sources(into: Path, commit: str = PREVIOUS) -> Path | None:
    """``commit``'s ``src`` unpacked under ``into`` (None: git or the commit missing)."""
    try:
        archive = subprocess.run(
            ["git", "-C", str(REPOSITORY), "archive", commit, "src"],
            capture_output=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        if hasattr(tarfile, "data_filter"):  # Python 3.11.4 and later
            tar.extractall(into, filter="data")
        else:
            tar.extractall(into)  # our own repository's archive
    return into / "src"


def run_side(source: Path, mentor_count: int, repeats: int) -> dict[str, float]:
    """Measure in a fresh process whose ``mentorwatch`` is the one under ``source``."""
    env = {**os.environ, "PYTHONPATH": str(source)}
    command = [sys.executable, __file__, "--measure", str(mentor_count), str(repeats)]
    output = subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout
    figures: dict[str, float] = json.loads(output)
    return figures


def repeats_for(mentor_count: int) -> int:
    return 15 if mentor_count <= 2_000 else 5 if mentor_count <= 20_000 else 2


def compare(sizes: tuple[int, ...], previous: Path | None, commit: str = PREVIOUS) -> None:
    label = f"{commit} (previous main)" if commit == PREVIOUS else commit
    sides = {"this checkout": REPOSITORY / "src"}
    if previous is not None:
        sides[label] = previous
    else:
        print(f"(commit {commit} not found in git: this checkout's figures only)")
    print(f"python {sys.version.split()[0]}; best of {ROUNDS} rounds, each side in turn")
    header = ("mentors", "planner", "plan (best)", "decode (median)", "peak MiB", "changes")
    print("{:>8}  {:<24}  {:>12}  {:>16}  {:>9}  {:>8}".format(*header))
    best: dict[tuple[str, int], dict[str, float]] = {}
    for count in sizes:
        for _ in range(ROUNDS):
            for name, source in sides.items():
                figures = run_side(source, count, repeats_for(count))
                kept = best.get((name, count))
                if kept is None or figures["plan_ms"] < kept["plan_ms"]:
                    best[(name, count)] = figures
        for name in sides:
            f = best[(name, count)]
            peak = "-" if math.isnan(f["peak_mib"]) else f"{f['peak_mib']:.1f}"
            print(
                f"{count:>8}  {name:<24}  {f['plan_ms']:>9.1f} ms  {f['decode_ms']:>13.1f} ms  "
                f"{peak:>9}  {f['changes']:>8.0f}"
            )
        if previous is not None:
            ours = best[("this checkout", count)]["plan_ms"]
            theirs = best[(label, count)]["plan_ms"]
            print(f"{'':>8}  this checkout / previous: {ours / theirs:.2f}x plan time")
    small, large = sizes[0], sizes[-1]
    if large != small:
        ours_small = best[("this checkout", small)]["plan_ms"]
        ours_large = best[("this checkout", large)]["plan_ms"]
        print(
            f"growth: {large / small:.0f}x mentors -> {ours_large / ours_small:.1f}x plan time "
            "(this checkout)"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=",".join(str(size) for size in SIZES))
    parser.add_argument("--measure", nargs=2, type=int, help=argparse.SUPPRESS)
    parser.add_argument(
        "--previous", default=PREVIOUS, help=f"the commit to compare with (default {PREVIOUS})"
    )
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(*args.measure)))
        return 0
    sizes = tuple(int(size) for size in args.sizes.split(","))
    workdir = Path(tempfile.mkdtemp(prefix="mentorwatch-bench-"))
    try:
        compare(sizes, previous_sources(workdir, args.previous), args.previous)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
