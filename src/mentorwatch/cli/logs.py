"""Logging for the command line: stdlib ``logging`` with timestamps and levels on stderr.

``--log-format text`` (the default) writes ``2026-11-25T10:00:00Z WARNING mentorwatch.wiki.api:
...``; ``--log-format json`` writes one JSON object a line (``time``, ``level``, ``logger``,
``message``) for log collectors (Toolforge's job logs, journald, Loki...). ``--log-level``
or ``$MENTORWATCH_LOG_LEVEL`` sets the threshold (default ``info``). The command's own report
still goes to stdout; logs never carry secrets (the API client redacts them).
"""

from __future__ import annotations

import json
import logging
import sys
import time
from typing import TextIO

from mentorwatch.cli.render import one_line, terminal_safe

FORMATS = ("text", "json")
LEVELS = ("debug", "info", "warning", "error")


class _Stderr(logging.StreamHandler):  # type: ignore[type-arg]
    """Always the current ``sys.stderr`` (test runners swap it per command)."""

    @property
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, _value: TextIO) -> None:
        pass


class TextFormatter(logging.Formatter):
    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s", "%Y-%m-%dT%H:%M:%SZ")

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        return time.strftime(datefmt or "%Y-%m-%dT%H:%M:%SZ", time.gmtime(record.created))

    def formatMessage(self, record: logging.LogRecord) -> str:
        """One line, whatever the message quotes from the wiki (an API warning's text)."""
        return one_line(super().formatMessage(record))


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        document = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(record.created)),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            document["exception"] = self.formatException(record.exc_info)
        return terminal_safe(json.dumps(document, ensure_ascii=False))


def configure_logging(fmt: str = "text", level: str = "info") -> None:
    """Send mentorwatch's logs to stderr in ``fmt`` (replacing an earlier setup)."""
    logger = logging.getLogger("mentorwatch")
    for handler in [h for h in logger.handlers if isinstance(h, _Stderr)]:
        logger.removeHandler(handler)
    handler = _Stderr()
    handler.setFormatter(JsonFormatter() if fmt == "json" else TextFormatter())
    logger.addHandler(handler)
    logger.setLevel(level.upper())
