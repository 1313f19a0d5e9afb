"""gunicorn's app for the multi-worker tests: mentorwatch's own WSGI app, each answer naming
the worker process that made it (``X-Test-Worker``), so a test can tell that every worker
answered. Tests only: the app itself never says which process it runs in."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from typing import Any

from mentorwatch.web.server import wsgi_app

Wsgi = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def app() -> Wsgi:
    inner = wsgi_app()

    def named(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        def start(status: str, headers: list[tuple[str, str]], *exc_info: Any) -> Any:
            return start_response(
                status, [*headers, ("X-Test-Worker", str(os.getpid()))], *exc_info
            )

        return inner(environ, start)

    return named
