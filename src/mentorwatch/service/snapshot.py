"""Reading a live wiki into a :class:`~mentorwatch.domain.snapshot.Snapshot`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from mentorwatch.domain.exemptions import Exemption, exemption_notes
from mentorwatch.domain.mentors import WEIGHT_NONE, Mentor, MentorListError, Pause, decode_mentor
from mentorwatch.domain.messages import Undelivered
from mentorwatch.domain.snapshot import Snapshot
from mentorwatch.domain.warned import Warned
from mentorwatch.domain.wording import plural
from mentorwatch.language.render import message_text
from mentorwatch.service.rule_evidence import with_evidence
from mentorwatch.service.rules_page import Rules, read_rules
from mentorwatch.store.memory import Memory
from mentorwatch.store.runs import Runs
from mentorwatch.wiki.activity import ActivityReader
from mentorwatch.wiki.errors import WikiError
from mentorwatch.wiki.history import tagged_revisions
from mentorwatch.wiki.mentorlist import MentorListBackend, RawEntry


@dataclass(frozen=True)
class LiveSnapshot:
    """A snapshot plus what applying it needs: the raw entries the decisions were made on."""

    snapshot: Snapshot
    entries: Mapping[int, RawEntry]
    problems: tuple[str, ...]
    #: mentors whose own away could not be read: never given mentees, never assumed active
    away_unknown: frozenset[int] = frozenset()
    #: what a reader of the plan should know that is not a data problem (no refusal)
    notes: tuple[str, ...] = ()


def _exemption_notes(
    exemptions: Sequence[Exemption], mentors: Sequence[Mentor], now: datetime
) -> list[str]:
    """The notes on exemptions that do nothing, in English (a snapshot's notes are text)."""
    listed = [mentor.username for mentor in mentors]
    return [message_text(note) for note in exemption_notes(exemptions, listed, now)]


def take_snapshot(
    backend: MentorListBackend,
    activity_source: ActivityReader,
    *,
    wiki: str,
    now: datetime,
    run_interval: timedelta,
    pauses: Mapping[int, Pause] | None = None,
    warned: Mapping[int, Warned] | None = None,
    away_noticed: Mapping[int, datetime] | None = None,
    rules: Rules | None = None,
    undelivered: Mapping[int, tuple[Undelivered, ...]] | None = None,
) -> LiveSnapshot:
    """Read the rules (unless given, as read at ``now``), list and activity. An invalid rules
    page raises ConfigError (InvalidPage); an untrusted one gives no rules and says why
    (``snapshot.rules``)."""
    rules = rules or read_rules(backend, now)
    raw_list = backend.read_list()
    ids = [int(key) for key in raw_list.entries if key.isascii() and key.isdigit()]
    activity, names = activity_source.activity(ids, now=now)

    mentors, entries, problems = _decode_entries(raw_list.entries, names)

    live_pauses = _live_pauses(pauses or {}, mentors)
    snapshot = Snapshot(
        now=now,
        config=rules.config,
        mentors=tuple(mentors),
        activity=activity,
        run_interval=run_interval,
        wiki=wiki,
        raw_config=rules.legacy or {},
        paused=live_pauses,
        warned=dict(warned or {}),
        upstream=rules.upstream,
        away_noticed=dict(away_noticed or {}),
        rules=rules.source,
        undelivered=dict(undelivered or {}),
    )
    snapshot = with_evidence(snapshot, activity_source)  # what the community rules need
    unknown = frozenset(
        int(key) for key in raw_list.away_unknown if key.isascii() and key.isdigit()
    )
    notes = [*rules.notes, *_exemption_notes(rules.config.exemptions, mentors, now)]
    if unknown:
        notes.append(
            f"the away status of {plural(len(unknown), 'mentor')} cannot be read (blocked, or "
            "not shown by Special:ManageMentors): they get no mentees and their entries are not "
            "changed"
        )
    return LiveSnapshot(snapshot, entries, tuple(problems), unknown, tuple(notes))


def _live_pauses(pauses: Mapping[int, Pause], mentors: list[Mentor]) -> dict[int, Pause]:
    """The pauses that stand: only while the entry is still without automatic assignment (if
    someone switched it back on by hand, the pause is over)."""
    by_id = {mentor.user_id: mentor for mentor in mentors}
    return {
        user_id: pause
        for user_id, pause in pauses.items()
        if user_id in by_id and by_id[user_id].weight == WEIGHT_NONE
    }


def _decode_entries(
    raw: Mapping[str, RawEntry], names: Mapping[int, str]
) -> tuple[list[Mentor], dict[int, RawEntry], list[str]]:
    """The list's entries as mentors; an entry that cannot be decoded is a problem."""
    mentors: list[Mentor] = []
    entries: dict[int, RawEntry] = {}
    problems: list[str] = []
    for key, entry in raw.items():
        try:
            mentor = decode_mentor(key, entry, f"Mentors.{key}", names)
        except MentorListError as error:
            problems.append(f"{error} (entry not acted on)")
            continue
        if mentor.user_id not in names:
            problems.append(f"mentor #{key} ({mentor.username}) is not a user of this wiki")
        mentors.append(mentor)
        entries[mentor.user_id] = dict(entry)
    return mentors, entries, problems


def read_snapshot(
    backend: MentorListBackend,
    activity: ActivityReader,
    memory: Memory,
    runs: Runs,
    *,
    wiki: str,
    now: datetime,
    run_interval: timedelta,
    rules: Rules | None = None,
) -> LiveSnapshot:
    """A snapshot with what mentorwatch remembers of the wiki (pauses, warnings given).

    A journal that has never seen this wiki remembers no pause. That matters only where
    mentorwatch paused mentors here with another journal: their weights are in that journal,
    and this one would never restore them. So on a first run, the list page's history is read
    for mentorwatch's own edits of the mentors now without automatic assignment, and the
    snapshot says so only when there are such edits, naming the mentors and what to do."""
    live = take_snapshot(
        backend,
        activity,
        wiki=wiki,
        now=now,
        run_interval=run_interval,
        pauses=memory.pauses(wiki),
        warned=memory.warnings(wiki),
        away_noticed=memory.away_notices(wiki),
        rules=rules,
        undelivered=memory.undelivered(wiki),
    )
    without_weight = {
        m.user_id: m.username for m in live.snapshot.mentors if m.weight == WEIGHT_NONE
    }
    if without_weight and not runs.recent(wiki, limit=1):
        note = _paused_elsewhere(backend, without_weight)
        if note is not None:
            live = replace(live, notes=(*live.notes, note))
    return live


def _paused_elsewhere(backend: MentorListBackend, without_weight: dict[int, str]) -> str | None:
    """The note for mentors mentorwatch paused with another journal (None: it paused none)."""
    try:
        tagged = tagged_revisions(backend.client, backend.list_page)
    except WikiError:
        return None
    paused = {uid: tagged[uid] for uid in without_weight if uid in tagged}
    if not paused:
        return None
    names = ", ".join(
        f"{without_weight[uid]} (run {run} of that journal, revision {revid})"
        for uid, (revid, run) in sorted(paused.items())
    )
    return (
        f"mentorwatch set these mentors to no automatic assignment with another journal: "
        f"{names}. That journal keeps their weights; this one, new to this wiki, does not and "
        "would never give them back. Run with that journal (--db URL, or MENTORWATCH_DATABASE), "
        "or set their weight again on Special:ManageMentors"
    )
