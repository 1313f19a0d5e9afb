"""Starting a real web server for a test: a subprocess on a free loopback port, ready when its
``/healthz`` answers, stopped (its whole process group) when the test is done."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

import requests


def app_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """This environment without mentorwatch's settings (the app reads the wiki anonymously
    unless told otherwise), running this checkout's code."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("MENTORWATCH_")}
    env["PYTHONPATH"] = os.pathsep.join(sys.path)
    return {**env, **(extra or {})}


def serve_command(api_url: str, backend: str, settings: Path, port: int) -> list[str]:
    """``mentorwatch serve`` for the wiki at ``api_url``."""
    return [
        *(sys.executable, "-m", "mentorwatch.cli", "serve", "--wiki", api_url),
        *("--backend", backend, "--settings", str(settings), "--port", str(port)),
    ]


@contextmanager
def running(
    command: Sequence[str],
    env: Mapping[str, str],
    port: int,
    log_path: Path,
    *,
    scheme: str = "http",
    verify: bool | str = True,
) -> Iterator[str]:
    """Run ``command`` until the test ends; its base URL once ``/healthz`` answers (over
    ``https``, checked against the certificate file ``verify``, for a TLS proxy)."""
    url = f"{scheme}://127.0.0.1:{port}"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            list(command),
            env=dict(env),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            for _ in range(400):
                try:
                    if requests.get(f"{url}/healthz", timeout=10, verify=verify).ok:
                        break
                except (requests.ConnectionError, requests.Timeout):
                    pass
                if process.poll() is not None:
                    raise RuntimeError(log_path.read_text())
                time.sleep(0.05)  # waiting for a real server to listen, not for time to pass
            yield url
        finally:
            with contextlib.suppress(ProcessLookupError):  # a test may have killed it
                os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=10)
