"""The lock's heartbeat: a daemon thread renewing a run's lock, retrying until the lease ends.

Each renewal pushes the end of the lock's lease forward (on the database's clock: see
:mod:`.locks`). A renewal that fails because the database cannot be used (locked by another
process for a few seconds, unreachable) is retried, every few seconds, for as long as the lease
it holds has more than its last quarter to run; only then is the lease given up as **lost**. A
renewal refused because another run took the lock over is lost at once. Once lost, the run's
next write is refused (:meth:`Heartbeat.check`, called through the held lock before every
write) and the run stops.

How long the lease still holds is measured on a monotonic clock from the moment the last good
renewal was sent (the database's expiry is later than that, never earlier), so it is known even
when the database cannot be reached. That clock is injected (tests pass their own and trigger
beats with :meth:`Heartbeat.beat`); only the waiting between beats is real time.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Protocol

from mentorwatch.errors import Stopped

log = logging.getLogger("mentorwatch.locks")

#: the least time between two beats or retries (seconds)
SHORTEST_WAIT = 0.05
#: the longest time between two retries of a failed renewal (seconds)
LONGEST_RETRY = 5.0


class LockLost(Stopped):
    """A run's lock is no longer its own: taken over by another run, or its lease could not
    be renewed before its end. The run stops before its next write."""


class Heartbeat:
    def __init__(
        self,
        renew: Callable[[], None],
        lease: timedelta,
        *,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        """``renew``: push the lease forward once (raises :class:`LockLost` when the lock was
        taken over, anything else when the database failed); ``lease``: how long a renewal
        holds; ``monotonic``: the clock the lease's remaining time is measured on."""
        self._renew = renew
        self._lease = lease.total_seconds()
        #: a quarter of the lease: between beats, and the least a write may count on
        self.margin = max(self._lease / 4, SHORTEST_WAIT)
        self._retry = min(max(self.margin / 4, SHORTEST_WAIT), LONGEST_RETRY)
        self._monotonic = monotonic
        self._good_until = monotonic() + self._lease  # the lock was just taken
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._run, name="mentorwatch-lease", daemon=True)
        #: the last renewal's failure (None after a good renewal)
        self.failure: Exception | None = None
        #: why the lease is lost (None while it holds)
        self.lost: LockLost | None = None

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stopped.set()
        if self._thread.is_alive():
            self._thread.join()

    def beat(self) -> bool:
        """Renew the lock once; False (the failure kept and logged) if it could not be. A
        failure that leaves less than the last quarter of the lease loses it."""
        if self.lost is not None:
            return False
        sent = self._monotonic()
        try:
            self._renew()
        except LockLost as error:
            self.failure = self.lost = error
            log.error("the run's lock was lost: %s", error)
            return False
        except Exception as error:  # the database failed: retried while the lease holds
            self.failure = error
            left = self._good_until - self._monotonic()
            if left - self._retry < self.margin:
                self.lost = LockLost(
                    f"the lock's lease could not be renewed before its end ({error}); another "
                    "run may take it over"
                )
                log.error("the run's lock was lost: %s", self.lost)
            else:
                log.warning("the run's lock could not be renewed (retrying): %s", error)
            return False
        self._good_until = sent + self._lease
        self.failure = None
        return True

    def check(self) -> None:
        """Raise :class:`LockLost` if the lease is lost or in its last quarter by this clock."""
        if self.lost is not None:
            raise self.lost
        left = self._good_until - self._monotonic()
        if left < self.margin:
            raise LockLost(
                f"the lock's lease was not renewed in time ({max(left, 0):.1f} s of it left); "
                "another run may take it over"
            )

    def _run(self) -> None:
        wait = self.margin
        while not self._stopped.wait(wait):
            if self.beat():
                wait = self.margin
            elif self.lost is not None:
                return
            else:
                wait = self._retry


class HeartbeatFactory(Protocol):
    """How a held lock gets its heartbeat: :class:`Heartbeat` itself, or a test's."""

    def __call__(self, renew: Callable[[], None], lease: timedelta) -> Heartbeat: ...
