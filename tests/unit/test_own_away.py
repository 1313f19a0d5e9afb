"""A mentor's own away saved by the service (``service/own_away.py``): as the mentor, else on
their behalf by mentorwatch's account, and only where that account may; each save journaled.
The wiki side is the paper wiki of :mod:`tests.unit.test_web_routes`; the journal is real."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from mentorwatch.domain.config import CommunityConfig
from mentorwatch.domain.timeutil import format_timestamp
from mentorwatch.service.own_away import (
    AwaySaved,
    NotSavedForThem,
    come_back,
    read_own_entry,
    read_removal_forecast,
    save_own_away,
)
from mentorwatch.service.web_writes import JournaledWrites
from mentorwatch.store.journal import Journal
from mentorwatch.wiki.errors import ApiError, WikiError
from mentorwatch.wiki.growth import GrowthBackend
from mentorwatch.wiki.mentorlist import EntryChanged, MentorListBackend, RawEntry, Written

from .builders import DAY, NOW
from .test_web_routes import API, MIRA, PAGE_PROTECTED, PaperBackend, PaperClient

REFUSED = ApiError("protectednamespace-interface", "You do not have permission.")
UNTIL = NOW + 10 * DAY


@dataclass(frozen=True)
class Asker:
    name: str = "Mira"
    user_id: int = MIRA


class BackPaperBackend(PaperBackend):
    def set_own_active(self, user_id: int, username: str, entry: RawEntry, summary: str) -> Written:
        self._fail_if_told()
        back = {key: value for key, value in entry.items() if key != "awayTimestamp"}
        self.entries[str(user_id)] = back
        self.away_summaries.append(summary)
        return Written(back, 301)


@pytest.fixture
def journal(tmp_path: Path) -> Journal:
    return Journal(f"sqlite:///{tmp_path / 'journal.db'}")


@pytest.fixture
def writes(journal: Journal) -> JournaledWrites:
    return JournaledWrites(journal, API, lambda: NOW)


@pytest.fixture
def mentor() -> PaperBackend:
    return PaperBackend()


def account(shared: PaperBackend, name: str | None = "Mentorwatch-bot") -> PaperBackend:
    """mentorwatch's own account (signed in as ``name``), sharing the wiki's list."""
    operator = BackPaperBackend(name)
    operator.entries = shared.entries
    return operator


def never() -> MentorListBackend:
    raise AssertionError("mentorwatch's account was asked for")


def save(
    writes: JournaledWrites, mentor: PaperBackend, operator: Callable[[], MentorListBackend]
) -> AwaySaved:
    entry = dict(mentor.entries[str(MIRA)])
    return save_own_away(writes, Asker(), mentor, entry, UNTIL, operator)


def statuses(journal: Journal) -> list[tuple[str, str, str]]:
    return [(a.action, a.status, a.username) for a in journal.actions.find()]


def test_the_mentors_own_save_needs_no_other_account(
    writes: JournaledWrites, mentor: PaperBackend, journal: Journal
) -> None:
    saved = save(writes, mentor, never)
    assert (saved.until, saved.on_behalf) == (UNTIL, False)
    assert mentor.entries[str(MIRA)]["awayTimestamp"] == format_timestamp(UNTIL)
    assert mentor.away_summaries == ["Mira is away until 5 December 2026 (via mentorwatch)"]
    assert statuses(journal) == [("self_away", "done", "Mira")]


def test_refused_the_mentor_mentorwatchs_account_saves_it_on_their_behalf(
    writes: JournaledWrites, mentor: PaperBackend, journal: Journal
) -> None:
    mentor.failure = REFUSED
    operator = account(mentor)
    saved = save(writes, mentor, lambda: operator)
    assert (saved.until, saved.on_behalf) == (UNTIL, True)
    assert mentor.entries[str(MIRA)]["awayTimestamp"] == format_timestamp(UNTIL)
    assert operator.away_summaries[0].startswith("Mira set away until 5 December 2026 by Mira")
    assert statuses(journal) == [("self_away", "failed", "Mira"), ("self_away", "done", "Mira")]


def test_on_a_korean_wiki_the_summaries_are_korean(
    writes: JournaledWrites, mentor: PaperBackend
) -> None:
    """The summary is in the wiki's content language (siteinfo), the date as Koreans write
    it, whoever saves it: the mentor, or mentorwatch's account for them."""
    mentor.paper.language = "ko"
    assert save(writes, mentor, never).on_behalf is False
    assert mentor.away_summaries == ["Mira님이 2026년 12월 5일까지 부재중입니다(mentorwatch 사용)"]
    refused = PaperBackend()
    refused.failure = REFUSED
    operator = account(refused)
    operator.paper.language = "ko"
    assert save(writes, refused, lambda: operator).on_behalf
    assert operator.away_summaries == [
        "Mira님이 mentorwatch에서 2026년 12월 5일까지 부재중으로 설정했습니다"
        f"(위키가 {operator.list_page} 편집을 허용하지 않아 mentorwatch 계정이 저장함)"
    ]


@pytest.mark.parametrize(
    "operator",
    [
        lambda shared: account(shared, name=None),  # not signed in: anonymous edits
        lambda shared: GrowthBackend(PaperClient(lambda: None, "Mentorwatch-bot")),
    ],
    ids=["anonymous", "growthexperiments-api"],
)
def test_an_account_that_may_not_save_for_the_mentor_leaves_their_refusal(
    writes: JournaledWrites,
    mentor: PaperBackend,
    journal: Journal,
    operator: Callable[[PaperBackend], MentorListBackend],
) -> None:
    mentor.failure = REFUSED
    before = dict(mentor.entries[str(MIRA)])
    other = operator(mentor)
    with pytest.raises(ApiError) as raised:
        save(writes, mentor, lambda: other)
    assert raised.value is REFUSED
    assert mentor.entries[str(MIRA)] == before
    assert statuses(journal) == [("self_away", "failed", "Mira")]


def test_while_the_rules_page_is_not_trusted_mentorwatchs_account_saves_nothing(
    writes: JournaledWrites, mentor: PaperBackend, journal: Journal
) -> None:
    """Whoever could edit an unprotected rules page could switch removal off to lift the limit
    and have mentorwatch's account save a long away for them: its rules are not used, and the
    account writes nothing for anyone while it is so."""
    mentor.failure = REFUSED
    operator = account(mentor)
    lifted = json.dumps({"RemoveInactiveMentors": False})
    operator.paper.pages[operator.rules_page] = (150, lifted)  # unprotected
    before = dict(mentor.entries[str(MIRA)])
    with pytest.raises(ApiError) as raised:
        save(writes, mentor, lambda: operator)
    assert raised.value is REFUSED and mentor.entries[str(MIRA)] == before
    assert operator.writes == 0 and statuses(journal) == [("self_away", "failed", "Mira")]
    operator.paper.protected.add(operator.rules_page)  # an administrator's page: used
    assert save(writes, mentor, lambda: operator).on_behalf


def test_an_account_that_cannot_connect_leaves_the_mentors_refusal(
    writes: JournaledWrites, mentor: PaperBackend
) -> None:
    mentor.failure = REFUSED

    def unreachable() -> MentorListBackend:
        raise WikiError("the operator's sign-in failed")

    with pytest.raises(ApiError) as raised:
        save(writes, mentor, unreachable)
    assert raised.value is REFUSED


def test_a_failure_that_is_no_refusal_is_never_saved_by_another_account(
    writes: JournaledWrites, mentor: PaperBackend
) -> None:
    mentor.failure = ApiError("readonly", "The wiki is in read-only mode.")
    with pytest.raises(ApiError, match="readonly"):
        save(writes, mentor, never)


def test_an_entry_changed_since_it_was_read_is_not_saved_on_behalf(
    writes: JournaledWrites, mentor: PaperBackend, journal: Journal
) -> None:
    mentor.failure = REFUSED
    operator = account(mentor)
    entry = dict(mentor.entries[str(MIRA)])
    mentor.entries[str(MIRA)] = {**entry, "weight": 0}  # changed meanwhile
    with pytest.raises(EntryChanged):
        save_own_away(writes, Asker(), mentor, entry, UNTIL, lambda: operator)
    assert operator.writes == 0 and "awayTimestamp" not in mentor.entries[str(MIRA)]
    assert statuses(journal) == [("self_away", "failed", "Mira")]


def test_coming_back_ends_the_away_as_the_mentor(writes: JournaledWrites, journal: Journal) -> None:
    mentor = BackPaperBackend()
    away = {**mentor.entries[str(MIRA)], "awayTimestamp": format_timestamp(UNTIL)}
    mentor.entries[str(MIRA)] = away
    assert come_back(writes, Asker(), mentor, away, never) == 301
    assert "awayTimestamp" not in mentor.entries[str(MIRA)]
    assert statuses(journal) == [("self_back", "done", "Mira")]


def test_the_own_entry_comes_with_the_rules_a_self_set_away_follows(
    mentor: PaperBackend,
) -> None:
    own = read_own_entry(mentor, Asker(), NOW)
    assert own.entry == mentor.entries[str(MIRA)]
    assert (own.rules.autoremove_enabled, own.rules.autoremove_after_days) == (True, 30)
    assert read_own_entry(mentor, Asker(name="Ana", user_id=99), NOW).entry is None


def test_the_last_edit_is_read_only_while_removal_is_on(mentor: PaperBackend) -> None:
    asked: list[str] = []
    original = mentor.paper.get

    def counting(**params: object) -> dict[str, object]:
        asked.append(str(params.get("list")))
        return original(**params)

    mentor.paper.get = counting  # type: ignore[method-assign]
    off = read_removal_forecast(CommunityConfig(), mentor, Asker(), NOW)
    assert off.removal_on is None and asked == []
    on = read_removal_forecast(CommunityConfig(autoremove_enabled=True), mentor, Asker(), NOW)
    assert on.removal_on == NOW - 2 * DAY + 30 * DAY and asked == ["usercontribs"]


# --- never on behalf of a mentor the wiki refuses for more than the page's protection -----

BLOCK_INFO = {
    "blockid": 5,
    "blockedby": "Admin",
    "blockreason": "vandalism",
    "blockexpiry": "infinite",
    "blockpartial": False,
}
BLOCKED = {"code": "blocked", "text": "You have been blocked from editing."}
PARTIAL_INFO = {**BLOCK_INFO, "blockpartial": True}
PARTIAL = {**BLOCKED, "data": {"blockinfo": PARTIAL_INFO}}


@pytest.mark.parametrize(
    ("userinfo", "reasons", "partial"),
    [
        (BLOCK_INFO, [*PAGE_PROTECTED, BLOCKED], False),  # sitewide, as the wiki says it
        (BLOCK_INFO, PAGE_PROTECTED, False),  # sitewide, even if the page's reasons missed it
        (PARTIAL_INFO, [*PAGE_PROTECTED, PARTIAL], True),  # from the list page or its namespace
    ],
    ids=["sitewide", "sitewide-userinfo-only", "partial-covering-the-list"],
)
def test_a_blocked_mentor_is_never_saved_for(
    writes: JournaledWrites,
    mentor: PaperBackend,
    journal: Journal,
    userinfo: dict[str, object],
    reasons: list[dict[str, object]],
    partial: bool,
) -> None:
    mentor.failure = REFUSED  # the wiki names the page's protection first
    mentor.paper.userinfo |= userinfo
    mentor.paper.edit_reasons = reasons
    operator = account(mentor)
    with pytest.raises(NotSavedForThem) as raised:
        save(writes, mentor, lambda: operator)
    block = raised.value.standing.block
    assert block is not None and (block.by, block.partial) == ("Admin", partial)
    assert operator.writes == 0 and "awayTimestamp" not in mentor.entries[str(MIRA)]
    assert statuses(journal) == [("self_away", "failed", "Mira")]


def test_a_sign_in_that_may_not_edit_is_never_saved_for(
    writes: JournaledWrites, mentor: PaperBackend
) -> None:
    """A bot password with only the ``basic`` grant: its session has no ``edit`` right."""
    mentor.failure = ApiError("permissiondenied", "The action you have requested is limited.")
    mentor.paper.userinfo["rights"] = ["read", "autoconfirmed"]
    mentor.paper.edit_reasons = [{"code": "permissiondenied", "text": "limited"}, *PAGE_PROTECTED]
    operator = account(mentor)
    with pytest.raises(NotSavedForThem) as raised:
        save(writes, mentor, lambda: operator)
    assert raised.value.standing.missing_grants == ("editpage",)
    assert operator.writes == 0


def test_any_reason_but_the_pages_protection_is_never_saved_for(
    writes: JournaledWrites, mentor: PaperBackend
) -> None:
    mentor.failure = REFUSED
    filtered = {"code": "abusefilter-disallowed", "text": "This action has been disallowed."}
    mentor.paper.edit_reasons = [*PAGE_PROTECTED, filtered]
    operator = account(mentor)
    with pytest.raises(NotSavedForThem) as raised:
        save(writes, mentor, lambda: operator)
    assert [reason.code for reason in raised.value.standing.other] == ["abusefilter-disallowed"]
    assert operator.writes == 0


def test_a_partial_block_from_another_page_does_not_stop_the_save(
    writes: JournaledWrites, mentor: PaperBackend
) -> None:
    """The wiki would let them edit the list but for its protection: the block is elsewhere."""
    mentor.failure = REFUSED
    mentor.paper.userinfo |= PARTIAL_INFO
    operator = account(mentor)
    assert save(writes, mentor, lambda: operator).on_behalf


def test_coming_back_early_is_saved_on_behalf_like_going_away(
    writes: JournaledWrites, journal: Journal
) -> None:
    mentor = BackPaperBackend()
    away = {**mentor.entries[str(MIRA)], "awayTimestamp": format_timestamp(UNTIL)}
    mentor.entries[str(MIRA)] = away
    mentor.failure = REFUSED
    operator = account(mentor)
    assert come_back(writes, Asker(), mentor, away, lambda: operator) == 301
    assert "awayTimestamp" not in mentor.entries[str(MIRA)]
    assert operator.away_summaries == [
        "Mira is back from away by Mira via mentorwatch (saved by mentorwatch's account: the "
        f"wiki does not let them edit {operator.list_page})"
    ]
    assert statuses(journal) == [("self_back", "failed", "Mira"), ("self_back", "done", "Mira")]


def test_coming_back_early_is_never_saved_for_a_blocked_mentor(
    writes: JournaledWrites,
) -> None:
    mentor = BackPaperBackend()
    away = {**mentor.entries[str(MIRA)], "awayTimestamp": format_timestamp(UNTIL)}
    mentor.entries[str(MIRA)] = away
    mentor.failure = REFUSED
    mentor.paper.userinfo |= BLOCK_INFO
    operator = account(mentor)
    with pytest.raises(NotSavedForThem):
        come_back(writes, Asker(), mentor, away, lambda: operator)
    assert mentor.entries[str(MIRA)] == away and operator.writes == 0
