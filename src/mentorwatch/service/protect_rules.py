"""Protecting the rules page mentorwatch creates, so that its rules are used.

mentorwatch acts only on a rules page that only administrators can change
(:mod:`mentorwatch.domain.rules_source`); so whoever creates it through mentorwatch protects it
right after (edit and move: administrators only, infinite), as themselves, journaled like any
write: the administrator in the web app (who must be able to, or nothing is saved), and
mentorwatch's own account in ``config migrate`` and ``undo`` where it may (else the page is
created unprotected and every run says it must be protected).
"""

from __future__ import annotations

from collections.abc import Collection

from mentorwatch.domain.outcomes import Outcome, Status, WriteAction
from mentorwatch.domain.rights import PROTECT_RIGHTS
from mentorwatch.domain.rules_source import PROTECT_FIX
from mentorwatch.service.action_log import ActionLog
from mentorwatch.service.single_write import Write
from mentorwatch.service.web_writes import Person
from mentorwatch.store.journal import Intent
from mentorwatch.wiki.api import MediaWikiClient
from mentorwatch.wiki.errors import WikiError
from mentorwatch.wiki.rules_page import PROTECTIONS, protect_rules_page
from mentorwatch.wiki.users import describe_account

#: what to tell someone who may not protect
CANNOT_PROTECT = (
    "protecting a page needs the rights protect and editprotected (administrators have them), "
    'and, when signed in with a bot password or OAuth, the grant "Protect and unprotect pages" '
    "(protect)"
)
#: what a protection means to leave (the journal's ``intended``)
PROTECTED = {"protections": PROTECTIONS, "expiry": "infinite"}


def may_protect(rights: Collection[str]) -> bool:
    """Whether an account with ``rights`` (as the wiki reports them for its session, grants
    applied: "Protect and unprotect pages" gives both) can protect the rules page at
    administrator level (``PROTECT_RIGHTS``)."""
    return set(rights) >= PROTECT_RIGHTS


def protect_intent(account: Person, title: str, reason: str) -> Intent:
    return Intent(
        account.user_id,
        account.name,
        WriteAction.PROTECT,
        f"{title} protected: edit and move, administrators only",
        None,
        dict(PROTECTED),
        title,
        reason,
    )


def protect_write(client: MediaWikiClient, account: Person, title: str, reason: str) -> Write:
    """The protection of ``title`` as ``client``'s account (``account``), as a journaled
    write."""
    return Write(
        protect_intent(account, title, reason),
        lambda: protect_rules_page(client, title, reason),
    )


def protect_created(client: MediaWikiClient, log: ActionLog, title: str, reason: str) -> Outcome:
    """After mentorwatch's account created the rules page (an undo's exemption): protect it
    where the account may, journaled in ``log``'s run; else say it must be protected."""
    account = describe_account(client)
    intent = protect_intent(account, title, reason)
    if not may_protect(account.rights):
        detail = (
            f"{title} was created unprotected, so runs refuse its rules until an administrator "
            f"protects it ({PROTECT_FIX}); mentorwatch's account could not: {CANNOT_PROTECT}"
        )
        skipped = Outcome(
            account.user_id, account.name, WriteAction.PROTECT, Status.SKIPPED, detail
        )
        return log.record(intent, skipped)
    action_id = log.begin(intent)
    try:
        revision = protect_rules_page(client, title, reason)
    except WikiError as error:
        failed = Outcome(
            account.user_id,
            account.name,
            WriteAction.PROTECT,
            Status.FAILED,
            f"{title} was created but not protected ({error}); runs refuse its rules until "
            f"an administrator protects it ({PROTECT_FIX})",
        )
        return log.failed(action_id, failed, error)
    done = Outcome(
        account.user_id, account.name, WriteAction.PROTECT, Status.DONE, f"{title} protected", 1
    )
    return log.finish(action_id, done, dict(PROTECTED), revision)
