"""One cleanup cycle: snapshot, plan, apply. The only place that writes to a wiki.

Every write is journaled before (``pending``, with the entry it expects) and after (``done``,
``failed`` or ``skipped``). Right before each write the mentor's last edit is read again and the
backend checks the list entry is still the one the decision was made on; anything else skips
the mentor with a reason. A failure of one mentor never stops the others.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from mentorwatch.domain.away import DEFAULT_RUN_INTERVAL
from mentorwatch.domain.mentors import WEIGHT_NONE, Mentor, Pause
from mentorwatch.domain.planner import Action, Decision, Plan, plan
from mentorwatch.domain.snapshot import Snapshot, encode_snapshot
from mentorwatch.domain.timeutil import format_timestamp
from mentorwatch.service.snapshot import LiveSnapshot, take_snapshot
from mentorwatch.service.summaries import Summaries
from mentorwatch.store.journal import Journal
from mentorwatch.wiki.activity import ActivitySource
from mentorwatch.wiki.api import MediaWikiClient
from mentorwatch.wiki.errors import WikiError
from mentorwatch.wiki.growth import CLEANER_KEYS
from mentorwatch.wiki.mentorlist import Capabilities, EntryChanged, MentorListBackend

Clock = Callable[[], datetime]
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class RunOptions:
    dry_run: bool = False
    allow_with_upstream_cleaner: bool = False
    run_interval: timedelta = DEFAULT_RUN_INTERVAL
    summaries: Summaries = field(default_factory=Summaries)


@dataclass(frozen=True)
class Outcome:
    """What happened to one mentor (or mentee) in this run."""

    user_id: int
    username: str
    action: str  # mark_away, renew_away, pause, renew_pause, remove, resume, reassign
    status: str  # planned (dry run), done, skipped, failed
    detail: str = ""
    edits: int = 0


@dataclass
class RunReport:
    run_id: int
    wiki: str
    dry_run: bool
    capabilities: Capabilities
    plan: Plan
    problems: tuple[str, ...]
    outcomes: list[Outcome] = field(default_factory=list)
    refused: str | None = None

    @property
    def edits(self) -> int:
        return sum(outcome.edits for outcome in self.outcomes)

    @property
    def failures(self) -> list[Outcome]:
        return [outcome for outcome in self.outcomes if outcome.status == "failed"]

    def summary(self) -> dict[str, Any]:
        statuses: dict[str, int] = {}
        for outcome in self.outcomes:
            statuses[outcome.status] = statuses.get(outcome.status, 0) + 1
        return {
            "planned": {action.value: count for action, count in self.plan.counts().items()},
            "outcomes": statuses,
            "edits": self.edits,
            "failures": len(self.failures),
            "refused": self.refused,
            "problems": list(self.problems),
        }


@dataclass(frozen=True)
class Prepared:
    """A plan ready to apply, with what it was made from."""

    capabilities: Capabilities
    live: LiveSnapshot
    plan: Plan


class Cycle:
    def __init__(
        self,
        client: MediaWikiClient,
        backend: MentorListBackend,
        journal: Journal,
        *,
        clock: Clock,
        options: RunOptions | None = None,
        rng: random.Random | None = None,
        activity_source: ActivitySource | None = None,
        on_progress: Progress | None = None,
    ) -> None:
        self.client = client
        self.backend = backend
        self.journal = journal
        self.clock = clock
        self.options = options or RunOptions()
        self.rng = rng or random.Random()
        self.activity = activity_source or ActivitySource(client)
        self.on_progress = on_progress
        self.wiki = client.api_url

    def snapshot(self) -> LiveSnapshot:
        return take_snapshot(
            self.backend,
            self.activity,
            wiki=self.wiki,
            now=self.clock(),
            run_interval=self.options.run_interval,
            pauses=self.journal.pauses(self.wiki),
        )

    def run(self) -> RunReport:
        """Prepare (recover, snapshot, plan) and execute in one go."""
        return self.execute(self.prepare())

    def prepare(self) -> Prepared:
        """Everything up to the first write: recovery of a crashed run, snapshot, plan."""
        capabilities = self.backend.capabilities()
        if not self.options.dry_run:
            self._recover_interrupted(capabilities)
        live = self.snapshot()
        return Prepared(capabilities, live, plan(live.snapshot))

    def execute(self, prepared: Prepared) -> RunReport:
        """Apply a prepared plan: each write re-checked, journaled before and after."""
        capabilities, live, result = prepared.capabilities, prepared.live, prepared.plan
        snapshot = live.snapshot
        run_id = self.journal.start_run(
            self.wiki,
            self.backend.name,
            self.options.dry_run,
            snapshot.now,
            encode_snapshot(snapshot),
        )
        report = RunReport(
            run_id, self.wiki, self.options.dry_run, capabilities, result, live.problems
        )
        report.refused = self._refusal(capabilities, snapshot)
        changes = result.changes()
        busy = _busy(snapshot, result)
        status = "finished"
        try:
            for index, decision in enumerate(changes, start=1):
                if self.options.dry_run or report.refused:
                    report.outcomes.append(self._record_planned(run_id, decision, capabilities))
                else:
                    report.outcomes.extend(self._apply(run_id, live, decision, capabilities, busy))
                if self.on_progress is not None:
                    self.on_progress(index, len(changes))
        except BaseException:
            status = "failed"
            raise
        finally:
            if report.refused:
                status = "refused"
            self.journal.finish_run(run_id, status, self.clock(), report.summary())
        return report

    # --- refusal and recovery ---------------------------------------------------------------

    def _refusal(self, capabilities: Capabilities, snapshot: Snapshot) -> str | None:
        enabled = [key for key in CLEANER_KEYS if snapshot.raw_config.get(key) is True]
        if (
            not capabilities.upstream_cleaner
            or not enabled
            or self.options.allow_with_upstream_cleaner
        ):
            return None
        return (
            "this wiki's own GrowthExperiments cleanup is switched on ("
            + ", ".join(enabled)
            + "): two systems would fight over the mentor list, so mentorwatch makes no change. "
            "Ask the wiki to disable GEMentorshipCleanupEnabled, or pass "
            "--allow-with-upstream-cleaner if you are sure."
        )

    def _recover_interrupted(self, capabilities: Capabilities) -> None:
        """Finish what a crashed run left half done; everything else the new plan re-decides."""
        for record in self.journal.pending_actions(self.wiki):
            detail = "interrupted (the run stopped before the outcome was journaled)"
            if record.action == "remove" and capabilities.has_mentees:
                still_linked = self.backend.mentees(record.username)
                if still_linked and str(record.user_id) not in self.backend.read_list().entries:
                    detail += f"; reassigning {len(still_linked)} mentees left behind"
                    live = self.snapshot()
                    busy = _busy(live.snapshot, plan(live.snapshot))
                    self._reassign(record.run_id, record.username, still_linked, live, busy, None)
            self.journal.finish_action(record.id, "interrupted", self.clock(), detail)

    # --- applying ---------------------------------------------------------------------------

    def _wiki_action(self, decision: Decision, capabilities: Capabilities) -> str:
        if (
            decision.action in (Action.MARK_AWAY, Action.RENEW_AWAY)
            and not capabilities.can_mark_away
        ):
            return "pause" if decision.action is Action.MARK_AWAY else "renew_pause"
        return decision.action.value

    def _record_planned(
        self, run_id: int, decision: Decision, capabilities: Capabilities
    ) -> Outcome:
        action = self._wiki_action(decision, capabilities)
        self.journal.begin_action(
            run_id,
            self.wiki,
            decision.user_id,
            decision.username,
            action,
            decision.reason,
            None,
            self.clock(),
            status="planned",
        )
        return Outcome(decision.user_id, decision.username, action, "planned", decision.reason)

    def _apply(
        self,
        run_id: int,
        live: LiveSnapshot,
        decision: Decision,
        capabilities: Capabilities,
        busy: set[int],
    ) -> list[Outcome]:
        action = self._wiki_action(decision, capabilities)
        user_id, name = decision.user_id, decision.username
        before = live.entries[user_id]
        if decision.action is not Action.RESUME:
            edited = self._edited_since(live.snapshot, user_id)
            if edited is not None:
                detail = f"skipped: edited at {format_timestamp(edited)}, after the snapshot"
                action_id = self.journal.begin_action(
                    run_id, self.wiki, user_id, name, action, decision.reason, before, self.clock()
                )
                self.journal.finish_action(action_id, "skipped", self.clock(), detail)
                return [Outcome(user_id, name, action, "skipped", detail)]

        mentees = self.backend.mentees(name) if decision.action is Action.REMOVE else []
        journaled_before: Any = {"entry": before, "mentees": mentees} if mentees else before
        action_id = self.journal.begin_action(
            run_id,
            self.wiki,
            user_id,
            name,
            action,
            decision.reason,
            journaled_before,
            self.clock(),
        )
        outcomes: list[Outcome] = []
        try:
            after, edits, detail = self._write(action, decision, live, before)
        except EntryChanged as error:
            self.journal.finish_action(action_id, "skipped", self.clock(), f"skipped: {error}")
            return [Outcome(user_id, name, action, "skipped", f"skipped: {error}")]
        except WikiError as error:
            self.journal.finish_action(action_id, "failed", self.clock(), str(error))
            return [Outcome(user_id, name, action, "failed", str(error))]
        if decision.action is Action.REMOVE and mentees:
            outcomes = self._reassign(run_id, name, mentees, live, busy, decision.days_inactive)
            unplaced = [o for o in outcomes if o.status != "done"]
            if unplaced:
                detail = f"{len(unplaced)} of {len(mentees)} mentees could not be reassigned"
        self.journal.finish_action(action_id, "done", self.clock(), detail or None, after)
        return [Outcome(user_id, name, action, "done", detail, edits), *outcomes]

    def _write(
        self, action: str, decision: Decision, live: LiveSnapshot, before: dict[str, Any]
    ) -> tuple[Any, int, str]:
        """Perform one decision on the wiki: (entry after, edits made, detail)."""
        summaries = self.options.summaries
        user_id, name = decision.user_id, decision.username
        mentor = _mentor(live.snapshot, user_id)
        if action in ("mark_away", "renew_away"):
            assert decision.away_until_after is not None
            summary = summaries.render(getattr(summaries, action), decision)
            after = self.backend.set_away(user_id, name, before, decision.away_until_after, summary)
            return after, 1, ""
        if action == "renew_pause":
            assert decision.away_until_after is not None
            previous = live.snapshot.paused[user_id].previous_weight
            self.journal.set_pause(
                self.wiki, user_id, Pause(previous, decision.away_until_after), self.clock()
            )
            return before, 0, "pause extended in the journal (no edit needed)"
        if action == "pause":
            assert decision.away_until_after is not None
            pause = Pause(mentor.weight, decision.away_until_after)
            self.journal.set_pause(self.wiki, user_id, pause, self.clock())  # before the edit
            if mentor.weight == WEIGHT_NONE:
                return before, 0, "already without automatic assignment (no edit needed)"
            try:
                summary = summaries.render(summaries.pause, decision)
                after = self.backend.set_weight(user_id, name, before, WEIGHT_NONE, summary)
            except BaseException:
                self.journal.clear_pause(self.wiki, user_id)
                raise
            return after, 1, f"paused; weight {mentor.weight} restored when active again"
        if action == "resume":
            assert decision.weight_after is not None
            if decision.weight_after == WEIGHT_NONE:
                self.journal.clear_pause(self.wiki, user_id)
                return before, 0, "was without automatic assignment before the pause"
            summary = summaries.render(summaries.resume, decision)
            after = self.backend.set_weight(user_id, name, before, decision.weight_after, summary)
            self.journal.clear_pause(self.wiki, user_id)
            return after, 1, ""
        if action == "remove":
            self.backend.remove(user_id, name, before, summaries.render(summaries.remove, decision))
            self.journal.clear_pause(self.wiki, user_id)
            return None, 1, ""
        raise AssertionError(f"unknown action {action}")

    def _edited_since(self, snapshot: Snapshot, user_id: int) -> datetime | None:
        latest = self.activity.last_edits([user_id]).get(user_id)
        known = snapshot.activity[user_id].last_edit_at if user_id in snapshot.activity else None
        if latest is not None and (known is None or latest > known):
            return latest
        return None

    # --- reassignment -----------------------------------------------------------------------

    def _reassign(
        self,
        run_id: int,
        old_mentor: str,
        mentees: list[tuple[int, str]],
        live: LiveSnapshot,
        busy: set[int],
        days_inactive: float | None,
    ) -> list[Outcome]:
        """Give each mentee a weighted-random available mentor (upstream's rule, reference §4.5)."""
        snapshot = live.snapshot
        pool = [
            mentor
            for mentor in snapshot.mentors
            if mentor.weight != WEIGHT_NONE
            and mentor.user_id not in busy
            and not mentor.is_away(snapshot.now)
            and mentor.user_id not in snapshot.paused
            and mentor.username != old_mentor
        ]
        days = "many" if days_inactive is None else str(int(days_inactive))
        reason = self.options.summaries.reassign.replace("$1", old_mentor).replace("$2", days)
        outcomes = []
        for mentee_id, mentee in mentees:
            choices = [mentor for mentor in pool if mentor.username != mentee]
            before = {"mentor": old_mentor}
            action_id = self.journal.begin_action(
                run_id, self.wiki, mentee_id, mentee, "reassign", reason, before, self.clock()
            )
            if not choices:
                detail = f"no available mentor: {mentee} stays with {old_mentor}"
                self.journal.finish_action(action_id, "failed", self.clock(), detail)
                outcomes.append(Outcome(mentee_id, mentee, "reassign", "failed", detail))
                continue
            new_mentor = self.rng.choices(choices, weights=[m.weight for m in choices])[0]
            try:
                self.backend.set_mentor(mentee, new_mentor.username, reason)
            except WikiError as error:
                self.journal.finish_action(action_id, "failed", self.clock(), str(error))
                outcomes.append(Outcome(mentee_id, mentee, "reassign", "failed", str(error)))
                continue
            after = {"mentor": new_mentor.username}
            self.journal.finish_action(action_id, "done", self.clock(), None, after)
            outcomes.append(
                Outcome(
                    mentee_id,
                    mentee,
                    "reassign",
                    "done",
                    f"now mentored by {new_mentor.username}",
                    1,
                )
            )
        return outcomes


def _busy(snapshot: Snapshot, decided: Plan) -> set[int]:
    """Mentors who must not receive mentees: acted on in this run, flagged, away or paused."""
    busy = {d.user_id for d in decided.decisions if d.changes_wiki or d.flags}
    for mentor in snapshot.mentors:
        if mentor.is_away(snapshot.now) or mentor.user_id in snapshot.paused:
            busy.add(mentor.user_id)
    return busy


def _mentor(snapshot: Snapshot, user_id: int) -> Mentor:
    return next(mentor for mentor in snapshot.mentors if mentor.user_id == user_id)
