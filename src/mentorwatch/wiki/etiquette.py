"""API etiquette as a policy: how patient to be with a lagging wiki, how fast to write.

Wikimedia's API etiquette asks non-interactive clients to send ``maxlag`` (and to wait and
retry, honouring ``Retry-After``, when the wiki answers ``maxlag``), and its bot policy asks
bots to pace their edits. Interactive reads (a person waiting for a web page) should not send
``maxlag`` at all. Two presets, :meth:`Etiquette.job` (the weekly job: patient, paced, asserts
the bot flag) and :meth:`Etiquette.interactive` (the web app: no maxlag, no waiting, no pause);
``docs/operations.md`` says why each default is what it is.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

#: the codes that mean "the wiki asks you to wait": retried within the lag budget
WAIT_CODES = frozenset({"maxlag", "ratelimited", "readonly"})


@dataclass(frozen=True)
class Etiquette:
    #: sent as ``maxlag`` (seconds of replication lag above which the wiki refuses); None: not sent
    maxlag: int | None = 5
    #: how long, in total, one request may wait on ``maxlag``/``ratelimited``/``readonly``
    lag_budget: float = 600.0
    #: the least time between two writes (the bot policy's pacing)
    write_pause: float = 1.0
    #: send ``assert=bot`` (not ``assert=user``) when the account has the bot right
    assert_bot: bool = True

    @classmethod
    def job(
        cls, *, lag_budget: float = 600.0, write_pause: float = 1.0, maxlag: int | None = 5
    ) -> Etiquette:
        return cls(maxlag=maxlag, lag_budget=lag_budget, write_pause=write_pause)

    @classmethod
    def interactive(cls) -> Etiquette:
        """For the web app: a person is waiting, so no maxlag and no waiting for lag."""
        return cls(maxlag=None, lag_budget=0.0, write_pause=0.0, assert_bot=False)


class Pacer:
    """Keeps writes at least ``pause`` seconds apart (by an injected monotonic clock)."""

    def __init__(
        self, pause: float, sleep: Callable[[float], None], clock: Callable[[], float]
    ) -> None:
        self.pause = pause
        self.sleep = sleep
        self.clock = clock
        self._last: float | None = None

    def before_write(self) -> None:
        if self._last is not None and self.pause > 0:
            wait = self.pause - (self.clock() - self._last)
            if wait > 0:
                self.sleep(wait)
        self._last = self.clock()


class LagBudget:
    """The time one request may still spend waiting because the wiki asked it to."""

    def __init__(self, seconds: float, clock: Callable[[], float]) -> None:
        self.clock = clock
        self.deadline = clock() + seconds

    def allows(self, wait: float) -> bool:
        return self.clock() + wait <= self.deadline


def monotonic() -> float:
    return time.monotonic()
