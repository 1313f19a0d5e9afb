"""Run a ``mentorwatch`` command that SIGKILLs its own process at an exact step.

``python -m tests.faults.killer ARGS...`` is ``mentorwatch ARGS...`` with one hook: the
environment variable ``MENTORWATCH_TEST_KILL`` names a method and the call at which the process
dies, ``module:Class.method:before|after:N`` (e.g.
``mentorwatch.store.actions:Actions.begin:after:1``: killed right after the first intent
is journaled). No sleeps, no races: the process dies at that call, every time.
``MENTORWATCH_TEST_CLOCK_SKEW`` (seconds, may be negative) moves the command's clock.
``MENTORWATCH_TEST_PAUSE`` takes the same form as the kill, but the process pauses at that call
instead of dying: it prints ``paused`` on standard output and goes on when a line arrives on its
standard input (the test does something to the world meanwhile, e.g. locks the journal).
"""

from __future__ import annotations

import importlib
import os
import signal
import sys
from collections.abc import Callable
from datetime import timedelta
from typing import Any

KILL = "MENTORWATCH_TEST_KILL"
SKEW = "MENTORWATCH_TEST_CLOCK_SKEW"
PAUSE = "MENTORWATCH_TEST_PAUSE"
PAUSED = "paused"


def kill_spec(target: str, method: str, when: str = "after", call: int = 1) -> str:
    """The value of ``MENTORWATCH_TEST_KILL`` for a kill at ``target`` (``module:Class``)."""
    return f"{target}.{method}:{when}:{call}"


def die() -> None:
    sys.stdout.flush()
    sys.stderr.flush()
    os.kill(os.getpid(), signal.SIGKILL)


def pause() -> None:
    print(PAUSED, flush=True)
    sys.stdin.readline()


def install(spec: str, act: Callable[[], None] = die) -> None:
    """At the call ``spec`` names, ``act``: die (a kill) or :func:`pause`."""
    module_name, _, rest = spec.partition(":")
    path, when, nth = rest.split(":")
    class_name, method_name = path.split(".")
    cls = getattr(importlib.import_module(module_name), class_name)
    original = getattr(cls, method_name)
    calls = 0

    def hooked(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls == int(nth) and when == "before":
            act()
        result = original(*args, **kwargs)
        if calls == int(nth) and when == "after":
            act()
        return result

    setattr(cls, method_name, hooked)


def skew_clock(seconds: float) -> None:
    """The run's clock (``make_cycle``'s, from the composition root) off by ``seconds``."""
    from mentorwatch import wiring

    defaults = wiring.make_cycle.__kwdefaults__
    assert defaults is not None
    real = defaults["clock"]
    defaults["clock"] = lambda: real() + timedelta(seconds=seconds)


def main() -> None:
    if os.environ.get(KILL):
        install(os.environ[KILL])
    if os.environ.get(PAUSE):
        install(os.environ[PAUSE], pause)
    if os.environ.get(SKEW):
        skew_clock(float(os.environ[SKEW]))
    from mentorwatch.cli import main as cli

    cli(sys.argv[1:], prog_name="mentorwatch")


if __name__ == "__main__":
    main()
