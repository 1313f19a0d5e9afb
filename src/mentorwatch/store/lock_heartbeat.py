"""The lock's heartbeat: a daemon thread renewing a run's lock at an interval.

Each renewal pushes the end of the lock's lease forward. The renewal reads the injected clock
(so tests drive the lease with a fake one); only the waiting between beats is real time, and
:meth:`Heartbeat.beat` renews once, now (tests trigger beats with it instead of waiting). A
renewal that fails (the database unreachable, the lock taken over) is remembered and the
heartbeat stops; the run itself is not interrupted, but the failure is logged so the operator
sees why a second run may have started.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import timedelta
from typing import Protocol

log = logging.getLogger("mentorwatch.locks")


class Heartbeat:
    def __init__(self, renew: Callable[[], None], interval: timedelta) -> None:
        self._renew = renew
        self._interval = max(interval.total_seconds(), 0.05)
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._run, name="mentorwatch-lease", daemon=True)
        self.failure: Exception | None = None

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stopped.set()
        if self._thread.is_alive():
            self._thread.join()

    def beat(self) -> bool:
        """Renew the lock once; False (and the failure kept and logged) if it could not be."""
        try:
            self._renew()
        except Exception as error:  # the run goes on; the operator is told
            self.failure = error
            log.warning("the run's lock could not be renewed: %s", error)
            return False
        return True

    def _run(self) -> None:
        while not self._stopped.wait(self._interval):
            if not self.beat():
                return


class HeartbeatFactory(Protocol):
    """How a held lock gets its heartbeat: :class:`Heartbeat` itself, or a test's."""

    def __call__(self, renew: Callable[[], None], interval: timedelta) -> Heartbeat: ...
