"""Warning mentors before removal: when the warning is due, how it gates removal, episodes."""

from __future__ import annotations

from dataclasses import replace

import pytest

from mentorwatch.domain.bot_exclusion import Exclusion, ExclusionUse, opt_out_reason
from mentorwatch.domain.config import (
    WARN_DAYS,
    WARN_ENABLED,
    WARNING_HEADING,
    WARNING_TEXT,
    ConfigError,
    parse_config,
)
from mentorwatch.domain.message import Message
from mentorwatch.domain.messages import Undelivered
from mentorwatch.domain.outcomes import WriteAction
from mentorwatch.domain.planner import Action, Flag
from mentorwatch.domain.snapshot import Snapshot, decode_snapshot, encode_snapshot
from mentorwatch.domain.timeutil import format_timestamp
from mentorwatch.domain.warned import Warned
from mentorwatch.language.catalogue import Style
from mentorwatch.language.render import message_text, reason_text
from mentorwatch.language.wiki_words import render_warning

from .builders import DAY, NOW, SECOND, WARNING, decide_one

REMOVAL_WARN = replace(WARNING, autoaway_enabled=False)


def test_no_warning_before_removal_minus_warning_days() -> None:
    decision = decide_one(REMOVAL_WARN, last_edit_at=NOW - 23 * DAY)
    assert decision.action is Action.KEEP
    assert decision.warn_removal_on is None


def test_warning_is_due_from_removal_minus_warning_days() -> None:
    last_edit = NOW - 23 * DAY - SECOND
    decision = decide_one(REMOVAL_WARN, last_edit_at=last_edit)
    assert decision.action is Action.WARN
    # the full warning period is given even though the removal threshold comes a second earlier
    assert decision.warn_removal_on == NOW + 7 * DAY
    assert decision.warn_removal_on > last_edit + 30 * DAY
    assert decision.next_action is Action.REMOVE
    assert decision.next_action_after == decision.warn_removal_on
    assert "Warned now" in reason_text(decision)


def test_a_mentor_past_removal_but_never_warned_is_warned_not_removed() -> None:
    decision = decide_one(WARNING, last_edit_at=NOW - 45 * DAY)
    assert decision.action is Action.MARK_AWAY  # away now, with the warning carried along
    assert decision.warn_removal_on == NOW + 7 * DAY


def test_removal_waits_for_the_warning_to_be_old_enough() -> None:
    last_edit = NOW - 40 * DAY
    warned = Warned(NOW - 7 * DAY + SECOND, last_edit)
    decision = decide_one(REMOVAL_WARN, last_edit_at=last_edit, warned=warned)
    assert decision.action is Action.KEEP
    assert decision.warn_removal_on is None  # not warned twice
    assert decision.next_action_after == warned.warned_at + 7 * DAY


def test_removal_once_the_warning_is_old_enough() -> None:
    last_edit = NOW - 40 * DAY
    decision = decide_one(
        REMOVAL_WARN, last_edit_at=last_edit, warned=Warned(NOW - 7 * DAY, last_edit)
    )
    assert decision.action is Action.REMOVE
    assert "warned on" in reason_text(decision)


def test_an_edit_after_the_warning_starts_a_new_episode() -> None:
    old_episode = Warned(NOW - 20 * DAY, NOW - 45 * DAY)
    active = decide_one(REMOVAL_WARN, last_edit_at=NOW - 2 * DAY, warned=old_episode)
    assert active.action is Action.KEEP
    again_inactive = decide_one(REMOVAL_WARN, last_edit_at=NOW - 31 * DAY, warned=old_episode)
    assert again_inactive.action is Action.WARN  # the old warning does not count


def test_without_warnings_removal_is_immediate() -> None:
    decision = decide_one(replace(REMOVAL_WARN, warn_enabled=False), last_edit_at=NOW - 31 * DAY)
    assert decision.action is Action.REMOVE


def test_warning_days_must_be_below_removal_days() -> None:
    with pytest.raises(ConfigError) as error:
        parse_config(
            {
                "GEMentorshipShouldBeAutoremoved": True,
                "GEMentorshipAutoremovedAfterDays": 7,
                WARN_ENABLED: True,
                WARN_DAYS: 7,
            }
        )
    assert error.value.problems[0].key == WARN_DAYS
    assert "Lower the warning days" in str(error.value)


@pytest.mark.parametrize(
    ("key", "value", "says"),
    [
        (WARNING_TEXT, 5, "string"),
        (WARNING_TEXT, "bye $7", "$7"),
        (WARNING_HEADING, "two\nlines", "one line"),
        (WARNING_TEXT, "x" * 5001, "at most 5000"),
    ],
)
def test_bad_message_texts_are_refused(key: str, value: object, says: str) -> None:
    with pytest.raises(ConfigError) as error:
        parse_config({key: value})
    assert error.value.problems[0].key == key
    assert says in str(error.value)


def test_the_warning_names_the_date_and_the_thresholds() -> None:
    heading, text = render_warning(WARNING, "Alice", NOW + 7 * DAY)
    assert heading
    assert "2 December 2026" in text and "30 days" in text and "Alice" in text
    assert "make an edit" in text and "away" in text
    custom = replace(WARNING, warning_heading="Hi $4", warning_text="Gone on $1 after $2/$3/$5")
    assert render_warning(custom, "Bob", NOW) == (
        "Hi Bob",
        "Gone on 25 November 2026 after 30/10/7",
    )


BOTS, NOBOTS = Exclusion.BOTS, Exclusion.NOBOTS


def bots(**parameters: str) -> ExclusionUse:
    return ExclusionUse(BOTS, tuple(parameters.items()))


@pytest.mark.parametrize(
    ("kinds", "uses", "allowed"),
    [
        ((), [], True),
        ((NOBOTS,), [], False),
        ((NOBOTS,), [ExclusionUse(NOBOTS, (("allow", "MentorwatchBot"),))], False),
        ((BOTS,), [bots(deny="all")], False),
        ((BOTS,), [bots(deny="SomeOtherBot")], True),
        ((BOTS,), [bots(deny="OtherBot, MentorwatchBot")], False),
        ((BOTS,), [bots(allow="none")], False),
        ((BOTS,), [bots(allow="all")], True),
        ((BOTS,), [bots(allow="MentorwatchBot")], True),
        ((BOTS,), [bots(allow="OtherBot")], False),
        ((BOTS,), [bots(optout="all")], False),
        ((BOTS,), [bots()], True),
        ((BOTS,), [bots(deny="none")], True),
        ((BOTS,), [bots(), bots(deny="mentorwatch")], False),
        ((BOTS,), [], False),  # only through another template: its parameters unknown
    ],
)
def test_bot_exclusion_templates(
    kinds: tuple[Exclusion, ...], uses: list[ExclusionUse], allowed: bool
) -> None:
    reason = opt_out_reason(kinds, uses, ["MentorwatchBot", "mentorwatch"])
    assert (reason is None) is allowed


def test_an_opt_out_is_said_in_the_readers_language_naming_the_template_as_written() -> None:
    bots = ExclusionUse(Exclusion.BOTS, (("deny", "MentorwatchBot "),))
    denied = opt_out_reason([Exclusion.BOTS], [bots], ["MentorwatchBot"])
    hidden = opt_out_reason([Exclusion.BOTS], [], ["MentorwatchBot"])
    assert denied is not None and hidden is not None
    page = "User talk:Shy"
    said = Message.of("mentorwatch-outcome-opted-out-on", page=page, why=denied)
    assert (
        message_text(said)
        == f"{page} asks bots not to post there ({{{{bots|deny=MentorwatchBot}}}})"
    )
    assert (
        message_text(hidden) == "{{bots}} through another template (its parameters cannot be read)"
    )
    russian = message_text(said._replace(params=(("page", page), ("why", hidden))), Style("ru"))
    assert russian == (
        f"на странице {page} ботов просят не публиковать "
        "({{bots}} через другой шаблон (параметры шаблона прочитать нельзя))"
    )


def test_a_mentor_with_no_activity_on_record_is_warned_before_removal() -> None:
    decision = decide_one(REMOVAL_WARN)  # no edit, no registration date
    assert decision.action is Action.WARN
    assert "removal waits for the warning" in reason_text(decision)
    assert decision.warn_removal_on == NOW + 7 * DAY


def test_an_active_mentor_is_told_when_the_warning_would_come() -> None:
    decision = decide_one(REMOVAL_WARN, last_edit_at=NOW - 5 * DAY)
    assert decision.action is Action.KEEP
    assert (decision.next_action, decision.next_action_after) == (Action.WARN, NOW + 18 * DAY)
    assert "within the warning threshold of 23 days" in reason_text(decision)
    with_away = decide_one(WARNING, last_edit_at=NOW - 5 * DAY)
    assert with_away.next_action is Action.MARK_AWAY  # away (10 days) comes first


# --- a warning the wiki refused (issue 21) ------------------------------------------------


def refused(last_edit: object, attempts: int) -> Undelivered:
    subject = format_timestamp(last_edit)  # type: ignore[arg-type]
    return Undelivered(WriteAction.WARN, "Mentor3", subject, attempts, "permissiondenied")


def test_a_warning_the_wiki_refused_is_due_again_and_says_so() -> None:
    last_edit = NOW - 40 * DAY
    decision = decide_one(
        REMOVAL_WARN, last_edit_at=last_edit, undelivered=(refused(last_edit, 1),)
    )
    assert decision.action is Action.WARN and decision.warn_removal_on == NOW + 7 * DAY
    assert "could not be posted on their talk page in 1 run" in reason_text(decision)
    assert "tried again, up to 3 runs" in reason_text(decision)
    assert Flag.MESSAGE_UNDELIVERED not in decision.flags


def test_a_warning_given_up_on_is_not_tried_and_its_removal_waits_for_an_admin() -> None:
    last_edit = NOW - 60 * DAY
    decision = decide_one(
        REMOVAL_WARN, last_edit_at=last_edit, undelivered=(refused(last_edit, 3),)
    )
    assert decision.action is Action.KEEP and decision.warn_removal_on is None
    assert "removal waits for the warning, which could not be posted" in reason_text(decision)
    assert "Needs an admin: the warning before removal could not be posted" in reason_text(decision)
    assert Flag.MESSAGE_UNDELIVERED in decision.flags
    assert decision.next_action is None  # no removal date to show: it waits for the admin
    # a new episode (the mentor edited) starts over
    edited = decide_one(
        REMOVAL_WARN, last_edit_at=NOW - 24 * DAY, undelivered=(refused(last_edit, 3),)
    )
    assert edited.action is Action.WARN and Flag.MESSAGE_UNDELIVERED not in edited.flags


def test_undelivered_messages_round_trip_in_the_snapshot() -> None:
    snapshot = Snapshot(
        now=NOW,
        config=REMOVAL_WARN,
        mentors=(),
        activity={},
        undelivered={3: (refused(NOW - 40 * DAY, 2),)},
    )
    document = encode_snapshot(snapshot)
    assert document["undelivered"]["3"][0]["attempts"] == 2
    assert decode_snapshot(document).undelivered == snapshot.undelivered
