"""What the wiki showed about a mentor for the community rules (issue 24): edits per group of
namespaces in the window, a retired or wikibreak template on their user page, their last log
action. Read by the snapshot only for the rules that are on; the snapshot's ``evidence``
(``docs/snapshot.md``, version 3).
"""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from mentorwatch.domain.activity import Activity, ActivitySource
from mentorwatch.domain.config import CommunityConfig


class Wikibreak(NamedTuple):
    """A wikibreak template on the user page (the name the rules page gives), and the end
    date its end parameter holds (None: none named, none given, or not a date)."""

    template: str
    until: datetime | None = None


class LoggedAction(NamedTuple):
    """The mentor's newest log action of the types the rules count."""

    at: datetime
    type: str


class RuleEvidence(NamedTuple):
    """What was read for one mentor; a field is None where its rule is off or was not read."""

    #: edits per group of the edits rule, in the rules page's order, within the window; the
    #: reading stops once the minimums are met, so a count may be short of the real one
    edit_counts: tuple[int, ...] | None = None
    #: the retired template on their user page (the rules page's name for it)
    retired: str | None = None
    wikibreak: Wikibreak | None = None
    logged: LoggedAction | None = None


def last_activity(
    config: CommunityConfig, activity: Activity | None, evidence: RuleEvidence | None
) -> tuple[datetime | None, ActivitySource]:
    """The last activity and its kind: the last edit (or the registration), or the newest log
    action where the rules page counts them and it is newer."""
    if activity is None:
        return None, ActivitySource.NONE
    last, source = activity.last_active_at, activity.source
    logged = None if evidence is None else evidence.logged
    if logged is None or not config.rules.log_actions.enabled:
        return last, source
    if last is not None and logged.at <= last:
        return last, source
    return logged.at, ActivitySource.LOG_ACTION
