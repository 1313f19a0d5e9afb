"""Run one cleanup cycle that kills its own process (SIGKILL) around its first write.

Used by test_recovery.py as a subprocess: ``python crashing_run.py API LIST CONFIG DB NOW WHEN``
with WHEN ``before-write`` (intent journaled, wiki untouched) or ``after-write`` (the wiki
changed, the outcome not journaled). Credentials come from MENTORWATCH_USERNAME/PASSWORD.
"""

from __future__ import annotations

import os
import signal
import sys
from typing import Any

from mentorwatch.domain.timeutil import parse_timestamp
from mentorwatch.service.cycle import Cycle
from mentorwatch.store.journal import Journal
from mentorwatch.wiki.api import MediaWikiClient
from mentorwatch.wiki.jsonpage import JsonPageBackend


def main() -> None:
    api, list_page, config_page, database, now, when = sys.argv[1:7]
    client = MediaWikiClient(api)
    client.login(os.environ["MENTORWATCH_USERNAME"], os.environ["MENTORWATCH_PASSWORD"])

    def die() -> None:
        os.kill(os.getpid(), signal.SIGKILL)

    class Killed(JsonPageBackend):
        def set_away(self, *args: Any, **kwargs: Any) -> Any:
            if when == "before-write":
                die()
            written = super().set_away(*args, **kwargs)
            die()
            return written

    backend = Killed(client, list_page, config_page)
    Cycle(client, backend, Journal(database), clock=lambda: parse_timestamp(now)).run()


if __name__ == "__main__":
    main()
