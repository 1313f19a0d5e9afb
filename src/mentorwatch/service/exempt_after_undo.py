"""After an undo: a time-limited exemption on the rules page, so the next run does not redo it.

A removal or an away that was undone would otherwise be made again by the next weekly run (the
mentor is still inactive). The exemption lasts until the run after next by default
(now + 2 run intervals + 1 day); the exemptions of one undo are written in one edit of the
rules page, as the operator's account, with an edit summary naming the mentors and the undone
run, and journaled like any write (one action per mentor, sharing that edit's revision).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from mentorwatch.domain.config import ConfigError
from mentorwatch.domain.exemptions import Exemption
from mentorwatch.domain.message import Message
from mentorwatch.domain.outcomes import Outcome, Status, WriteAction, WriteKind
from mentorwatch.domain.timeutil import DAY, format_timestamp
from mentorwatch.service.action_log import ActionLog
from mentorwatch.service.protect_rules import protect_created
from mentorwatch.service.rules_page import add_exemptions
from mentorwatch.service.site_words import on_wiki
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
    """An exemption for each mentor whose removal or away this undo put back, all in one edit
    of the rules page (one journaled action per mentor, the same write and revision); a rules
    page created for them is protected where mentorwatch's account may."""
    names = _put_back(outcomes)
    if not names:
        return []
    reason = f"undo of mentorwatch run #{undone_run}"
    exemptions = {user_id: Exemption(name, reason, until) for user_id, name in names.items()}
    said = Message.of(
        "mentorwatch-summary-exempt-after-undo",
        mentors=", ".join(names.values()),
        until=format_timestamp(until),
        run=undone_run,
    )
    summary = on_wiki(backend.client, said)
    intents = {
        user_id: Intent(
            user_id,
            exemption.mentor,
            WriteAction.EXEMPT,
            reason,
            None,
            exemption.to_json(),
            backend.rules_page,
            summary,
        )
        for user_id, exemption in exemptions.items()
    }
    if dry_run:
        planned = f"would exempt until {format_timestamp(until)} on {backend.rules_page}"
        return [
            log.record(intent, _outcome(intent, Status.PLANNED, planned))
            for intent in intents.values()
        ]
    done = f"exempt until {format_timestamp(until)} on {backend.rules_page}"
    made, created = _write_all(backend, log, intents, list(exemptions.values()), (summary, done))
    if created:  # the page is new: protected where our account may, or said to need it
        said = Message.of("mentorwatch-summary-protect-after-undo", run=undone_run)
        protect = on_wiki(backend.client, said)
        made.append(protect_created(backend.client, log, backend.rules_page, protect))
    return made


def _put_back(outcomes: Iterable[Outcome]) -> dict[int, str]:
    """The mentors (by user id) whose removal or away the undo put back."""
    names: dict[int, str] = {}
    for outcome in outcomes:
        # pending: the wiki may have put it back (its answer was lost); exempting a mentor
        # whose undo did not land only keeps the next run from touching them, as asked
        done = outcome.status in (Status.DONE, Status.PLANNED, Status.PENDING)
        if done and outcome.action in REDONE_BY_NEXT_RUN:
            names.setdefault(outcome.user_id, outcome.username)
    return names


def _write_all(
    backend: MentorListBackend,
    log: ActionLog,
    intents: dict[int, Intent],
    exemptions: list[Exemption],
    texts: tuple[str, str],
) -> tuple[list[Outcome], bool]:
    """The one edit, each mentor's action journaled before it and finished after it
    (``texts``: the edit summary, and what a done action says); and whether it created the
    rules page."""
    summary, detail = texts
    begun = {user_id: log.begin(intent) for user_id, intent in intents.items()}
    try:
        before, revision = add_exemptions(backend, exemptions, summary)
    except (WikiError, ConfigError) as error:
        failed = (
            f"could not exempt on {backend.rules_page}: {error}; the next run may redo the "
            "undone action (add the exemption by hand)"
        )
        return [
            log.failed(begun[user_id], _outcome(intent, Status.FAILED, failed), error)
            for user_id, intent in intents.items()
        ], False
    finished = []
    for index, (user_id, intent) in enumerate(intents.items()):
        edits = 1 if index == 0 else 0  # one edit for them all
        shown = detail + ("" if edits else " (the same edit)")
        exempted = _outcome(intent, Status.DONE, shown, edits)
        finished.append(log.finish(begun[user_id], exempted, intent.intended, revision))
    return finished, not before.exists


def _outcome(intent: Intent, status: Status, detail: str, edits: int = 0) -> Outcome:
    kind = WriteKind.LIST_EDIT if edits else None
    return Outcome(intent.user_id, intent.username, intent.action, status, detail, edits, kind)
