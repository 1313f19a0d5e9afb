"""Benchmark: what checking the run's lock before every write costs, beside not checking.

Run: ``python bench/lease_check.py [POSTGRESQL_URL]``. Every write of a run begins with
``ActionLog.begin``: the intent journaled, then (issue 20) the lock checked on the database's
clock (one more transaction: the lock row and the database's time). This journals 300 intents
on a fresh SQLite journal (and on PostgreSQL if a URL is given) with the lock checked and
without, side by side, and prints the time per write. A wiki write itself takes 50-500 ms,
and the job paces writes at least 1 s apart; the check must be small beside that.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from mentorwatch.domain.outcomes import WriteAction
from mentorwatch.service.action_log import ActionLog
from mentorwatch.store.journal import Intent, Journal

WIKI = "http://wiki.test/w/api.php"


def per_write(journal: Journal, checked: bool, writes: int) -> float:
    """Milliseconds per journaled intent, the median of three rounds."""
    rounds = []
    with journal.locks.locked(WIKI) as lock:
        run_id = journal.runs.start(WIKI, "jsonpage", False, datetime.now(UTC), {}, lock=lock)
        log = ActionLog(
            journal.actions, WIKI, run_id, lambda: datetime.now(UTC), lock if checked else None
        )
        for _ in range(3):
            started = time.perf_counter()
            for index in range(writes):
                log.begin(Intent(index, f"M{index}", WriteAction.WARN, "bench"))
            rounds.append((time.perf_counter() - started) * 1000 / writes)
    return statistics.median(rounds)


def main(urls: list[str], writes: int = 100) -> None:
    with tempfile.TemporaryDirectory() as folder:
        for url in [f"sqlite:///{Path(folder) / 'journal.db'}", *urls]:
            journal = Journal(url)
            plain = per_write(journal, False, writes)
            checked = per_write(journal, True, writes)
            name = url.split(":", 1)[0]
            print(
                f"{name:<22} intent only {plain:6.2f} ms/write   "
                f"intent + lock check {checked:6.2f} ms/write   (+{checked - plain:.2f} ms)"
            )


if __name__ == "__main__":
    main(sys.argv[1:])
