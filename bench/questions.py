"""Benchmark: what reading mentees' questions adds to a snapshot, side by side with one without.

Run: ``python bench/questions.py [--mentors 200] [--asked 0.3]`` (needs the local MediaWiki:
scripts/install-mediawiki.sh). It seeds the prolific world of ``bench/snapshot.py`` (150 to 600
edits per mentor; ``--edits MIN MAX``), plus, for a share of the mentors (``--asked``), a few
replies on talk pages (imported, backdated within the window) and questions posted through the
API with the change tag ``mentorship module question`` (a user-defined tag of that name, made
with ``addChangeTag.php``: the plain wiki has no GrowthExperiments; the rows recent changes
answers are the same). The
questions are posted by the bot account (who asks changes no request count below 500
askers). Then, in the same run, a snapshot without questions and one with them, with a bot
account: requests and wall time of each, and the extra requests per mentor.

Target (issue 25): at most 0.02 extra requests per mentor on 2,000 mentors. The extra requests
do not grow with the list but with the mentors asked something (500 names a request with a bot
account) and the rows: 2 (the two tags, with the new accounts in the first) + the askees' talk
page contributions / 5,000 + the askers / 500.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "bench"))

import localwiki  # noqa: E402
from snapshot import DAY, seed_prolific  # noqa: E402

from mentorwatch.service.cycle import Cycle, RunOptions  # noqa: E402
from mentorwatch.store.journal import Journal  # noqa: E402
from mentorwatch.wiki import activity  # noqa: E402
from mentorwatch.wiki.api import MediaWikiClient  # noqa: E402
from mentorwatch.wiki.jsonpage import JsonPageBackend  # noqa: E402

TAG = "mentorship module question"


def seed_questions(
    wiki: localwiki.LocalWiki, ids: dict[str, int], now: datetime, share: float
) -> int:
    """Questions to ``share`` of the mentors (1 to 3 each) and some replies; the list page."""
    rng = random.Random(25)
    client = MediaWikiClient(wiki.api_url)
    client.login(*wiki.bot_credentials())
    mentors = {
        str(uid): {"username": name, "message": None, "weight": 2} for name, uid in ids.items()
    }
    client.post_with_token(
        action="edit", title="MediaWiki:GrowthMentors.json", text=json.dumps({"Mentors": mentors})
    )
    asked = [name for name in ids if rng.random() < share]
    earlier = [  # talk page edits before the questions: read, answering nothing
        {"user": name, "title": f"User talk:{name}", "timestamp": now - rng.uniform(0, 20) * DAY}
        for name in asked
        for _ in range(rng.randint(0, 4))
    ]
    wiki.import_edits(earlier)
    posted = 0
    for name in asked:
        for n in range(rng.randint(1, 3)):
            client.post_with_token(
                action="edit",
                title=f"User talk:{name}",
                section="new",
                sectiontitle=f"Question {n}",
                text="How do I add a picture? ~~~~",
                tags=TAG,
            )
            posted += 1
    answered = datetime.now(UTC).replace(microsecond=0)  # after every question
    replies = [
        {"user": name, "title": f"User talk:{name}", "timestamp": answered}
        for name in asked
        if rng.random() < 0.6
    ]
    wiki.import_edits(replies)
    print(f"{len(asked)} mentors asked {posted} questions; {len(replies)} answered")
    return posted


def snapshot_requests(wiki: localwiki.LocalWiki, db: Path, questions: bool) -> tuple[float, int]:
    client = MediaWikiClient(wiki.api_url)
    client.login(*wiki.bot_credentials())
    cycle = Cycle(
        client,
        JsonPageBackend(client),
        Journal(f"sqlite:///{db}"),
        clock=lambda: datetime.now(UTC),
        options=replace(RunOptions(), questions=questions),
        activity_source=activity.ActivityReader(client, 4),
    )
    before, started = client.request_count, time.perf_counter()
    live = cycle.snapshot()
    wall = time.perf_counter() - started
    if questions:
        record = live.snapshot.questions
        assert record is not None
        print(f"read {len(record.questions)} questions, {len(record.replies)} replies")
    return wall, client.request_count - before


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--mentors", type=int, default=200)
    parser.add_argument("--asked", type=float, default=0.3)
    parser.add_argument("--edits", type=int, nargs=2, default=[150, 600], metavar=("MIN", "MAX"))
    args = parser.parse_args()
    now = datetime.now(UTC).replace(microsecond=0)
    with tempfile.TemporaryDirectory(prefix="mentorwatch-bench-") as tmp:
        wiki = localwiki.create(Path(tmp) / "wiki", workers=4)
        try:
            wiki.php("addChangeTag.php", "--tag", TAG, "--reason", "bench")  # fails fast
            ids = seed_prolific(wiki, args.mentors, now, tuple(args.edits))
            seed_questions(wiki, ids, now, args.asked)
            rows = [
                ("snapshot without questions", *snapshot_requests(wiki, Path(tmp) / "a.db", False)),
                ("snapshot with questions", *snapshot_requests(wiki, Path(tmp) / "b.db", True)),
            ]
        finally:
            wiki.stop()
    count = len(ids)
    print(f"{'read':<30} {'wall':>7} {'requests':>9} {'req/mentor':>11}")
    for label, wall, made in rows:
        print(f"{label:<30} {wall:>6.2f}s {made:>9} {made / count:>11.3f}")
    extra = rows[1][2] - rows[0][2]
    print(
        f"extra requests for questions: {extra}, {extra / count:.4f} per mentor ({count} mentors)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
