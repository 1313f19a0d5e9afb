"""Benchmark: what a reason costs the planner, as messages (issue 23) and as the prose before.

The planner builds each mentor's reason as catalogue messages (``domain/message.py``
``Message``, a NamedTuple) instead of formatting English. Printed side by side, per reason of
two messages (the rule's sentence and the inactivity in it), best of 5 rounds of 100,000:

- ``Message`` as it is (a NamedTuple);
- the same record as a frozen, slotted dataclass (the obvious alternative);
- the f-string with the ISO timestamp the planner formatted before.

Rendering is not the planner's cost (it happens at the edge, once per reader); it is printed
last, per reason, through the shipped catalogue.

Run: ``python bench/messages.py`` (from the repository).
"""

from __future__ import annotations

import sys
import timeit
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from mentorwatch.domain.message import Message
from mentorwatch.domain.timeutil import format_timestamp
from mentorwatch.language.catalogue import Style, catalogue

NUMBER, ROUNDS = 100_000, 5
LAST = datetime(2026, 10, 1, 12, 0, 0, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class DataclassMessage:
    key: str
    params: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def of(cls, key: str, /, **params: Any) -> DataclassMessage:
        return cls(key, tuple(params.items()))


def as_message() -> Any:
    inactivity = Message.of("mentorwatch-inactivity-edit", num_days=55, last_edit_at=LAST)
    return Message.of("mentorwatch-reason-remove", inactivity=inactivity, num_days=30)


def as_dataclass() -> Any:
    inactivity = DataclassMessage.of("mentorwatch-inactivity-edit", num_days=55, last_edit_at=LAST)
    return DataclassMessage.of("mentorwatch-reason-remove", inactivity=inactivity, num_days=30)


def as_prose() -> str:
    return (
        f"Inactive for {55} days since their last edit on {format_timestamp(LAST)}, "
        f"more than the removal threshold of {30} days."
    )


def per_call_ns(function: Any, number: int = NUMBER) -> float:
    return min(timeit.repeat(function, number=number, repeat=ROUNDS)) / number * 1e9


def main() -> None:
    print(f"python {sys.version.split()[0]}; best of {ROUNDS} rounds of {NUMBER:,}")
    for name, function in (
        ("Message (NamedTuple)", as_message),
        ("frozen slotted dataclass", as_dataclass),
        ("English prose (before)", as_prose),
    ):
        print(f"  {name:<26} {per_call_ns(function):>8.0f} ns per reason")
    shipped, reason = catalogue(), (as_message(),)
    for language in ("en", "ko", "ar"):
        style = Style(language)
        cost = per_call_ns(lambda s=style: [shipped.text(m, s) for m in reason], 2_000)
        print(f"  {'rendering in ' + language:<26} {cost:>8.0f} ns per reason (at the edge)")


if __name__ == "__main__":
    main()
