"""A run on a GrowthExperiments wiki that kills its own process (SIGKILL) right after its first
removal: the mentor is off the list, the outcome not journaled, the mentees not reassigned.

Used by test_growth_end_to_end.py as a subprocess: ``python crashing_growth_run.py API DB``;
credentials from MENTORWATCH_USERNAME/PASSWORD.
"""

from __future__ import annotations

import os
import signal
import sys
from datetime import UTC, datetime
from typing import Any

from mentorwatch.service.cycle import Cycle
from mentorwatch.store.journal import Journal
from mentorwatch.wiki.api import MediaWikiClient
from mentorwatch.wiki.growth import GrowthBackend
from mentorwatch.wiki.mentorlist import Written


def main() -> None:
    api, database = sys.argv[1:3]
    client = MediaWikiClient(api)
    client.login(os.environ["MENTORWATCH_USERNAME"], os.environ["MENTORWATCH_PASSWORD"])

    class Killed(GrowthBackend):
        def remove(self, *args: Any, **kwargs: Any) -> Written:
            super().remove(*args, **kwargs)
            os.kill(os.getpid(), signal.SIGKILL)
            raise AssertionError("not reached")

    Cycle(client, Killed(client), Journal(database), clock=lambda: datetime.now(UTC)).run()


if __name__ == "__main__":
    main()
