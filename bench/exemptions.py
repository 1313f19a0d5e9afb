"""Benchmark: exemptions looked up for 2,000 mentors against 20,000 exemptions (issue 20).

Run: ``python bench/exemptions.py`` (``--mentors 2000 --exemptions 20000``). What is timed is
what a dashboard refresh does with the rules page's exemptions: the plan (the planner's
per-plan index, ``PlanContext.exempt``) and the dashboard's rows (each row's note names the
mentor's exemption). Side by side in the same run:

* **indexed** (this checkout): ``CommunityConfig.exemption_of``, the exemptions by canonical
  name, made once per configuration; one lookup per mentor;
* **scan** (the obvious alternative, and what each dashboard row did before): for each mentor,
  compare the name with every exemption's (``same_user``) until one matches.

The scan is timed on a sample of mentors spread over the list and scaled to all of them (a
full scan of 2,000 x 20,000 takes tens of seconds); the figure printed says so. The best of
three rounds is shown.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from mentorwatch.domain.activity import Activity
from mentorwatch.domain.config import RULES_KEYS, CommunityConfig, parse_config
from mentorwatch.domain.exemptions import Exemption, same_user
from mentorwatch.domain.mentors import Mentor
from mentorwatch.domain.planner import plan
from mentorwatch.domain.snapshot import Snapshot
from mentorwatch.web.views.mentor_rows import build_rows

NOW = datetime(2026, 11, 25, 12, 0, 0, tzinfo=UTC)
ROUNDS = 3
#: mentors the scan is timed on (then scaled to the whole list)
SAMPLE = 100


def community(mentors: int, exemptions: int) -> Snapshot:
    """``mentors`` mentors; ``exemptions`` exemptions spread over the list: one mentor in ten
    exempt (every other one expired), the rest for names not on the list."""
    listed = tuple(Mentor(i + 1, f"Mentor{i}", None, 2, None) for i in range(mentors))
    step = max(1, exemptions // max(1, mentors // 10))
    items = []
    for index in range(exemptions):
        exempt = index % step == 0 and (index // step) * 10 < mentors
        name = f"Mentor{(index // step) * 10}" if exempt else f"X{index}"
        until = NOW - timedelta(days=1) if index % (2 * step) == 0 else NOW + timedelta(days=30)
        items.append(Exemption(name, "away for a while", until).to_json())
    document = {"MarkInactiveMentorsAway": True, "RemoveInactiveMentors": True, "Exemptions": items}
    config = parse_config(document, RULES_KEYS)
    activity = {m.user_id: Activity(NOW - timedelta(days=m.user_id % 60), NOW) for m in listed}
    return Snapshot(NOW, config, listed, activity)


def best(work: Callable[[], object]) -> float:
    times = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def scan(exemptions: Sequence[Exemption], username: str) -> Exemption | None:
    """The obvious lookup: every exemption compared with the name."""
    for exemption in exemptions:
        if same_user(exemption.mentor, username):
            return exemption
    return None


def indexed(config: CommunityConfig, names: Sequence[str]) -> list[Exemption | None]:
    """Every lookup through the index, made first (a fresh copy of the configuration)."""
    fresh = replace(config)
    return [fresh.exemption_of(name) for name in names]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentors", type=int, default=2_000)
    parser.add_argument("--exemptions", type=int, default=20_000)
    args = parser.parse_args()
    snapshot = community(args.mentors, args.exemptions)
    config = snapshot.config
    names = [mentor.username for mentor in snapshot.mentors]
    sample = names[:: max(1, len(names) // SAMPLE)][:SAMPLE]  # spread over the list
    assert indexed(config, sample) == [scan(config.exemptions, name) for name in sample]

    planned = plan(snapshot)
    plan_s = best(lambda: plan(snapshot))
    rows_s = best(lambda: build_rows(snapshot, planned, {}, None))
    indexed_s = best(lambda: indexed(config, names))
    scan_s = best(lambda: [scan(config.exemptions, n) for n in sample]) * len(names) / len(sample)

    found = sum(1 for item in indexed(config, names) if item is not None)
    print(f"{args.mentors:,} mentors, {args.exemptions:,} exemptions ({found:,} of listed mentors)")
    print(f"  plan (its index made once per plan):        {plan_s * 1000:10.1f} ms")
    print(f"  dashboard rows (indexed lookups):           {rows_s * 1000:10.1f} ms")
    print(f"  lookups, indexed (index made included):     {indexed_s * 1000:10.1f} ms")
    print(f"  lookups, scan ({SAMPLE} mentors timed, scaled): {scan_s * 1000:10.1f} ms")


if __name__ == "__main__":
    main()
