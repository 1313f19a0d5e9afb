"""After an undo: a time-limited exemption on the rules page, so the next run does not redo it.

A removal or an away that was undone would otherwise be made again by the next weekly run (the
mentor is still inactive). The exemption lasts until the run after next by default
(now + 2 run intervals + 1 day); it is written as the operator's account, with an edit summary
naming the undone run, and journaled like any write.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from mentorwatch.domain.config import ConfigError
from mentorwatch.domain.exemptions import Exemption
from mentorwatch.domain.outcomes import Outcome, Status, WriteAction, WriteKind
from mentorwatch.domain.timeutil import DAY, format_timestamp
from mentorwatch.service.action_log import ActionLog
from mentorwatch.service.protect_rules import protect_created
from mentorwatch.service.rules_page import add_exemption
from mentorwatch.store.journal import Intent
from mentorwatch.wiki.errors import WikiError
from mentorwatch.wiki.mentorlist import MentorListBackend

#: undone actions that the next run would redo
REDONE_BY_NEXT_RUN = frozenset(
    {
        WriteAction.UNDO_REMOVE,
        WriteAction.UNDO_MARK_AWAY,
        WriteAction.UNDO_RENEW_AWAY,
        WriteAction.UNDO_PAUSE,
    }
)


def exemption_length(run_interval: timedelta) -> timedelta:
    """How long the exemption lasts: until the run after next (2 run intervals + 1 day)."""
    return 2 * run_interval + DAY


def exempt_undone(
    backend: MentorListBackend,
    log: ActionLog,
    outcomes: Iterable[Outcome],
    *,
    undone_run: int,
    until: datetime,
    dry_run: bool,
) -> list[Outcome]:
    """One exemption per mentor whose removal or away this undo put back."""
    names: dict[int, str] = {}
    for outcome in outcomes:
        # pending: the wiki may have put it back (its answer was lost); exempting a mentor
        # whose undo did not land only keeps the next run from touching them, as asked
        done = outcome.status in (Status.DONE, Status.PLANNED, Status.PENDING)
        if done and outcome.action in REDONE_BY_NEXT_RUN:
            names.setdefault(outcome.user_id, outcome.username)
    made: list[Outcome] = []
    for user_id, name in names.items():
        outcome, created = _exempt(backend, log, user_id, name, undone_run, until, dry_run)
        made.append(outcome)
        if created:  # the page is new: protected where our account may, or said to need it
            reason = (
                f"mentorwatch's rules: only administrators may change them (undo #{undone_run})"
            )
            made.append(protect_created(backend.client, log, backend.rules_page, reason))
    return made


def _exempt(
    backend: MentorListBackend,
    log: ActionLog,
    user_id: int,
    name: str,
    undone_run: int,
    until: datetime,
    dry_run: bool,
) -> tuple[Outcome, bool]:
    """The exemption, and whether the rules page was created for it."""
    reason = f"undo of mentorwatch run #{undone_run}"
    exemption = Exemption(name, reason, until)
    summary = (
        f"mentorwatch: exempting {name} until {format_timestamp(until)} after the undo of run "
        f"#{undone_run}, so the next run does not redo it"
    )
    action = WriteAction.EXEMPT
    intent = Intent(
        user_id, name, action, reason, None, exemption.to_json(), backend.rules_page, summary
    )
    if dry_run:
        planned = f"would exempt until {format_timestamp(until)} on {backend.rules_page}"
        return log.record(intent, Outcome(user_id, name, action, Status.PLANNED, planned)), False
    action_id = log.begin(intent)
    try:
        before, revision = add_exemption(backend, exemption, summary)
    except (WikiError, ConfigError) as error:
        failed = Outcome(
            user_id,
            name,
            action,
            Status.FAILED,
            f"could not exempt on {backend.rules_page}: {error}; the next run may redo the "
            "undone action (add the exemption by hand)",
        )
        return log.failed(action_id, failed, error), False
    detail = f"exempt until {format_timestamp(until)} on {backend.rules_page}"
    done = Outcome(user_id, name, action, Status.DONE, detail, 1, WriteKind.LIST_EDIT)
    return log.finish(action_id, done, exemption.to_json(), revision), not before.exists
