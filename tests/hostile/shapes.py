"""What a wiki page editor, any wiki user (through their user name) or a signed-in user can
put in front of mentorwatch: JSON text of every wrong shape, odd values, hostile names.

Used by every file of the hostile suite; each input is labelled so a failure names it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from click.testing import Result

DEEP = 50_000

#: JSON text that is not a document mentorwatch can use, whatever it should hold
BROKEN_TEXTS: dict[str, str] = {
    "truncated": '{"Mentors": {"5": ',
    "empty": "",
    "not-json": "<html>hello</html>",
    "deep-arrays": "[" * DEEP + "]" * DEEP,
    "deep-objects": '{"a":' * DEEP + "1" + "}" * DEEP,
    "duplicate-top-key": '{"Mentors": {}, "Mentors": {}}',
    "huge-integer": '{"x": ' + "9" * 5000 + "}",
    "nan": '{"x": NaN}',
    "infinity": '{"x": 1e999}',
}

#: a value that is not what any key expects (or is, at its edge)
ODD_VALUES: dict[str, Any] = {
    "null": None,
    "true": True,
    "negative": -1,
    "zero": 0,
    "huge": 10**30,
    "fraction": 1.5,
    "empty-string": "",
    "string": "ten",
    "superscript-two": "²",
    "list": [1, 2],
    "object": {"a": 1},
    "nested": [[[[{"a": [1]}]]]],
}

#: user names (and messages) a wiki accepts, or that a page editor can type
HOSTILE_NAMES: dict[str, str] = {
    "ansi": "\x1b[31mRed\x1b[0m\x1b]0;title\x07",
    "bidi": "Evil\u202eoll\u2066x\u2069",
    "formula": '=HYPERLINK("https://evil.example","Click me")',
    "html": "<script>alert(1)</script>",
    "crlf": "A\r\nerror: forged line",
    "nul": "nul\x00byte",
    "long": "L" * 5000,
    "c1": "csi\x9b31m",
    "zero-width": "Ze\u200bro\u200dWidth\ufeff\u2060",
    "newline": "Line\nerror: forged line",
    "separator": "Para\u2029error: forged paragraph\u2028",
    "soft-hyphen-and-tags": "Soft\u00adhyphen\U000e0041\U000e007f",
}

#: (what to look for in the output) must never appear raw where a terminal would act on it
RAW_CONTROLS = (
    "\x1b",
    "\u202e",
    "\u2066",
    "\x9b",
    "\x07",
    "\x00",
    "\u200b",
    "\u200d",
    "\ufeff",
    "\u2060",
    "\u2028",
    "\u2029",
    "\u00ad",
    "\U000e0041",
)


def document_shapes(valid: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    """``valid`` with each key's value replaced by each odd value, the whole document
    replaced by a non-object, and keys added of odd names."""
    for name, value in ODD_VALUES.items():
        yield f"whole-{name}", value
    for key in valid:
        for name, value in ODD_VALUES.items():
            yield f"{key}={name}", {**valid, key: value}
    yield "hostile-key", {**valid, HOSTILE_NAMES["ansi"]: 1, HOSTILE_NAMES["bidi"]: True}


def json_text(document: Any) -> str:
    return json.dumps(document, ensure_ascii=False)


def assert_clean(result: Result, codes: set[int]) -> None:
    """The command ended as documented: an expected exit code, a clear error for 2, no
    traceback, nothing a terminal would act on."""
    output = result.output
    crashed = result.exception is not None and not isinstance(result.exception, SystemExit)
    assert not crashed, f"crashed with {result.exception!r}: {output[-800:]}"
    assert result.exit_code in codes, f"exit {result.exit_code}: {output[-800:]}"
    assert "Traceback" not in output
    for control in RAW_CONTROLS:
        assert control not in output, f"raw {control!r} in the output"
    forged = [line for line in output.splitlines() if line.startswith("error: forged")]
    assert not forged, f"a name started a line of its own: {forged}"
    if result.exit_code == 2:
        assert "error: " in output.lower(), output[-800:]
