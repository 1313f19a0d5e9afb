"""Benchmark: plan a 2,000- and a 20,000-mentor snapshot; print wall time and peak memory.

Run: ``python bench/plan.py``. Targets (issue 2): under 50 ms and 100 MB for 2,000 mentors,
linear growth. Timing covers ``plan()`` only (the best of several runs); memory is the peak
traced by ``tracemalloc`` while decoding the snapshot document and planning it.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from typing import Any

from mentorwatch.domain.planner import plan
from mentorwatch.domain.snapshot import decode_snapshot
from mentorwatch.domain.timeutil import format_timestamp

NOW = datetime(2026, 11, 25, 12, 0, 0, tzinfo=UTC)


def snapshot_document(mentor_count: int, seed: int = 1) -> dict[str, Any]:
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
            entry["awayTimestamp"] = format_timestamp(away)
        mentors[user_id] = entry
        last_edit = NOW - timedelta(seconds=rng.uniform(0, 400 * 86400))
        activity[user_id] = {
            "last_edit_at": format_timestamp(last_edit) if rng.random() > 0.05 else None,
            "registered_at": format_timestamp(last_edit - timedelta(days=rng.uniform(0, 3000))),
            "blocked": rng.random() < 0.01,
        }
    return {
        "format": "mentorwatch-snapshot",
        "version": 1,
        "now": format_timestamp(NOW),
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


def measure(mentor_count: int, repeats: int = 7) -> tuple[float, float, float, int]:
    document = snapshot_document(mentor_count)
    tracemalloc.start()
    snapshot = decode_snapshot(document)
    result = plan(snapshot)
    _, peak = tracemalloc.get_traced_memory()
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
    return min(plan_times), statistics.median(decode_times), peak / 2**20, len(result.changes())


def main() -> int:
    print(f"python {sys.version.split()[0]}")
    header = ("mentors", "plan (best)", "decode (median)", "peak MiB", "changes")
    print("{:>8}  {:>12}  {:>16}  {:>9}  {:>8}".format(*header))
    rows = []
    for count in (2_000, 20_000):
        plan_s, decode_s, peak_mib, changes = measure(count)
        rows.append((count, plan_s))
        plan_ms, decode_ms = plan_s * 1000, decode_s * 1000
        print(
            f"{count:>8}  {plan_ms:>9.1f} ms  {decode_ms:>13.1f} ms  {peak_mib:>9.1f}  {changes:>8}"
        )
    (small, small_s), (large, large_s) = rows
    print(f"growth: {large / small:.0f}x mentors -> {large_s / small_s:.1f}x plan time")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
