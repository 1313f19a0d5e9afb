"""A run's report as the operator reads it: the pool, mentees' questions and the nudges posted
(``mentorwatch run``), in the operator's language."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest

from mentorwatch.cli.run_text import report_to_text
from mentorwatch.cli.speech import speak
from mentorwatch.domain.config import CommunityConfig
from mentorwatch.domain.languages import SOURCE_LANGUAGE
from mentorwatch.domain.message import Message
from mentorwatch.domain.outcomes import Outcome, Status, WriteAction, WriteKind
from mentorwatch.domain.planner import plan
from mentorwatch.domain.questions import Question, QuestionsRecord
from mentorwatch.service.run_report import RunReport
from mentorwatch.wiki.mentorlist import Capabilities

from .builders import DAY, NOW, mentor
from .questions_world import snapshot_of

NUDGING = CommunityConfig(nudge_enabled=True, minimum_pool=2)
#: Mentor1 has two questions waiting (9 and 8 days), Mentor2 one; Mentor3 none
WAITING = QuestionsRecord(
    (
        Question(1, "Ann", NOW - 9 * DAY, 77, "Help"),
        Question(1, "Bo", NOW - 8 * DAY, 78, "Images"),
        Question(2, "Cy", NOW - 10 * DAY, 79, "Sources"),
    ),
    new_accounts_per_week=90,
)


@pytest.fixture
def language() -> Iterator[None]:
    yield
    speak(SOURCE_LANGUAGE)


def report(statuses: dict[int, Status], *, dry_run: bool = False) -> RunReport:
    """A run on three mentors where the nudges to Mentor1 and Mentor2 ended as ``statuses``."""
    snapshot = replace(snapshot_of([mentor(1), mentor(2), mentor(3)], NUDGING), questions=WAITING)
    outcomes = [
        Outcome(user_id, f"Mentor{user_id}", WriteAction.NUDGE, status, "", 1, WriteKind.MESSAGE)
        for user_id, status in statuses.items()
    ]
    return RunReport(
        1,
        "https://wiki.test/w/api.php",
        dry_run,
        Capabilities("jsonpage", True, True),
        plan(snapshot),
        (),
        outcomes,
    )


def test_a_run_says_the_pool_the_waiting_questions_and_the_nudges_it_posted() -> None:
    text = report_to_text(report({1: Status.DONE, 2: Status.FAILED}))
    assert (
        "Taking newcomers: 3 of 3 mentors now, 3 after this plan (the community's minimum is 2)."
        in text
    )
    assert "New accounts in the last week: 90, about 30.0 per mentor taking newcomers." in text
    assert (
        "Mentees' questions in the last 30 days: 3 asked, 0 answered, 3 waiting longer than "
        "7 days." in text
    )
    assert "waiting: Mentor2: Cy, asked " in text and "Special:Diff/79" in text
    assert "Nudges posted to 1 of 2 mentors due, listing 2 waiting questions." in text
    assert "nudge not posted: Mentor2 (its outcome above says why)" in text
    assert "nudge not posted: Mentor1" not in text
    assert "nudge due" not in text  # posted or not, not "due": the run wrote


def test_a_dry_run_says_the_nudges_due_and_posts_none() -> None:
    text = report_to_text(report({1: Status.PLANNED, 2: Status.PLANNED}, dry_run=True))
    assert "nudge due: Mentor1 (2 questions)" in text and "nudge due: Mentor2 (1 question)" in text
    assert "Nudges posted" not in text


@pytest.mark.usefixtures("language")
@pytest.mark.parametrize(
    ("code", "said"),
    [
        (
            "ru",
            "Напоминания опубликованы для 2 из 2 наставников, кому они положены; в них "
            "3 вопроса без ответа.",
        ),
        ("ar", "نُشرت التذكيرات لـ2 من مرشدَين مستحقين، وتذكر 3 أسئلة منتظرة."),
        ("ko", "알림 게시: 대상 멘토 2명 중 2명, 답변을 기다리는 질문 3개."),
        ("de", "Erinnerungen an 2 von 2 fälligen Mentoren veröffentlicht, mit 3 wartenden Fragen."),
    ],
)
def test_the_nudges_posted_are_said_in_the_operators_language_with_its_plurals(
    code: str, said: str
) -> None:
    speak(code)
    assert said in report_to_text(report({1: Status.DONE, 2: Status.DONE}))


@pytest.mark.usefixtures("language")
def test_russian_and_arabic_say_one_question_in_its_own_form() -> None:
    only = replace(WAITING, questions=WAITING.questions[2:])
    snapshot = replace(snapshot_of([mentor(1), mentor(2)], NUDGING), questions=only)
    done = [Outcome(2, "Mentor2", WriteAction.NUDGE, Status.DONE, "", 1, WriteKind.MESSAGE)]
    one = RunReport(
        1,
        "https://wiki.test/w/api.php",
        False,
        Capabilities("jsonpage", True, True),
        plan(snapshot),
        (),
        done,
    )
    speak("ru")
    assert "из 1 наставника, кому они положены; в них 1 вопрос без ответа." in report_to_text(one)
    speak("ar")
    assert "لـ1 من مرشد واحد مستحقين، وتذكر سؤالًا واحدًا منتظرًا." in report_to_text(one)


@pytest.mark.usefixtures("language")
def test_an_outcomes_detail_is_said_in_the_operators_language() -> None:
    posted = Message.of("mentorwatch-outcome-message-posted", page="User talk:Mentor1")
    done = Outcome(1, "Mentor1", WriteAction.NUDGE, Status.DONE, "", 1, WriteKind.MESSAGE)
    ran = replace(report({}), outcomes=[done.said(posted)])
    assert "(message posted on User talk:Mentor1)" in report_to_text(ran)
    speak("ko")
    assert "(User talk:Mentor1에 메시지를 게시함)" in report_to_text(ran)
