"""``config migrate``: move the rules from GrowthExperiments' page to mentorwatch's rules page
(``service/rules_page.py`` ``migrate_rules``)."""

from __future__ import annotations

from pathlib import Path

import click

from mentorwatch.cli.options import BACKEND, DATABASE, SETTINGS, WIKI, operator_settings
from mentorwatch.cli.render import echo, echo_line, json_text
from mentorwatch.cli.speech import said, say
from mentorwatch.domain.message import Message
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
    rules_page = mentor_list.rules_page
    echo_line(say("mentorwatch-cli-migrate-written", page=rules_page, revision=migrated.revision))
    echo(json_text(migrated.document))
    echo(say("mentorwatch-cli-migrate-keys", config_page=mentor_list.config_page, page=rules_page))
    if migrated.protected:
        echo(say("mentorwatch-cli-migrate-protected", page=rules_page))
    else:
        unprotected = Message.of(
            "mentorwatch-cli-migrate-not-protected",
            page=rules_page,
            why=CANNOT_PROTECT,
            fix=PROTECT_FIX,
        )
        echo(said(unprotected))
