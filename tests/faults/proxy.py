"""A small real reverse proxy in front of the real local wiki, scripted to fail.

Every request is forwarded to the wiki as it came (cookies and all), except those a
:class:`Fault` matches: the nth request whose parameters include ``match`` (e.g.
``{"action": "edit"}``) gets the fault, after (``lands``) or instead of reaching the wiki.
Faults: ``reset`` (the connection is closed without an answer), ``500``/``503`` (an HTML error
page), ``truncated`` (the wiki's JSON answer cut in half), ``down`` (that request and every one
after it reset: the wiki went away), ``lag`` (``maxlag`` refused with ``Retry-After`` while a
fake clock, advanced by the client's injected sleeps, is before ``until``).
"""

from __future__ import annotations

import http.client
import http.server
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

HOP_HEADERS = {"connection", "keep-alive", "transfer-encoding", "content-length", "host"}


@dataclass
class Fault:
    kind: str
    match: dict[str, str] = field(default_factory=dict)
    nth: int = 1
    lands: bool = False  # the request reaches the wiki before the fault
    after_edits: int = 0  # counted only once the wiki was asked this many edits
    seen: int = 0


@dataclass
class FakeClock:
    """Seconds of a fake monotonic clock, advanced only by the client's injected sleeps."""

    now: float = 0.0
    sleeps: list[float] = field(default_factory=list)

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@dataclass
class Script:
    upstream: str
    faults: list[Fault] = field(default_factory=list)
    lag_until: float = 0.0
    clock: FakeClock = field(default_factory=FakeClock)
    down: bool = False
    requests: list[dict[str, str]] = field(default_factory=list)

    def fault_for(self, params: dict[str, str]) -> Fault | None:
        edits = sum(1 for seen in self.requests[:-1] if seen.get("action") == "edit")
        for fault in self.faults:
            if edits >= fault.after_edits and all(
                params.get(key) == value for key, value in fault.match.items()
            ):
                fault.seen += 1
                if fault.seen == fault.nth:
                    return fault
        return None


def handler(script: Script) -> type[http.server.BaseHTTPRequestHandler]:
    class Faulty(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            self._handle(b"")

        def do_POST(self) -> None:
            self._handle(self.rfile.read(int(self.headers.get("Content-Length", 0))))

        def _handle(self, body: bytes) -> None:
            query = urlsplit(self.path).query + "&" + body.decode("latin-1")
            params = {key: values[0] for key, values in parse_qs(query).items()}
            script.requests.append(params)
            lagged = "maxlag" in params and int(params["maxlag"]) < 8
            if lagged and script.clock() < script.lag_until:
                return self._send(200, b'{"error":{"code":"maxlag","info":"8 seconds lagged"}}', 5)
            fault = script.fault_for(params)
            if script.down or (fault is not None and fault.kind == "down" and not fault.lands):
                script.down = True
                return self._reset()
            status, headers, answer = (0, [], b"")
            if fault is None or fault.lands:
                status, headers, answer = self._forward(body)
            if fault is None:
                return self._send(status, answer, headers=headers)
            script.down = fault.kind == "down"
            if fault.kind in ("reset", "down"):
                return self._reset()
            if fault.kind == "truncated":
                return self._send(200, answer[: len(answer) // 2])
            return self._send(int(fault.kind), b"<html>Service Unavailable</html>", html=True)

        def _forward(self, body: bytes) -> tuple[int, list[tuple[str, str]], bytes]:
            target = urlsplit(script.upstream)
            upstream = http.client.HTTPConnection(target.netloc, timeout=60)
            headers = {
                key: value
                for key, value in self.headers.items()
                if key.lower() not in HOP_HEADERS and key.lower() != "accept-encoding"
            }
            try:
                upstream.request(self.command, self.path, body or None, headers)
                response = upstream.getresponse()
                return response.status, response.getheaders(), response.read()
            finally:
                upstream.close()

        def _send(
            self,
            status: int,
            answer: bytes,
            retry_after: int | None = None,
            *,
            headers: list[tuple[str, str]] | None = None,
            html: bool = False,
        ) -> None:
            self.send_response(status)
            for key, value in headers or []:
                if key.lower() not in HOP_HEADERS:
                    self.send_header(key, value)
            if headers is None:
                kind = "text/html" if html else "application/json; charset=utf-8"
                self.send_header("Content-Type", kind)
            if retry_after is not None:
                self.send_header("Retry-After", str(retry_after))
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def _reset(self) -> None:
            self.close_connection = True
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\1\0\0\0\0\0\0\0")
            self.connection.close()

        def log_message(self, *args: Any) -> None:
            pass

    return Faulty


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a connection the proxy reset on purpose


@contextmanager
def faulty(script: Script) -> Iterator[str]:
    """The proxy on a free loopback port; its api.php URL (the wiki's path)."""
    server = Server(("127.0.0.1", 0), handler(script))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        path = urlsplit(script.upstream).path
        yield f"http://127.0.0.1:{server.server_address[1]}{path}"
    finally:
        server.shutdown()
        server.server_close()
