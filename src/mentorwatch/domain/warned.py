"""A warning given before removal, as mentorwatch's journal remembers it (the snapshot's
``warned``): when, and in which inactivity episode."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Warned:
    """A mentor was warned (or would have been, but opted out of bot messages).

    ``episode`` is the mentor's last activity when warned: an inactivity episode ends with
    their next edit, and a new episode needs a new warning.
    """

    warned_at: datetime
    episode: datetime | None
    #: not posted: the talk page asks bots not to ({{nobots}}); it counts all the same
    opted_out: bool = False

    def covers(self, last_active_at: datetime | None) -> bool:
        """Whether this warning belongs to the episode that ``last_active_at`` is in."""
        return self.episode == last_active_at
