"""The journal's database: an engine on any SQLAlchemy URL, migrated, with transactions.

This is the store's edge: a database that cannot be used (locked by another process,
read-only, not a database at all, unreachable) is a :class:`JournalError` whose message names
the journal and says what to do, never a raw SQLAlchemy trace. A command that only reads the
journal opens it with ``existing=True`` (a mistyped path is an error naming it, not a new empty
journal) and ``read_only=True`` (an SQLite file is opened read-only and migrated only when it
has to be).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import (
    ArgumentError,
    DatabaseError,
    IntegrityError,
    NoSuchModuleError,
    OperationalError,
)

from mentorwatch.store.migrate import JournalError, needs_upgrade, upgrade


class Database:
    """SQLite by default (a file is created with its folder); PostgreSQL or MariaDB by URL."""

    def __init__(self, url: str, *, existing: bool = False, read_only: bool = False) -> None:
        try:
            parsed = make_url(url)
        except ArgumentError as error:
            raise JournalError(f"{url!r} is not a database URL; check --db") from error
        if parsed.drivername in ("mysql", "mariadb"):  # ToolsDB: PyMySQL, full Unicode
            charset = parsed.query.get("charset", "utf8mb4")
            parsed = parsed.set(drivername="mysql+pymysql").update_query_dict({"charset": charset})
            url = parsed.render_as_string(hide_password=False)
        self.name = parsed.render_as_string(hide_password=True)
        path = _sqlite_path(url)
        if path is not None and existing and not path.is_file():
            raise JournalError(
                f"there is no journal at {path}; check --db (or the settings' database): "
                "this command does not create one"
            )
        with self.errors():
            try:
                self.engine = self._open(url, path, read_only)
            except (ImportError, NoSuchModuleError) as error:
                raise JournalError(_missing_driver(self.name)) from error

    def _open(self, url: str, path: Path | None, read_only: bool) -> Engine:
        if not read_only:
            engine = self._engine(url, path)
            try:
                upgrade(engine)
            except OperationalError as error:
                if not _create_missing_mysql_database(url, error):
                    raise
                upgrade(engine)
            return engine
        engine = self._engine(url, path, "ro")
        try:
            stale = needs_upgrade(engine)
        except OperationalError:
            if path is None:
                raise
            # a WAL journal in a folder we may not write: SQLite cannot add its -shm file
            engine = self._engine(url, path, "immutable")
            stale = needs_upgrade(engine)
        if stale:  # an older journal: upgraded once, as any command would
            engine = self._engine(url, path)
            upgrade(engine)
        return engine

    def _engine(self, url: str, path: Path | None, read_only: str = "") -> Engine:
        if path is None:
            engine = create_engine(url)
            if engine.dialect.name == "sqlite":
                event.listen(engine, "connect", _sqlite_pragmas)
            return engine
        if read_only:
            mode = "mode=ro" if read_only == "ro" else "immutable=1"
            engine = create_engine(f"sqlite:///file:{quote(str(path.absolute()))}?{mode}&uri=true")
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            engine = create_engine(url)
        event.listen(engine, "connect", _sqlite_read_only_pragmas if read_only else _sqlite_pragmas)
        return engine

    @contextmanager
    def errors(self) -> Iterator[None]:
        """Database failures as :class:`JournalError` (IntegrityError passes: locks use it)."""
        try:
            yield
        except IntegrityError:
            raise
        except (OperationalError, DatabaseError) as error:
            raise JournalError(journal_problem(self.name, error)) from error

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One transaction: committed when the block ends, rolled back when it raises."""
        with self.errors(), self.engine.begin() as connection:
            yield connection


#: the database's own clock, in UTC, per dialect (MariaDB's CURRENT_TIMESTAMP is in the
#: session's time zone, UTC_TIMESTAMP is not; SQLite's 'now' is the clock of the host opening it)
_NOW = {
    "sqlite": "SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now')",
    "postgresql": "SELECT now()",
    "mysql": "SELECT UTC_TIMESTAMP(6)",
}


def database_now(connection: Connection) -> datetime:
    """The database's clock, as an aware UTC datetime: what leases are judged on, so that a
    host whose clock runs ahead cannot take over a live lease."""
    dialect = connection.dialect.name
    value = connection.execute(text(_NOW.get(dialect, "SELECT CURRENT_TIMESTAMP"))).scalar_one()
    if isinstance(value, str):
        value = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if not isinstance(value, datetime):
        raise TypeError(f"the {dialect} database's clock answered {value!r}")
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


#: MariaDB/MySQL's "Unknown database" (ER_BAD_DB_ERROR)
_UNKNOWN_DATABASE = 1049


def _create_missing_mysql_database(url: str, error: OperationalError) -> bool:
    """Create a MariaDB journal's database on first use (as ToolsDB lets a tool create
    ``<user>__name``), where the server says it does not exist; False: another error."""
    code = getattr(error.orig, "args", (None,))[0]
    parsed = make_url(url)
    if (
        code != _UNKNOWN_DATABASE
        or not parsed.drivername.startswith("mysql")
        or not parsed.database
    ):
        return False
    server = create_engine(parsed._replace(database=None))  # the server, not the database
    try:
        with server.begin() as connection:
            name = parsed.database.replace("`", "``")
            connection.exec_driver_sql(
                f"CREATE DATABASE IF NOT EXISTS `{name}` CHARACTER SET utf8mb4"
            )
    finally:
        server.dispose()
    return True


def _missing_driver(name: str) -> str:
    extra = {"mysql": "mysql", "mariadb": "mysql", "postgresql": "postgresql"}.get(
        name.split(":", 1)[0].split("+", 1)[0], ""
    )
    install = f"pip install 'mentorwatch[{extra}]'" if extra else "install its driver"
    return f"the journal {name} needs a database driver that is not installed: {install}"


def journal_problem(name: str, error: DatabaseError) -> str:
    """What went wrong with the journal, and what to do about it."""
    cause = str(error.orig).strip() if error.orig is not None else str(error).splitlines()[0]
    lowered = cause.lower()
    if "locked" in lowered or "busy" in lowered:
        advice = "another process holds it; wait for it to finish and try again"
    elif "readonly" in lowered or "read-only" in lowered:
        advice = "mentorwatch may not write it; give it write access or use another --db"
    elif "not a database" in lowered or "malformed" in lowered or "corrupt" in lowered:
        advice = "it is damaged; restore it from a backup or use another --db"
    elif "unable to open" in lowered:
        advice = "check the path and its folder's permissions (--db)"
    else:
        advice = "check --db (or the settings' database) and that the database is reachable"
    return f"the journal {name} cannot be used ({cause}): {advice}"


def _sqlite_path(url: str) -> Path | None:
    if url.startswith("sqlite:///") and url != "sqlite:///:memory:" and "?" not in url:
        return Path(url.removeprefix("sqlite:///"))
    return None


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    # DELETE, not WAL: the journal lives in home directories that are often on NFS (Toolforge),
    # where WAL's shared-memory index does not work; a journal made in WAL mode is converted
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=DELETE")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_read_only_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")  # the journal mode is the file's: no write
    cursor.close()
