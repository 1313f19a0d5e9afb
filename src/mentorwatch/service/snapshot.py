"""Reading a live wiki into a :class:`~mentorwatch.domain.snapshot.Snapshot`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from mentorwatch.domain.config import parse_config
from mentorwatch.domain.mentors import WEIGHT_NONE, Mentor, MentorListError, Pause, decode_mentor
from mentorwatch.domain.notices import Warned
from mentorwatch.domain.snapshot import Snapshot
from mentorwatch.store.journal import Journal
from mentorwatch.wiki.activity import ActivityReader
from mentorwatch.wiki.mentorlist import MentorListBackend, RawEntry


@dataclass(frozen=True)
class LiveSnapshot:
    """A snapshot plus what applying it needs: the raw entries the decisions were made on."""

    snapshot: Snapshot
    entries: Mapping[int, RawEntry]
    problems: tuple[str, ...]


def take_snapshot(
    backend: MentorListBackend,
    activity_source: ActivityReader,
    *,
    wiki: str,
    now: datetime,
    run_interval: timedelta,
    pauses: Mapping[int, Pause] | None = None,
    warned: Mapping[int, Warned] | None = None,
) -> LiveSnapshot:
    """Read configuration, list and activity. An invalid configuration raises ConfigError."""
    raw_config = backend.read_config()
    config = parse_config(raw_config)
    raw_list = backend.read_list()
    ids = [int(key) for key in raw_list.entries if key.isdigit()]
    activity, names = activity_source.activity(ids, now=now)

    mentors: list[Mentor] = []
    entries: dict[int, RawEntry] = {}
    problems: list[str] = []
    for key, entry in raw_list.entries.items():
        try:
            mentor = decode_mentor(key, entry, f"Mentors.{key}", names)
        except MentorListError as error:
            problems.append(f"{error} (entry not acted on)")
            continue
        if mentor.user_id not in names:
            problems.append(f"mentor #{key} ({mentor.username}) is not a user of this wiki")
        mentors.append(mentor)
        entries[mentor.user_id] = dict(entry)

    # a pause stands only while the entry is still without automatic assignment: if someone
    # switched it back on by hand, the pause is over
    by_id = {mentor.user_id: mentor for mentor in mentors}
    live_pauses = {
        user_id: pause
        for user_id, pause in (pauses or {}).items()
        if user_id in by_id and by_id[user_id].weight == WEIGHT_NONE
    }
    snapshot = Snapshot(
        now=now,
        config=config,
        mentors=tuple(mentors),
        activity=activity,
        run_interval=run_interval,
        wiki=wiki,
        raw_config=raw_config,
        paused=live_pauses,
        warned=dict(warned or {}),
    )
    return LiveSnapshot(snapshot, entries, tuple(problems))


def read_snapshot(
    backend: MentorListBackend,
    activity: ActivityReader,
    journal: Journal,
    *,
    wiki: str,
    now: datetime,
    run_interval: timedelta,
) -> LiveSnapshot:
    """A snapshot with what mentorwatch remembers of the wiki (pauses, warnings given)."""
    return take_snapshot(
        backend,
        activity,
        wiki=wiki,
        now=now,
        run_interval=run_interval,
        pauses=journal.pauses(wiki),
        warned=journal.warnings(wiki),
    )
