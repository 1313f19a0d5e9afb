"""JSON text as mentorwatch accepts it from a wiki page or a file: strict, bounded, unambiguous.

``json.loads`` alone takes things a hostile or broken page can hold and that would end in a
traceback or a silent loss: nesting thousands deep (a ``RecursionError``), numbers of
thousands of digits, ``NaN`` and ``Infinity``, and an object with the same key twice (the
last one wins; the next write of the page would drop the other without a word).
:func:`loads_strict` refuses each of them with a :class:`StrictJsonError` saying what and
where; callers add the page or file it came from.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from mentorwatch.errors import InvalidInput

#: far deeper than any mentor list, configuration or snapshot (they are at most 5 deep)
MAX_DEPTH = 64
#: digits in a number: more is not a count, an id nor a timestamp
MAX_DIGITS = 40

_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")


class StrictJsonError(InvalidInput):
    """JSON text mentorwatch will not use; the message says what and where."""


class DuplicateKey(StrictJsonError):
    """An object holds the same key twice."""

    def __init__(self, key: str) -> None:
        super().__init__(f"the key {key!r} appears twice in one object; keep one of them")
        self.key = key


class BrokenJson(StrictJsonError):
    """Not JSON at all; where it breaks."""

    def __init__(self, error: json.JSONDecodeError) -> None:
        super().__init__(f"invalid JSON: {error.msg} at line {error.lineno} column {error.colno}")
        self.msg, self.line, self.column = error.msg, error.lineno, error.colno


def loads_strict(text: str, max_depth: int = MAX_DEPTH) -> Any:
    """The JSON value of ``text``, or :class:`StrictJsonError`."""
    depth = nesting_depth(text)
    if depth > max_depth:
        raise StrictJsonError(f"nested {depth} levels deep; at most {max_depth} are accepted")
    try:
        return json.loads(
            text,
            object_pairs_hook=_object,
            parse_int=_integer,
            parse_float=_float,
            parse_constant=_constant,
        )
    except json.JSONDecodeError as error:
        raise BrokenJson(error) from error
    except RecursionError as error:  # not reached with the depth check; kept as the edge
        raise StrictJsonError("nested too deeply") from error


def nesting_depth(text: str) -> int:
    """How deep arrays and objects nest in ``text`` (brackets inside strings do not count)."""
    depth = deepest = 0
    for bracket in _BRACKET.findall(_STRING.sub("", text)):
        depth += 1 if bracket in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise DuplicateKey(key)
        found[key] = value
    return found


def _integer(text: str) -> int:
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise StrictJsonError(f"a number of {len(text)} digits; at most {MAX_DIGITS} are accepted")
    return int(text)


def _float(text: str) -> float:
    value = float(text)
    if math.isinf(value) or len(text) > 2 * MAX_DIGITS:
        raise StrictJsonError(f"the number {text[:20]} is too large")
    return value


def _constant(name: str) -> float:
    raise StrictJsonError(f"{name} is not JSON; use a number")
