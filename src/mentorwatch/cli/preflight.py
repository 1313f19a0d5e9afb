"""``mentorwatch preflight``: before any write, what the account may do on a wiki and what is
missing, in the words of Special:BotPasswords and Special:UserRights (``service/preflight.py``).
Every ``run`` makes the same check first (``cli/run.py``)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from mentorwatch.cli.options import BACKEND, DATABASE, SETTINGS, operator_settings
from mentorwatch.cli.render import echo, json_text
from mentorwatch.cli.speech import say
from mentorwatch.domain.message import joined
from mentorwatch.errors import EXIT_MISSING_RIGHT, EXIT_OK, MentorwatchError, exit_code_for
from mentorwatch.language.render import message_text
from mentorwatch.service.preflight import FeatureCheck, Preflight, preflight
from mentorwatch.wiring import open_journal, open_wiki, system_clock


@click.command("preflight")
@click.option("--wiki", "wiki", metavar="API_URL", help="The wiki's api.php URL.")
@click.option("--all", "all_wikis", is_flag=True, help="Every wiki the settings file names.")
@click.option("--json", "as_json", is_flag=True, help="The findings as JSON on stdout.")
@BACKEND
@SETTINGS
@DATABASE
def preflight_command(
    wiki: str | None,
    all_wikis: bool,
    as_json: bool,
    backend: str,
    settings_path: Path | None,
    database: str | None,
) -> None:
    """Check, before any write, what the bot account may do on the wiki: its rights, groups
    and grants against what the rules switch on (mark away, remove and reassign, warnings and
    notices, the rules page), GrowthExperiments' version, the rules page and the journal.

    Each missing right is named with its fix: the grant to add to the bot password
    (Special:BotPasswords) or the group to add the account to (Special:UserRights). Nothing is
    written. Exit codes: 0 all there; 6 a right is missing for something the rules switch on;
    2 invalid settings (or a throwaway journal on Toolforge); 3 the wiki could not be used.
    """
    if all_wikis == (wiki is not None):
        raise click.UsageError(say("mentorwatch-cli-usage-preflight-which"))
    wikis = [wiki] if wiki else list(dict.fromkeys(operator_settings(settings_path, None).wikis))
    if not wikis:
        raise click.UsageError(say("mentorwatch-cli-usage-preflight-all-needs-wikis"))
    worst, found = EXIT_OK, []
    for api_url in wikis:
        try:
            settings = operator_settings(settings_path, api_url, database)
            journal = open_journal(settings).describe()
            connection = open_wiki(api_url, settings, backend=backend, require_login=True)
            checked = preflight(connection.backend, journal, now=system_clock())
        except MentorwatchError as error:
            if wiki is not None:
                raise
            echo(
                say("mentorwatch-cli-preflight-wiki-error", wiki=api_url, error=str(error)),
                err=True,
            )
            worst = max(worst, exit_code_for(error))
            continue
        found.append(checked)
        worst = max(worst, EXIT_MISSING_RIGHT if checked.gaps_on else EXIT_OK)
        if not as_json:
            echo("\n".join(preflight_lines(checked)) + "\n")
    if as_json:
        echo(json_text([preflight_to_json(checked) for checked in found]))
    sys.exit(worst)


def preflight_lines(found: Preflight) -> list[str]:
    """The preflight in the operator's words, one finding a line."""
    if found.account is None:
        who = say("mentorwatch-cli-preflight-not-signed-in")
    else:
        groups = ", ".join(sorted(found.account.groups - {"*"}))
        groups = groups or say("mentorwatch-cli-preflight-no-groups")
        who = say("mentorwatch-cli-preflight-account", account=found.account.name, groups=groups)
    lines = [
        say("mentorwatch-cli-preflight-wiki", wiki=found.wiki),
        who,
        say("mentorwatch-cli-preflight-software", software=found.software),
        say("mentorwatch-cli-preflight-rules-page", state=found.rules.describe()),
    ]
    lines.extend("  " + say("mentorwatch-cli-note", note=note) for note in found.rules.notes)
    if found.journal is not None:
        lines.append(say("mentorwatch-cli-preflight-journal", journal=found.journal))
    for check in found.features:
        lines.append(_feature_line(check))
        if not check.allowed:
            lines.append(f"  {missing_text(check)}")
    lines.extend(say("mentorwatch-cli-preflight-advice", advice=a) for a in found.advice)
    return lines


def _feature_line(check: FeatureCheck) -> str:
    """'remove and reassign [on (the rules remove)]: ok (needs managementors)'."""
    if check.on is None:
        state = say("mentorwatch-cli-preflight-off")
    elif check.on:
        state = say("mentorwatch-cli-preflight-on-because", why=check.on)
    else:
        state = say("mentorwatch-cli-preflight-on")
    verdict = "ok" if check.allowed else "missing"
    needs = ", ".join(sorted(check.needed)) or say("mentorwatch-cli-preflight-no-right")
    return say(
        "mentorwatch-cli-preflight-feature",
        feature=str(check.feature),
        state=state,
        verdict=say(f"mentorwatch-cli-preflight-{verdict}"),
        needs=needs,
    )


def missing_text(check: FeatureCheck) -> str:
    """What a feature lacks, with the fix: 'remove and reassign: lacks managementors: grant
    *Manage mentorship* …' (or the block that stops every write)."""
    if check.blocked is not None:
        return say(
            "mentorwatch-cli-preflight-blocked", feature=str(check.feature), block=check.blocked
        )
    lacking = ", ".join(sorted({right for gap in check.gaps for right in gap.rights}))
    fixes = joined([gap.fix for gap in check.gaps])
    return say(
        "mentorwatch-cli-preflight-lacks",
        feature=str(check.feature),
        rights=lacking,
        fixes=fixes,
    )


def preflight_to_json(found: Preflight) -> dict[str, Any]:
    account = found.account
    rules = found.rules
    return {
        "wiki": found.wiki,
        "account": None
        if account is None
        else {
            "name": account.name,
            "groups": sorted(account.groups),
            "bot_password": account.bot_password,
            "oauth": account.oauth,
            "block": account.block,
        },
        "software": found.software,
        "rules_page": {
            "title": rules.title,
            "exists": rules.exists,
            "valid": rules.valid,
            "problem": rules.problem,
            "source": rules.source,
            "notes": list(rules.notes),
        },
        "journal": found.journal,
        "features": [
            {
                "feature": str(check.feature),
                "on": check.on,
                "needs": sorted(check.needed),
                "allowed": check.allowed,
                "blocked": check.blocked,
                "missing": [
                    {"rights": list(g.rights), "fix": message_text(g.fix)} for g in check.gaps
                ],
            }
            for check in found.features
        ],
        "advice": list(found.advice),
    }
