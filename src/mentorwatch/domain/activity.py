"""What the wiki knows about a mentor's activity, and the inactivity derived from it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class ActivitySource(StrEnum):
    """Which timestamp inactivity is counted from (upstream's ``LastActionTimestampLookup``)."""

    EDIT = "edit"
    REGISTRATION = "registration"
    #: a log action of the types the rules page counts (issue 24's log actions rule)
    LOG_ACTION = "log_action"
    NONE = "none"


@dataclass(frozen=True)
class Activity:
    """A mentor's activity as read from the wiki.

    ``last_edit_at`` is the newest live revision (any namespace; log actions do not count),
    ``registered_at`` the account's registration; either may be unknown.
    """

    last_edit_at: datetime | None = None
    registered_at: datetime | None = None
    blocked: bool = False

    @property
    def last_active_at(self) -> datetime | None:
        """The last edit; for a mentor who never edited, the registration.

        As upstream's ``LastActionTimestampLookup``.
        """
        return self.last_edit_at if self.last_edit_at is not None else self.registered_at

    @property
    def source(self) -> ActivitySource:
        if self.last_edit_at is not None:
            return ActivitySource.EDIT
        if self.registered_at is not None:
            return ActivitySource.REGISTRATION
        return ActivitySource.NONE
