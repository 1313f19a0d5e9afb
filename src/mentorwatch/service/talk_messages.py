"""Telling the mentor: the talk-page message an action carries, posted and journaled.

A warning before removal, a notice that an away runs past the removal date, or (where the
rules say so) a notice after a mentor was marked away or removed. Each is journaled like any
write: the intent before it is posted, the outcome after (``opted_out`` for ``{{nobots}}``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from mentorwatch.domain.config import CommunityConfig
from mentorwatch.domain.outcomes import Outcome, Status, WriteAction, WriteKind
from mentorwatch.domain.planner import Decision
from mentorwatch.domain.timeutil import format_timestamp
from mentorwatch.domain.wiki_texts import (
    Summaries,
    render_action_notice,
    render_away_notice,
    render_warning,
)
from mentorwatch.service.action_log import ActionLog
from mentorwatch.store.actions import Intent
from mentorwatch.wiki.errors import WikiError
from mentorwatch.wiki.notifier import OptedOut, TalkPageNotifier, talk_page

#: an action, and the message's heading and text
Message = tuple[WriteAction, str, str]


def message_for(config: CommunityConfig, decision: Decision, action: WriteAction) -> Message | None:
    """The message a decision carries once its write is done (None: none)."""
    name = decision.username
    if decision.warn_removal_on is not None:
        return (WriteAction.WARN, *render_warning(config, name, decision.warn_removal_on))
    removal_on, away_until = decision.away_notice_removal_on, decision.away_until_before
    if removal_on is not None and away_until is not None:
        return (WriteAction.AWAY_NOTICE, *render_away_notice(name, away_until, removal_on))
    if config.notify_enabled and action in (
        WriteAction.MARK_AWAY,
        WriteAction.PAUSE,
        WriteAction.REMOVE,
    ):
        heading, text = render_action_notice(action.value, name, config, decision.away_until_after)
        return WriteAction.NOTIFY, heading, text
    return None


class TalkMessages:
    """Posts one run's messages on mentors' talk pages, each journaled before and after."""

    def __init__(
        self,
        log: ActionLog,
        notifier: TalkPageNotifier,
        summaries: Summaries,
        now: datetime,
        *,
        refusal: Callable[[WriteAction], str | None] | None = None,
    ) -> None:
        """``now``: the run's moment (its snapshot's), which a warning's date is counted from;
        ``refusal``: why a message may not be posted (the rights the account lacks)."""
        self.log = log
        self.notifier = notifier
        self.summaries = summaries
        self.now = now
        self.refusal = refusal or (lambda _action: None)

    def after(
        self, config: CommunityConfig, decision: Decision, action: WriteAction
    ) -> Outcome | None:
        """Post the message the decision carries, if any (see :func:`message_for`)."""
        message = message_for(config, decision, action)
        return None if message is None else self.post(decision, *message)

    def post(self, decision: Decision, action: WriteAction, heading: str, text: str) -> Outcome:
        """Post a message on the mentor's talk page, journaled before and after."""
        user_id, name = decision.user_id, decision.username
        template = self.summaries.warn if action is WriteAction.WARN else self.summaries.notify
        summary = self.log.tagged(self.summaries.render(template, decision), user_id)
        last, removal = decision.last_active_at, decision.warn_removal_on
        intended = {
            "episode": format_timestamp(last) if last else None,
            "removal_on": format_timestamp(removal) if removal else None,
            "heading": heading,
        }
        if action is WriteAction.WARN:
            intended["warned_at"] = format_timestamp(self.now)
        if action is WriteAction.AWAY_NOTICE and decision.away_until_before is not None:
            notice_on = decision.away_notice_removal_on
            intended["away_until"] = format_timestamp(decision.away_until_before)
            intended["removal_on"] = format_timestamp(notice_on) if notice_on else None
        intent = Intent(
            user_id, name, action, decision.reason, None, intended, talk_page(name), summary
        )
        refused = self.refusal(action)
        if refused is not None:
            return self.log.record(
                intent, Outcome(user_id, name, action, Status.NOT_ALLOWED, refused)
            )
        action_id = self.log.begin(intent)
        try:
            revision = self.notifier.post(name, heading, text, summary)
        except OptedOut as error:
            opted = Outcome(user_id, name, action, Status.OPTED_OUT, str(error))
            return self.log.finish(action_id, opted)
        except WikiError as error:
            failed = Outcome(user_id, name, action, Status.FAILED, str(error))
            return self.log.failed(action_id, failed, error)
        detail = f"message posted on {talk_page(name)}"
        done = Outcome(user_id, name, action, Status.DONE, detail, 1, WriteKind.MESSAGE)
        return self.log.finish(action_id, done, revision_id=revision)
