"""Bringing a journal database to the current schema with Alembic.

A database made by mentorwatch 0.1 (tables plus ``schema_info``, no Alembic) is recognised and
stamped as revision 0001 before upgrading, so existing journals keep their history.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import Connection, Engine, inspect
from sqlalchemy.exc import DBAPIError

from mentorwatch.errors import InvalidInput

MIGRATIONS = Path(__file__).with_name("migrations")
#: Alembic's ``context`` and ``op`` are module-level proxies: one migration at a time per
#: process (``run --all`` opens journals from several threads)
_ALEMBIC = threading.Lock()


class JournalError(InvalidInput):
    """The journal cannot be used as asked."""


class JournalTooNew(JournalError):
    """The database was migrated by a newer mentorwatch."""


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def needs_upgrade(engine: Engine) -> bool:
    """Whether :func:`upgrade` has anything to do (it reads only; raises JournalTooNew)."""
    scripts = ScriptDirectory.from_config(alembic_config())
    with _ALEMBIC, engine.connect() as connection:
        current = _checked_revision(connection, scripts)
    return current != scripts.get_current_head()


def schema_state(engine: Engine) -> tuple[str | None, str | None]:
    """The journal's schema revision and the newest this mentorwatch knows (read only)."""
    scripts = ScriptDirectory.from_config(alembic_config())
    with _ALEMBIC, engine.connect() as connection:
        return _checked_revision(connection, scripts), scripts.get_current_head()


def _checked_revision(connection: Connection, scripts: ScriptDirectory) -> str | None:
    current = MigrationContext.configure(connection).get_current_revision()
    if current is not None and current not in {rev.revision for rev in scripts.walk_revisions()}:
        raise JournalTooNew(
            f"the journal was written by a newer mentorwatch (revision {current}); upgrade "
            "mentorwatch or point --db at another database"
        )
    return current


def upgrade(engine: Engine, attempts: int = 5) -> None:
    """Create or upgrade the journal's tables to the newest revision.

    Several processes may start on a new journal at once (web workers, a job): when another
    one's migration gets in the way, wait for it and check again rather than fail.
    """
    for attempt in range(1, attempts + 1):
        try:
            _upgrade(engine)
            return
        except JournalTooNew:
            raise
        except (CommandError, DBAPIError):
            time.sleep(0.2 * attempt)
            if attempt == attempts or not needs_upgrade(engine):
                if needs_upgrade(engine):
                    raise
                return


def _upgrade(engine: Engine) -> None:
    config = alembic_config()
    scripts = ScriptDirectory.from_config(config)
    with _ALEMBIC, engine.begin() as connection:
        config.attributes["connection"] = connection
        current = _checked_revision(connection, scripts)
        if current is None and "schema_info" in inspect(connection).get_table_names():
            command.stamp(config, "0001")
        command.upgrade(config, "head")
