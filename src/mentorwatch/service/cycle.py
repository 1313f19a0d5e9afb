"""One cleanup cycle: snapshot, plan, check, apply. The only place a run writes from.

A run holds the wiki's lock in the journal (one run per wiki at a time), first reconciles what
a crashed run left unfinished (:mod:`.recovery`), then snapshots and plans, records every
decision, and refuses the whole plan when a safety check fails
(:mod:`mentorwatch.domain.safety`); where the wiki's GrowthExperiments has its own cleanup, the
plan already leaves that cleanup's actions to it (:mod:`mentorwatch.domain.rules`). Each change
is then applied by :mod:`.apply`: journaled before and after, re-checked right before the
write, one mentor's failure never stopping the others.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from mentorwatch.domain.away import DEFAULT_RUN_INTERVAL
from mentorwatch.domain.config import CommunityConfig
from mentorwatch.domain.message import Message, store_sentences
from mentorwatch.domain.messages import KINDS, Undelivered
from mentorwatch.domain.outcomes import Outcome, Status, WriteAction
from mentorwatch.domain.planner import Decision, Plan, plan
from mentorwatch.domain.safety import SafetyLimits, check_plan
from mentorwatch.domain.snapshot import Snapshot, encode_snapshot
from mentorwatch.domain.wiki_texts import Summaries
from mentorwatch.language.render import english_sentences
from mentorwatch.language.wiki_words import WikiWords, words_for
from mentorwatch.service.action_log import ActionLog
from mentorwatch.service.apply import (
    Applier,
    planned_actions,
    reason_for,
    write_action,
)
from mentorwatch.service.plan_json import decision_to_json
from mentorwatch.service.preflight import Preflight
from mentorwatch.service.questions import with_questions
from mentorwatch.service.reassign import Reassigner, available_mentors, unavailable
from mentorwatch.service.recovery import Reconciler
from mentorwatch.service.run_report import RunReport
from mentorwatch.service.snapshot import LiveSnapshot, read_snapshot
from mentorwatch.service.talk_messages import TalkMessages, addressed
from mentorwatch.store.journal import HeldLock, Intent, Journal, LockLost, RunStatus
from mentorwatch.wiki.activity import ActivityReader
from mentorwatch.wiki.api import MediaWikiClient
from mentorwatch.wiki.mentorlist import Capabilities, MentorListBackend
from mentorwatch.wiki.notifier import TalkPageNotifier
from mentorwatch.wiki.questions import QuestionsReader
from mentorwatch.wiki.site import content_language
from mentorwatch.wiki.users import read_genders

Clock = Callable[[], datetime]
Progress = Callable[[int, int], None]

__all__ = ["Cycle", "Prepared", "Progress", "RunOptions", "RunReport"]


@dataclass(frozen=True)
class RunOptions:
    dry_run: bool = False
    run_interval: timedelta = DEFAULT_RUN_INTERVAL
    summaries: Summaries = field(default_factory=Summaries)
    safety: SafetyLimits = field(default_factory=SafetyLimits)
    #: what the account may do (None: not checked): an action it lacks a right for is not tried
    preflight: Preflight | None = None
    #: read mentees' questions and the new accounts (a few requests: docs/questions.md); a
    #: run reads them anyway where the nudge is on (it needs them)
    questions: bool = False

    def refusal(self, action: WriteAction) -> str | None:
        """Why ``action`` is not tried (the rights it lacks), or None."""
        return None if self.preflight is None else self.preflight.refusal(action)


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
        activity_source: ActivityReader | None = None,
        on_progress: Progress | None = None,
    ) -> None:
        self.client = client
        self.backend = backend
        self.journal = journal
        self.clock = clock
        self.options = options or RunOptions()
        self.rng = rng or random.Random()
        self.activity = activity_source or ActivityReader(client)
        self.on_progress = on_progress
        self.wiki = client.wiki_key
        self._requests_at_start = client.request_count
        #: the wiki's lock while :meth:`run` holds it (every write checks it first)
        self._lock: HeldLock | None = None
        self._words: WikiWords | None = None

    def words(self) -> WikiWords:
        """How this run speaks on the wiki: in its content language, the operator's summaries
        and the wiki's own wording first (read once)."""
        if self._words is None:
            language = content_language(self.client)
            wording = self.backend.own_wording()
            self._words = words_for(self.options.summaries, language, wording)
        return self._words

    def snapshot(self) -> LiveSnapshot:
        now = self.clock()
        live = read_snapshot(
            self.backend,
            self.activity,
            self.journal.memory,
            self.journal.runs,
            wiki=self.wiki,
            now=now,
            run_interval=self.options.run_interval,
        )
        if not (self.options.questions or live.snapshot.config.nudge_enabled):
            return live
        reader = QuestionsReader(self.client, self.activity.batch_size())
        return with_questions(live, reader, now, self.journal.memory.nudged(self.wiki))

    def run(self) -> RunReport:
        """Take the wiki's lock, prepare (recover, snapshot, plan) and execute.

        Raises :class:`~mentorwatch.store.journal.RunLocked` when another run holds the lock;
        a run that loses the lock part-way stops before its next write (``report.stopped``).
        """
        with self.journal.locks.locked(self.wiki) as lock:
            self._lock = lock
            try:
                prepared = self.prepare()
                if lock.took_over:
                    prepared = replace(prepared, recovered=(lock.took_over, *prepared.recovered))
                return self.execute(prepared, lock)
            finally:
                self._lock = None

    def prepare(self) -> Prepared:
        """Everything up to the first write: reconciling a crashed run, snapshot, plan."""
        self._requests_at_start = self.client.request_count
        capabilities = self.backend.capabilities()
        recovered: list[str] = []
        if not self.options.dry_run:
            recovered = self._reconciler().reconcile(capabilities)
        live = self.snapshot()
        return Prepared(capabilities, live, plan(live.snapshot), tuple(recovered))

    def execute(self, prepared: Prepared, lock: HeldLock | None = None) -> RunReport:
        """Apply a prepared plan: each write re-checked, journaled before and after.
        ``lock``: the wiki's lock this run holds (the run names itself on it)."""
        live, result = prepared.live, prepared.plan
        run_id = self._start_run(live.snapshot, result, lock)
        report = RunReport(
            run_id,
            self.wiki,
            self.options.dry_run,
            prepared.capabilities,
            result,
            live.problems,
            recovered=list(prepared.recovered),
            notes=live.notes,
            started_at=live.snapshot.now,
            missing_rights=self._missing_rights(),
        )
        report.refusals = self._safety(result, live.problems)
        report.refused = english_sentences(report.refusals) if report.refusals else None
        status = RunStatus.FINISHED
        try:
            self._apply_all(report, live, self._log(run_id))
        except LockLost as lost:  # stop at once: the rest is the new holder's
            report.stopped = str(lost)
            status = RunStatus.STOPPED
        except BaseException:
            status = RunStatus.FAILED
            raise
        finally:
            status = RunStatus.REFUSED if report.refused else status
            report.requests = self.client.request_count - self._requests_at_start
            self.journal.runs.finish(run_id, status, self.clock(), report.summary())
        return report

    def _missing_rights(self) -> tuple[str, ...]:
        found = self.options.preflight
        return () if found is None else tuple(check.missing() for check in found.run_gaps)

    def _start_run(self, snapshot: Snapshot, result: Plan, lock: HeldLock | None) -> int:
        run_id = self.journal.runs.start(
            self.wiki,
            self.backend.name,
            self.options.dry_run,
            snapshot.now,
            encode_snapshot(snapshot),
            lock=lock,
        )
        self.journal.runs.record_decisions(
            run_id,
            [
                {
                    "user_id": decision.user_id,
                    "username": decision.username,
                    "action": decision.action.value,
                    "reason": store_sentences(decision.reason),
                    "evidence": decision_to_json(decision),
                }
                for decision in result.decisions
            ],
        )
        return run_id

    def _log(self, run_id: int) -> ActionLog:
        return ActionLog(self.journal.actions, self.wiki, run_id, self.clock, self._lock)

    def _apply_all(self, report: RunReport, live: LiveSnapshot, log: ActionLog) -> None:
        changes = report.plan.changes()
        busy = unavailable(live.snapshot, report.plan, live.away_unknown)
        if not (self.options.dry_run or report.refused):
            names = addressed(live.snapshot.config, changes, live.snapshot)
            if names:  # their gender, for {{GENDER:}}: one request per 50 mentors written to
                self._words = self.words().with_genders(read_genders(self.client, names))
        applier = self._applier(log, report.capabilities, live.snapshot)
        if not (self.options.dry_run or report.refused):
            applier.prefetch(changes)
        for index, decision in enumerate(changes, start=1):
            action = write_action(decision, report.capabilities)
            refusal = self.options.refusal(action)
            if self.options.dry_run or report.refused:
                planned = _record_planned(log, decision, report.capabilities, self.options)
                report.outcomes.extend(planned)
            elif refusal is not None and action not in KINDS:  # a message: TalkMessages says
                report.outcomes.append(_not_allowed(log, decision, action, refusal))
            else:
                report.outcomes.extend(applier.apply(live, decision, action, busy))
            if self.on_progress is not None:
                self.on_progress(index, len(changes))
        self._retry_notices(report, live.snapshot, applier.messages, log)
        self._nudges(report, live.snapshot.config, applier.messages, log)
        report.needs_admin = _given_up(live.snapshot, applier.messages.given_up)

    def _retry_notices(
        self, report: RunReport, snapshot: Snapshot, messages: TalkMessages, log: ActionLog
    ) -> None:
        """Notices after an action the wiki refused in earlier runs, tried again (a dry run
        or a refused plan journals them as planned)."""
        done_now = frozenset(outcome.user_id for outcome in report.outcomes)
        for user_id, message in messages.notices_to_retry(snapshot, done_now):
            if self.options.dry_run or report.refused:
                reason = f"the notice the wiki refused before would be tried again: {message.error}"
                intent = Intent(user_id, message.username, WriteAction.NOTIFY, reason)
                planned = Outcome(
                    user_id, message.username, WriteAction.NOTIFY, Status.PLANNED, reason
                )
                report.outcomes.append(log.record(intent, planned))
            else:
                report.outcomes.append(messages.retry(snapshot.config, user_id, message))

    def _nudges(
        self,
        report: RunReport,
        config: CommunityConfig,
        messages: TalkMessages,
        log: ActionLog,
    ) -> None:
        """The friendly notes to mentors whose questions wait (the nudge rule; a dry run or a
        refused plan journals them as planned)."""
        found = report.plan.questions
        if found is None:
            return
        for nudge in found.nudges:
            if self.options.dry_run or report.refused:
                said = Message.of(
                    "mentorwatch-reason-nudge-planned", num_questions=len(nudge.questions)
                )
                reason = store_sentences((said,))
                intent = Intent(nudge.user_id, nudge.username, WriteAction.NUDGE, reason)
                planned = Outcome(nudge.user_id, nudge.username, WriteAction.NUDGE, Status.PLANNED)
                report.outcomes.append(log.record(intent, planned.said(said)))
            else:
                report.outcomes.append(messages.nudge(nudge, found.waiting_days, config))

    def _applier(self, log: ActionLog, capabilities: Capabilities, snapshot: Snapshot) -> Applier:
        return Applier(
            self.backend,
            self.journal.memory,
            log,
            capabilities=capabilities,
            activity=self.activity,
            messages=TalkMessages(
                log,
                TalkPageNotifier(self.client),
                self.words(),
                snapshot.now,
                snapshot.undelivered,
                refusal=self.options.refusal,
            ),
            reassigner=Reassigner(self.backend, log, self.rng),
            words=self.words(),
            clock=self.clock,
        )

    # --- safety and recovery ----------------------------------------------------------------

    def _safety(self, result: Plan, problems: tuple[str, ...]) -> tuple[Message, ...]:
        """Why the plan is refused, one numbered sentence per check (empty: it is not)."""
        refusals = check_plan(result, self.options.safety, problems)
        return tuple(
            Message.of("mentorwatch-safety-numbered", number=index, refusal=refusal.message)
            for index, refusal in enumerate(refusals, start=1)
        )

    def _reconciler(self) -> Reconciler:
        return Reconciler(
            self.journal.runs,
            self.journal.actions,
            self.journal.memory,
            self.backend,
            self.client,
            wiki=self.wiki,
            clock=self.clock,
            reassign_left_behind=self.reassign_left_behind,
        )

    def reassign_left_behind(self, run_id: int, username: str) -> int:
        """After a removal that crashed midway, give the mentees left behind a new mentor."""
        still_linked = self.backend.mentees(username)
        if still_linked:
            live = self.snapshot()
            busy = unavailable(live.snapshot, plan(live.snapshot), live.away_unknown)
            pool = available_mentors(live.snapshot, busy)
            log = self._log(run_id)
            reason = self.words().reassign(username, None)
            Reassigner(self.backend, log, self.rng).reassign(username, still_linked, pool, reason)
        return len(still_linked)


def _given_up(
    snapshot: Snapshot, now: list[tuple[int, Undelivered]]
) -> dict[int, tuple[Undelivered, ...]]:
    """The messages given up on, before this run or in it (one per mentor and kind)."""
    found: dict[tuple[int, WriteAction], Undelivered] = {}
    for user_id, messages in snapshot.undelivered.items():
        for message in messages:
            if message.given_up:
                found[(user_id, message.kind)] = message
    for user_id, message in now:
        found[(user_id, message.kind)] = message
    given_up: dict[int, tuple[Undelivered, ...]] = {}
    for (user_id, _kind), message in found.items():
        given_up[user_id] = (*given_up.get(user_id, ()), message)
    return given_up


def _record_planned(
    log: ActionLog, decision: Decision, capabilities: Capabilities, options: RunOptions
) -> list[Outcome]:
    """A dry run (or a refused plan) journals what it would do, as planned; what the account
    lacks a right for, as not allowed."""
    outcomes = []
    for action in planned_actions(decision, capabilities):
        refusal = options.refusal(action)
        if refusal is not None:
            outcomes.append(_not_allowed(log, decision, action, refusal))
            continue
        reason = store_sentences(reason_for(action, decision.reason))
        planned = Outcome(decision.user_id, decision.username, action, Status.PLANNED, reason)
        intent = Intent(decision.user_id, decision.username, action, reason)
        outcomes.append(log.record(intent, planned))
    return outcomes


def _not_allowed(log: ActionLog, decision: Decision, action: WriteAction, why: str) -> Outcome:
    """An action not tried for want of a right, journaled with the fix."""
    reason = store_sentences(reason_for(action, decision.reason))
    refused = Outcome(decision.user_id, decision.username, action, Status.NOT_ALLOWED, why)
    return log.record(Intent(decision.user_id, decision.username, action, reason), refused)
