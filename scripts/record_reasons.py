"""Record what the planner says about many generated snapshots: the reasons' English corpus.

Issue 23 turned the planner's English prose into messages of the catalogue; the English
catalogue must read exactly as the prose did. This script recorded the prose once, with the
planner of commit 1e89901 (before the change), into ``tests/fixtures/reasons/corpus.json.gz``:
each generated snapshot (the snapshot format, ``docs/snapshot.md``) and, for each decision of
its plan, the reason and the problem as that planner wrote them.
``tests/unit/test_reasons_corpus.py`` plans every snapshot again and renders the messages in
English: the same text, character for character.

Run: ``python scripts/record_reasons.py [--count N] [--seed S] [--out PATH]``. Re-recording
with a planner that already speaks through the catalogue records the catalogue's English,
which proves nothing: record again only for a new kind of snapshot, and read the diff.

The snapshots cover every rule and note: own and upstream thresholds, warnings (given, due,
opted out), pauses, aways (short, long, past removal, noticed), exemptions (in force, ended),
talk-page messages refused (tried again, given up), blocked and future-dated mentors, missing
activity records, mentors who never edited.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

REPOSITORY = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPOSITORY / "src"))

from mentorwatch.domain.activity import Activity  # noqa: E402
from mentorwatch.domain.config import CommunityConfig  # noqa: E402
from mentorwatch.domain.exemptions import Exemption  # noqa: E402
from mentorwatch.domain.mentors import Mentor, Pause  # noqa: E402
from mentorwatch.domain.messages import (  # noqa: E402
    Undelivered,
    away_subject,
    notice_subject,
    warning_subject,
)
from mentorwatch.domain.outcomes import WriteAction  # noqa: E402
from mentorwatch.domain.planner import plan  # noqa: E402
from mentorwatch.domain.snapshot import Snapshot, decode_snapshot, encode_snapshot  # noqa: E402
from mentorwatch.domain.upstream import UpstreamRules  # noqa: E402
from mentorwatch.domain.warned import Warned  # noqa: E402

NOW = datetime(2026, 11, 25, 12, 0, 0, tzinfo=UTC)
OUT = REPOSITORY / "tests" / "fixtures" / "reasons" / "corpus.json.gz"
ERRORS = ("protectedpage", "blocked", "not_allowed: edit", "abusefilter-disallowed")


def _moment(rng: random.Random, low_days: float, high_days: float) -> datetime:
    """A moment ``low_days`` to ``high_days`` before now, to the second; sometimes whole days."""
    seconds = int(rng.uniform(low_days, high_days) * 86400)
    if rng.random() < 0.25:
        seconds -= seconds % 86400
    return NOW - timedelta(seconds=seconds)


def _config(rng: random.Random, names: list[str]) -> CommunityConfig:
    away_days, removal_days = rng.randint(1, 120), rng.randint(1, 400)
    away_on, removal_on = rng.random() < 0.7, rng.random() < 0.7
    if away_on and removal_on and away_days >= removal_days:
        removal_days = away_days + rng.randint(1, 100)
    warn_days = rng.randint(1, max(1, removal_days - 1))
    warn_on = rng.random() < 0.5 and removal_on and warn_days < removal_days
    exemptions = tuple(
        Exemption(
            name,
            rng.choice(("on a wikibreak", "mentors by hand", "arbitration committee")),
            rng.choice((None, NOW + timedelta(days=rng.randint(1, 90)), _moment(rng, 1, 60))),
        )
        for name in names
        if rng.random() < 0.08
    )
    return CommunityConfig(
        away_on,
        away_days,
        removal_on,
        removal_days,
        warn_on,
        warn_days,
        rng.random() < 0.5,
        exemptions=exemptions,
    )


def _upstream(rng: random.Random) -> UpstreamRules | None:
    if rng.random() < 0.6:
        return None
    return UpstreamRules(
        rng.random() < 0.5, rng.randint(1, 120), rng.random() < 0.5, rng.randint(30, 400)
    )


def _undelivered(
    rng: random.Random, name: str, last: datetime | None, away: datetime | None
) -> tuple[Undelivered, ...]:
    subjects = [(WriteAction.WARN, warning_subject(last))]
    if away is not None:
        subjects.append((WriteAction.AWAY_NOTICE, away_subject(away)))
        subjects.append((WriteAction.NOTIFY, notice_subject("mark_away", away)))
    kind, subject = rng.choice(subjects)
    return (Undelivered(kind, name, subject, rng.randint(1, 4), rng.choice(ERRORS)),)


def snapshot(rng: random.Random) -> Snapshot:
    """One generated snapshot of up to 14 mentors."""
    ids = rng.sample(range(1, 5000), rng.randint(1, 14))
    names = {user_id: f"Mentor {user_id}" for user_id in ids}
    mentors, activity, paused, warned, noticed, undelivered = [], {}, {}, {}, {}, {}
    for user_id in ids:
        away = None
        if rng.random() < 0.35:
            away = NOW + timedelta(seconds=int(rng.uniform(-30, 400) * 86400))
        mentors.append(Mentor(user_id, names[user_id], None, rng.choice([0, 1, 2, 4]), away))
        if rng.random() < 0.05:
            continue  # no activity record
        edit = None if rng.random() < 0.12 else _moment(rng, 0, 500)
        if edit is not None and rng.random() < 0.01:
            edit = _moment(rng, -3, -0.01)
        registered = _moment(rng, 0, 3000) if rng.random() < 0.97 else None
        if edit is None and rng.random() < 0.15:
            registered = _moment(rng, -3, -0.01)  # a wiki's clock ahead of the run's
        activity[user_id] = Activity(edit, registered, rng.random() < 0.04)
        last = edit or registered
        if rng.random() < 0.15:
            paused[user_id] = Pause(
                rng.choice([1, 2, 4]), NOW + timedelta(days=rng.randint(-20, 90))
            )
        if rng.random() < 0.3:
            episode = last if rng.random() < 0.8 else _moment(rng, 0, 600)
            warned[user_id] = Warned(_moment(rng, 0, 60), episode, rng.random() < 0.2)
        if away is not None and rng.random() < 0.2:
            noticed[user_id] = away
        if rng.random() < 0.12:
            undelivered[user_id] = _undelivered(rng, names[user_id], last, away)
    return Snapshot(
        now=NOW,
        config=_config(rng, list(names.values())),
        mentors=tuple(mentors),
        activity=activity,
        run_interval=timedelta(days=rng.randint(1, 28)),
        paused=paused,
        warned=warned,
        upstream=_upstream(rng),
        away_noticed=noticed,
        undelivered=undelivered,
    )


def said(snapshot: Snapshot) -> list[dict[str, Any]]:
    """What the planner says about each mentor."""
    return [
        {"user_id": d.user_id, "reason": str(d.reason), "problem": d.problem}
        for d in plan(snapshot).decisions
    ]


def record(count: int, seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    entries = []
    for _ in range(count):
        document = encode_snapshot(snapshot(rng))
        decoded = decode_snapshot(json.loads(json.dumps(document)))
        entries.append({"snapshot": document, "decisions": said(decoded)})
    return entries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=23)
    parser.add_argument("--out", type=Path, default=OUT)
    options = parser.parse_args()
    entries = record(options.count, options.seed)
    options.out.parent.mkdir(parents=True, exist_ok=True)
    data = json.dumps({"seed": options.seed, "entries": entries})  # the list's order kept
    options.out.write_bytes(gzip.compress(data.encode("utf-8"), mtime=0))
    decisions = sum(len(entry["decisions"]) for entry in entries)
    print(f"{len(entries)} snapshots, {decisions} decisions: {options.out}")


if __name__ == "__main__":
    main()
