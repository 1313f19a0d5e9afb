"""``config migrate``: move the rules from GrowthExperiments' page to mentorwatch's rules page
(``service/rules_page.py`` ``migrate_rules``)."""

from __future__ import annotations

from pathlib import Path

import click

from mentorwatch.cli.options import BACKEND, DATABASE, SETTINGS, WIKI, operator_settings
from mentorwatch.cli.render import echo, echo_line, json_text
from mentorwatch.domain.rules_source import PROTECT_FIX
from mentorwatch.service.protect_rules import CANNOT_PROTECT
from mentorwatch.service.rules_page import migrate_rules
from mentorwatch.wiring import open_journal, open_wiki, system_clock


@click.command("migrate")
@WIKI
@BACKEND
@SETTINGS
@DATABASE
def migrate_command(
    wiki: str, backend: str, settings_path: Path | None, database: str | None
) -> None:
    """Write the wiki's rules page from the settings on GrowthExperiments' configuration page
    (GE key names, Mentorwatch* keys), as the operator's account, journaled (--db) like any
    write, and protect it (edit and move: administrators only) where that account may (grant
    "Protect and unprotect pages"): mentorwatch uses the rules page only once it is protected.
    Refused (exit 4) if the rules page exists, or where the wiki's GrowthExperiments has its
    own cleanup (its keys are its own rules there)."""
    settings = operator_settings(settings_path, wiki, database)
    connection = open_wiki(wiki, settings, backend=backend, require_login=True)
    mentor_list = connection.backend
    migrated = migrate_rules(mentor_list, settings.username, open_journal(settings), system_clock)
    echo_line(f"{mentor_list.rules_page} written (revision {migrated.revision}):")
    echo(json_text(migrated.document))
    echo(
        f"The wiki's admins may now delete these keys from {mentor_list.config_page}; "
        f"mentorwatch reads {mentor_list.rules_page} from now on."
    )
    if migrated.protected:
        echo(f"{mentor_list.rules_page} is protected: only administrators may edit or move it.")
    else:
        echo(
            f"{mentor_list.rules_page} is NOT protected (mentorwatch's account may not protect "
            f"pages: {CANNOT_PROTECT}). Runs refuse its rules until an administrator does: "
            f"{PROTECT_FIX}."
        )
