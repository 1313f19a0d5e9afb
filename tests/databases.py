"""Journal databases for the tests: SQLite files, a throwaway PostgreSQL cluster and MariaDB.

The cluster is Debian's PostgreSQL started by the test session on 127.0.0.1 (its own data
directory, trust authentication, a free port) and stopped at the end. MariaDB (ToolsDB is
MariaDB) is Debian's ``mariadb-server`` started the same way: ``mariadb-install-db`` into a
temporary data directory, ``mariadbd`` on a free port of 127.0.0.1 with no socket shared with
the system, a ``mentorwatch`` user with a throwaway password. Where either cannot start (not
installed), its tests are skipped with the reason.
"""

from __future__ import annotations

import glob
import itertools
import os
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

_databases = itertools.count(1)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _as_postgres(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run its tools as the 'postgres' user then."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """The base URL (``postgresql+psycopg://postgres@127.0.0.1:PORT``) of a throwaway cluster."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        pytest.skip("PostgreSQL is not installed (scripts/install-test-packages.sh installs it)")
    bindir = Path(found[-1]).parent
    # not under pytest's tmp directory: it is private to root, and the server runs as postgres
    home = Path(tempfile.mkdtemp(prefix="mentorwatch-pg-"))
    data = home / "data"
    data.mkdir()
    if os.geteuid() == 0:
        shutil.chown(home, "postgres")
        shutil.chown(data, "postgres")
    made = subprocess.run(
        _as_postgres([str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust"]),
        capture_output=True,
        text=True,
    )
    if made.returncode != 0:
        shutil.rmtree(home, ignore_errors=True)
        pytest.skip(f"PostgreSQL's initdb failed: {made.stderr.strip()[-300:]}")
    port = _free_port()
    options = f"-h 127.0.0.1 -p {port} -k {data}"
    log = data / "server.log"
    started = subprocess.run(
        _as_postgres(
            [str(bindir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(log), "-w", "start"]
        ),
        capture_output=True,
        text=True,
    )
    if started.returncode != 0:
        pytest.skip(f"PostgreSQL could not start: {started.stderr or started.stdout}")
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}"
    finally:
        subprocess.run(
            _as_postgres([str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            capture_output=True,
        )
        shutil.rmtree(home, ignore_errors=True)


def _mariadb_ready(port: int, server: subprocess.Popen[bytes], deadline: float) -> bool:
    while time.monotonic() < deadline and server.poll() is None:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return True
        except OSError:
            time.sleep(0.1)
    return False


@pytest.fixture(scope="session")
def mariadb_server() -> Iterator[str]:
    """The base URL (``mysql+pymysql://mentorwatch:...@127.0.0.1:PORT``) of a throwaway server."""
    install, daemon = shutil.which("mariadb-install-db"), shutil.which("mariadbd", path=_SBIN)
    if install is None or daemon is None:
        pytest.skip("MariaDB is not installed (scripts/install-test-packages.sh installs it)")
    pytest.importorskip("pymysql", reason="PyMySQL is not installed (pip install -e '.[dev]')")
    home = Path(tempfile.mkdtemp(prefix="mentorwatch-mariadb-"))
    data, password, port = home / "data", secrets.token_hex(12), _free_port()
    user = ["--user=mysql"] if os.geteuid() == 0 else []
    if os.geteuid() == 0:
        shutil.chown(home, "mysql")
    init = home / "init.sql"
    init.write_text(
        f"CREATE USER 'mentorwatch'@'127.0.0.1' IDENTIFIED BY '{password}';\n"
        "GRANT ALL ON *.* TO 'mentorwatch'@'127.0.0.1';\n"
    )
    made = subprocess.run(
        [
            install,
            *user,
            f"--datadir={data}",
            "--auth-root-authentication-method=socket",
            "--skip-test-db",
            "--skip-name-resolve",
        ],
        capture_output=True,
        text=True,
    )
    if made.returncode != 0:
        shutil.rmtree(home, ignore_errors=True)
        pytest.skip(f"mariadb-install-db failed: {made.stderr.strip()[-300:]}")
    server = subprocess.Popen(
        [
            daemon,
            "--no-defaults",
            *user,
            f"--datadir={data}",
            "--bind-address=127.0.0.1",
            f"--port={port}",
            f"--socket={home / 'mysqld.sock'}",
            f"--pid-file={home / 'pid'}",
            f"--init-file={init}",
            "--skip-name-resolve",
            "--innodb-buffer-pool-size=32M",
            "--innodb-log-file-size=8M",
            "--skip-log-bin",
            f"--log-error={home / 'error.log'}",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        if not _mariadb_ready(port, server, time.monotonic() + 60):
            log = home / "error.log"
            pytest.skip(
                f"MariaDB could not start: {log.read_text()[-300:] if log.exists() else ''}"
            )
        yield f"mysql+pymysql://mentorwatch:{password}@127.0.0.1:{port}"
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        shutil.rmtree(home, ignore_errors=True)


_SBIN = f"/usr/sbin:/usr/local/sbin:{os.environ.get('PATH', '')}"


def new_mariadb_database(base: str) -> str:
    from sqlalchemy import create_engine, text

    name = f"journal{next(_databases)}"
    engine = create_engine(f"{base}/", isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name} CHARACTER SET utf8mb4"))
    engine.dispose()
    return f"{base}/{name}?charset=utf8mb4"


def new_postgres_database(base: str) -> str:
    from sqlalchemy import create_engine, text

    name = f"journal{next(_databases)}"
    engine = create_engine(f"{base}/postgres", isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))
    engine.dispose()
    return f"{base}/{name}"


@pytest.fixture(params=["sqlite", "postgresql", "mariadb"])
def journal_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'journal.db'}"
    if request.param == "mariadb":
        return new_mariadb_database(request.getfixturevalue("mariadb_server"))
    return new_postgres_database(request.getfixturevalue("postgres_server"))
