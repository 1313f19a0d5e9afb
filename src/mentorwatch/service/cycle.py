"""One cleanup cycle: snapshot, plan, check, apply. The only place that writes to a wiki.

A run holds the wiki's lock in the journal (one run per wiki at a time), first reconciles what
a crashed run left unfinished (:mod:`mentorwatch.service.recovery`), then snapshots and plans,
records every decision, and refuses the whole plan when a safety check fails
(:mod:`mentorwatch.domain.safety`). Every write is journaled before (``pending``, with the
entry it expects, what it means to leave and its edit summary) and after (``done`` with the
revision id, ``failed`` or ``skipped``). Right before each write the mentor's last edit is read
again and the backend checks the list entry is still the one the decision was made on;
anything else skips the mentor with a reason. A failure of one mentor never stops the others.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from mentorwatch.domain.away import DEFAULT_RUN_INTERVAL
from mentorwatch.domain.mentors import WEIGHT_NONE, Mentor, Pause
from mentorwatch.domain.notices import render_action_notice, render_warning
from mentorwatch.domain.planner import Action, Decision, Plan, plan
from mentorwatch.domain.safety import SafetyLimits, check_plan
from mentorwatch.domain.snapshot import Snapshot, encode_snapshot
from mentorwatch.domain.summaries import Summaries
from mentorwatch.domain.timeutil import format_timestamp
from mentorwatch.report import decision_to_json
from mentorwatch.service.recovery import Reconciler
from mentorwatch.service.snapshot import LiveSnapshot, take_snapshot
from mentorwatch.store.journal import Journal
from mentorwatch.wiki.activity import ActivitySource
from mentorwatch.wiki.api import MediaWikiClient
from mentorwatch.wiki.errors import WikiError
from mentorwatch.wiki.growth import CLEANER_KEYS
from mentorwatch.wiki.mentorlist import Capabilities, EntryChanged, MentorListBackend
from mentorwatch.wiki.notifier import OptedOut, TalkPageNotifier, talk_page

Clock = Callable[[], datetime]
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class RunOptions:
    dry_run: bool = False
    allow_with_upstream_cleaner: bool = False
    run_interval: timedelta = DEFAULT_RUN_INTERVAL
    summaries: Summaries = field(default_factory=Summaries)
    safety: SafetyLimits = field(default_factory=SafetyLimits)


@dataclass(frozen=True)
class Outcome:
    """What happened to one mentor (or mentee) in this run."""

    user_id: int
    username: str
    action: str  # mark_away, renew_away, pause, renew_pause, remove, resume, reassign, warn
    status: str  # planned (dry run), done, skipped, failed, opted_out
    detail: str = ""
    edits: int = 0


def journal_outcome(
    journal: Journal,
    clock: Clock,
    action_id: int,
    outcome: Outcome,
    after: Any = None,
    revision_id: int | None = None,
) -> Outcome:
    """Journal an action's outcome (status, detail) and hand it back for the run's report."""
    journal.finish_action(
        action_id, outcome.status, clock(), outcome.detail or None, after, revision_id
    )
    return outcome


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
    recovered: list[str] = field(default_factory=list)
    requests: int = 0  # API requests this run made (its cost on the wiki)

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
            "recovered": list(self.recovered),
            "requests": self.requests,
        }


@dataclass(frozen=True)
class Prepared:
    """A plan ready to apply, with what it was made from."""

    capabilities: Capabilities
    live: LiveSnapshot
    plan: Plan
    recovered: tuple[str, ...] = ()


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
        self.notifier = TalkPageNotifier(client)
        self._requests_at_start = client.request_count

    def snapshot(self) -> LiveSnapshot:
        return take_snapshot(
            self.backend,
            self.activity,
            wiki=self.wiki,
            now=self.clock(),
            run_interval=self.options.run_interval,
            pauses=self.journal.pauses(self.wiki),
            warned=self.journal.warnings(self.wiki),
        )

    def run(self) -> RunReport:
        """Take the wiki's lock, prepare (recover, snapshot, plan) and execute.

        Raises :class:`~mentorwatch.store.journal.RunLocked` when another run holds the lock.
        """
        with self.journal.locked(self.wiki, self.clock()) as took_over:
            prepared = self.prepare()
            if took_over:
                prepared = Prepared(
                    prepared.capabilities,
                    prepared.live,
                    prepared.plan,
                    (took_over, *prepared.recovered),
                )
            return self.execute(prepared)

    def prepare(self) -> Prepared:
        """Everything up to the first write: reconciling a crashed run, snapshot, plan."""
        self._requests_at_start = self.client.request_count
        capabilities = self.backend.capabilities()
        recovered: list[str] = []
        if not self.options.dry_run:
            recovered = Reconciler(self).reconcile(capabilities)
        live = self.snapshot()
        return Prepared(capabilities, live, plan(live.snapshot), tuple(recovered))

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
        self.journal.record_decisions(
            run_id,
            [
                {
                    "user_id": decision.user_id,
                    "username": decision.username,
                    "action": decision.action.value,
                    "reason": decision.reason,
                    "evidence": decision_to_json(decision),
                }
                for decision in result.decisions
            ],
        )
        report = RunReport(
            run_id, self.wiki, self.options.dry_run, capabilities, result, live.problems
        )
        report.recovered = list(prepared.recovered)
        report.refused = self._refusal(capabilities, snapshot) or self._safety_refusal(
            result, live.problems
        )
        changes = result.changes()
        busy = _busy(snapshot, result)
        status = "finished"
        try:
            for index, decision in enumerate(changes, start=1):
                if self.options.dry_run or report.refused:
                    report.outcomes.extend(self._record_planned(run_id, decision, capabilities))
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
            report.requests = self.client.request_count - self._requests_at_start
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

    def _safety_refusal(self, result: Plan, problems: tuple[str, ...]) -> str | None:
        refusals = check_plan(result, self.options.safety, problems)
        if not refusals:
            return None
        return " ".join(f"({index}) {r.message}" for index, r in enumerate(refusals, start=1))

    def reassign_left_behind(self, run_id: int, username: str) -> int:
        """After a removal that crashed midway, give the mentees left behind a new mentor."""
        still_linked = self.backend.mentees(username)
        if still_linked:
            live = self.snapshot()
            busy = _busy(live.snapshot, plan(live.snapshot))
            self._reassign(run_id, username, still_linked, live, busy, None)
        return len(still_linked)

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
    ) -> list[Outcome]:
        actions = [self._wiki_action(decision, capabilities)]
        if decision.warn_removal_on is not None and decision.action is not Action.WARN:
            actions.append("warn")
        for action in actions:
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
        return [
            Outcome(decision.user_id, decision.username, action, "planned", decision.reason)
            for action in actions
        ]

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
        if decision.action is not Action.RESUME:
            edited = self._edited_since(live.snapshot, user_id)
            if edited is not None:
                detail = f"skipped: edited at {format_timestamp(edited)}, after the snapshot"
                action_id = self.journal.begin_action(
                    run_id, self.wiki, user_id, name, action, decision.reason, None, self.clock()
                )
                skipped = Outcome(user_id, name, action, "skipped", detail)
                return [self._finished(action_id, skipped)]
        outcomes: list[Outcome] = []
        if decision.action is not Action.WARN:
            outcomes = self._apply_change(run_id, live, decision, action, busy)
            if outcomes[0].status != "done":
                return outcomes
        config = live.snapshot.config
        if decision.warn_removal_on is not None:
            heading, text = render_warning(config, name, decision.warn_removal_on)
            outcomes.append(self._notify(run_id, decision, "warn", heading, text))
        elif config.notify_enabled and decision.action in (Action.MARK_AWAY, Action.REMOVE):
            heading, text = render_action_notice(
                decision.action.value, name, config, decision.away_until_after
            )
            outcomes.append(self._notify(run_id, decision, "notify", heading, text))
        return outcomes

    def _notify(
        self, run_id: int, decision: Decision, action: str, heading: str, text: str
    ) -> Outcome:
        """Post a message on the mentor's talk page, journaled before and after."""
        user_id, name = decision.user_id, decision.username
        summaries = self.options.summaries
        summary = summaries.render(
            summaries.warn if action == "warn" else summaries.notify, decision
        )
        intended = {
            "episode": format_timestamp(decision.last_active_at)
            if decision.last_active_at
            else None,
            "removal_on": format_timestamp(decision.warn_removal_on)
            if decision.warn_removal_on
            else None,
            "heading": heading,
        }
        action_id = self.journal.begin_action(
            run_id,
            self.wiki,
            user_id,
            name,
            action,
            decision.reason,
            None,
            self.clock(),
            intended=intended,
            page=talk_page(name),
            summary=summary,
        )
        try:
            revision = self.notifier.post(name, heading, text, summary)
        except OptedOut as error:
            return self._finished(
                action_id, Outcome(user_id, name, action, "opted_out", str(error))
            )
        except WikiError as error:
            return self._finished(action_id, Outcome(user_id, name, action, "failed", str(error)))
        detail = f"message posted on {talk_page(name)}"
        return self._finished(
            action_id, Outcome(user_id, name, action, "done", detail, 1), revision_id=revision
        )

    def _apply_change(
        self,
        run_id: int,
        live: LiveSnapshot,
        decision: Decision,
        action: str,
        busy: set[int],
    ) -> list[Outcome]:
        user_id, name = decision.user_id, decision.username
        before = live.entries[user_id]
        mentees = self.backend.mentees(name) if decision.action is Action.REMOVE else []
        journaled_before: Any = {"entry": before, "mentees": mentees} if mentees else before
        summary = self._summary(action, decision)
        action_id = self.journal.begin_action(
            run_id,
            self.wiki,
            user_id,
            name,
            action,
            decision.reason,
            journaled_before,
            self.clock(),
            intended=_intended(action, decision),
            page=self.backend.list_page if summary else None,
            summary=summary,
        )
        outcomes: list[Outcome] = []
        try:
            after, edits, detail, revision = self._write(
                action, decision, live, before, summary or ""
            )
        except EntryChanged as error:
            skipped = Outcome(user_id, name, action, "skipped", f"skipped: {error}")
            return [self._finished(action_id, skipped)]
        except WikiError as error:
            return [self._finished(action_id, Outcome(user_id, name, action, "failed", str(error)))]
        if decision.action is Action.REMOVE and mentees:
            outcomes = self._reassign(run_id, name, mentees, live, busy, decision.days_inactive)
            unplaced = [o for o in outcomes if o.status != "done"]
            if unplaced:
                detail = f"{len(unplaced)} of {len(mentees)} mentees could not be reassigned"
        done = Outcome(user_id, name, action, "done", detail, edits)
        return [self._finished(action_id, done, after, revision), *outcomes]

    def _summary(self, action: str, decision: Decision) -> str | None:
        """The edit summary of the write an action makes (None: it makes no edit)."""
        summaries = self.options.summaries
        template = {
            "mark_away": summaries.mark_away,
            "renew_away": summaries.renew_away,
            "pause": summaries.pause,
            "resume": summaries.resume,
            "remove": summaries.remove,
        }.get(action)
        return None if template is None else summaries.render(template, decision)

    def _write(
        self,
        action: str,
        decision: Decision,
        live: LiveSnapshot,
        before: dict[str, Any],
        summary: str,
    ) -> tuple[Any, int, str, int | None]:
        """Perform one decision on the wiki: (entry after, edits made, detail, revision)."""
        user_id, name = decision.user_id, decision.username
        mentor = _mentor(live.snapshot, user_id)
        if action in ("mark_away", "renew_away"):
            assert decision.away_until_after is not None
            written = self.backend.set_away(
                user_id, name, before, decision.away_until_after, summary
            )
            return written.entry, 1, "", written.revision_id
        if action == "renew_pause":
            assert decision.away_until_after is not None
            previous = live.snapshot.paused[user_id].previous_weight
            self.journal.set_pause(
                self.wiki, user_id, Pause(previous, decision.away_until_after), self.clock()
            )
            return before, 0, "pause extended in the journal (no edit needed)", None
        if action == "pause":
            assert decision.away_until_after is not None
            pause = Pause(mentor.weight, decision.away_until_after)
            self.journal.set_pause(self.wiki, user_id, pause, self.clock())  # before the edit
            if mentor.weight == WEIGHT_NONE:
                return before, 0, "already without automatic assignment (no edit needed)", None
            try:
                written = self.backend.set_weight(user_id, name, before, WEIGHT_NONE, summary)
            except BaseException:
                self.journal.clear_pause(self.wiki, user_id)
                raise
            detail = f"paused; weight {mentor.weight} restored when active again"
            return written.entry, 1, detail, written.revision_id
        if action == "resume":
            assert decision.weight_after is not None
            if decision.weight_after == WEIGHT_NONE:
                self.journal.clear_pause(self.wiki, user_id)
                return before, 0, "was without automatic assignment before the pause", None
            written = self.backend.set_weight(user_id, name, before, decision.weight_after, summary)
            self.journal.clear_pause(self.wiki, user_id)
            return written.entry, 1, "", written.revision_id
        if action == "remove":
            written = self.backend.remove(user_id, name, before, summary)
            self.journal.clear_pause(self.wiki, user_id)
            return None, 1, "", written.revision_id
        raise AssertionError(f"unknown action {action}")

    def _finished(
        self, action_id: int, outcome: Outcome, after: Any = None, revision_id: int | None = None
    ) -> Outcome:
        return journal_outcome(self.journal, self.clock, action_id, outcome, after, revision_id)

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
                failed = Outcome(mentee_id, mentee, "reassign", "failed", detail)
                outcomes.append(self._finished(action_id, failed))
                continue
            new_mentor = self.rng.choices(choices, weights=[m.weight for m in choices])[0]
            try:
                self.backend.set_mentor(mentee, new_mentor.username, reason)
            except WikiError as error:
                failed = Outcome(mentee_id, mentee, "reassign", "failed", str(error))
                outcomes.append(self._finished(action_id, failed))
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


def _intended(action: str, decision: Decision) -> Any:
    """What a write means to leave on the wiki, journaled with its intent."""
    if action in ("mark_away", "renew_away") and decision.away_until_after is not None:
        return {"awayTimestamp": format_timestamp(decision.away_until_after)}
    if action == "pause":
        return {"weight": WEIGHT_NONE}
    if action == "resume":
        return {"weight": decision.weight_after}
    return None  # remove: the entry is gone


def _busy(snapshot: Snapshot, decided: Plan) -> set[int]:
    """Mentors who must not receive mentees: acted on in this run, flagged, away or paused."""
    busy = {d.user_id for d in decided.decisions if d.changes_wiki or d.flags}
    for mentor in snapshot.mentors:
        if mentor.is_away(snapshot.now) or mentor.user_id in snapshot.paused:
            busy.add(mentor.user_id)
    return busy


def _mentor(snapshot: Snapshot, user_id: int) -> Mentor:
    return next(mentor for mentor in snapshot.mentors if mentor.user_id == user_id)
