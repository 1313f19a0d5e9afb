"""On the wiki, the wiki's language: summaries and talk-page texts in its content language,
the wiki's own wording of GrowthExperiments' cleaner first, the operator's and the community's
texts over everything, dates as the wiki's readers write them."""

from __future__ import annotations

from dataclasses import replace

from mentorwatch.domain.nudge import Nudge
from mentorwatch.domain.questions import Question
from mentorwatch.domain.wiki_texts import Summaries
from mentorwatch.language.wiki_words import OWN_WORDING, WikiWords, words_for

from .builders import DAY, NOW, WARNING, decide_one

RULES = WARNING  # away after 10 days, removal after 30, warned 7 days before
KOREAN_GE = "멘토 $1님이 $2일 동안 비활성화 상태였기 때문에 부재중으로 표시합니다"


def test_english_summaries_read_as_they_did() -> None:
    decision = decide_one(RULES, last_edit_at=NOW - 12 * DAY)
    words = WikiWords()
    assert (
        words.summary("mark_away", decision)
        == "Marking mentor Mentor3 as away, inactive for 12 days"
    )
    assert words.reassign("Mentor3", None) == (
        "Mentor Mentor3 was removed from mentorship after many days of inactivity"
    )
    assert words.undo("Mentor3", 7) == "Undoing mentorwatch run #7 for mentor Mentor3"
    assert words.paused("S", decision, 2) == (
        "S; weight 0 meanwhile (not their choice): restored to 2 when they edit"
    )


def test_a_korean_wiki_gets_korean_summaries_and_its_own_growthexperiments_wording() -> None:
    decision = decide_one(RULES, last_edit_at=NOW - 12 * DAY)
    own = {OWN_WORDING["mark_away"]: KOREAN_GE}
    words = words_for(Summaries(), "ko", own)
    assert words.summary("mark_away", decision) == (
        "멘토 Mentor3님이 12일 동안 비활성화 상태였기 때문에 부재중으로 표시합니다"
    )
    assert words.summary("renew_away", decision).startswith("멘토 Mentor3님이 12일 동안")
    assert "Mentor" in words.summary("warn", decision) and "inactive" not in words.summary(
        "warn", decision
    )


def test_the_operators_summary_comes_before_the_wikis_own_wording() -> None:
    decision = decide_one(RULES, last_edit_at=NOW - 12 * DAY)
    own = {OWN_WORDING["remove"]: "제거 $1"}
    words = words_for(Summaries(remove="bye $1 ($2)"), "ko", own)
    assert words.summary("remove", decision) == "bye Mentor3 (12)"


def test_wording_the_wiki_would_have_to_parse_is_not_used() -> None:
    decision = decide_one(RULES, last_edit_at=NOW - 12 * DAY)
    own = {OWN_WORDING["remove"]: "Removing $1, {{PLURAL:$2|one day|$2 days}}"}
    words = words_for(Summaries(), "en", own)
    assert words.summary("remove", decision) == "Removing mentor Mentor3, inactive for 12 days"


def test_the_warning_is_in_the_wikis_language_with_its_date_unless_the_community_wrote_one() -> (
    None
):
    words = words_for(Summaries(), "ko", {})
    heading, text = words.warning(RULES, "멘토A", NOW + 7 * DAY)
    assert heading == "멘토 목록에서의 자리"
    assert "멘토A님, 안녕하세요" in text and "'''2026년 12월 2일'''" in text
    assert "30일" in text and "December" not in text
    custom = replace(RULES, warning_heading="$4 님", warning_text="$1 / $2 / $3 / $5")
    assert words.warning(custom, "멘토A", NOW + 7 * DAY) == (
        "멘토A 님",
        "2026년 12월 2일 / 30 / 10 / 7",
    )


def test_notices_in_russian_and_arabic_with_their_dates() -> None:
    heading, text = words_for(Summaries(), "ru", {}).action_notice(
        "mark_away", "Ника", RULES, NOW + 20 * DAY
    )
    assert heading == "Вам присвоен статус «не на месте»"
    assert "более 10 дней" in text and "до 15 декабря 2026" in text
    heading, text = words_for(Summaries(), "ar", {}).away_notice("هدى", NOW + 40 * DAY, NOW + DAY)
    assert heading == "فترة «غير متوفّر» وقائمة المرشدين" and "هدى" in text
    assert "4 يناير 2027" in text and "26 نوفمبر 2026" in text and "January" not in text


def test_a_name_never_brings_markup_into_the_wikitext() -> None:
    name = "O''Neil}} [[Category:X]] ~~~~ {{nobots}}"
    heading, text = words_for(Summaries(), "en", {}).action_notice("remove", name, RULES, None)
    assert heading == "You were removed from the mentor list"
    said = text.removesuffix("~~~~")
    for markup in ("''", "}}", "[[", "~~~", "{{"):
        assert markup not in said
    assert "O&#39;&#39;Neil&#125;&#125;" in said
    custom = replace(RULES, warning_heading="Hi $4 ==", warning_text="$4")
    heading, text = words_for(Summaries(), "ko", {}).warning(custom, name, NOW)
    assert "[[" not in heading + text and "{{" not in heading + text


def test_the_community_writes_its_own_notices_on_the_rules_page() -> None:
    """NoticeHeading/NoticeText and AwayNoticeHeading/AwayNoticeText replace the catalogue's
    notices as WarningHeading/WarningText replace the warning: ``$N`` filled in, what was done
    and the dates in the wiki's language, the mentor's name as plain text."""
    custom = replace(
        RULES,
        notice_heading="$1: $2",
        notice_text="$1 — $2 ($3 / $4)",
        away_notice_heading="",
        away_notice_text="$1: $2 > $3",
    )
    words = words_for(Summaries(), "ko", {})
    assert words.action_notice("mark_away", "멘토A", custom, NOW + 20 * DAY) == (
        "멘토A: 부재중으로 표시됨",
        "멘토A — 부재중으로 표시됨 (10 / 2026년 12월 15일)",
    )
    assert words.action_notice("remove", "멘토A", custom, None)[1] == (
        "멘토A — 멘토 목록에서 제거됨 (30 / )"
    )
    heading, text = words.away_notice("멘토A", NOW + 40 * DAY, NOW + DAY, custom)
    assert heading == words.away_notice("멘토A", NOW + 40 * DAY, NOW + DAY)[0]  # the catalogue's
    assert text == "멘토A: 2027년 1월 4일 > 2026년 11월 26일"
    english = words_for(Summaries(), "en", {})
    heading, text = english.action_notice("pause", "O''Neil", custom, None)
    assert heading == "O&#39;&#39;Neil: no new newcomers assigned for now"
    assert text == "O&#39;&#39;Neil — no new newcomers assigned for now (10 / )"
    # no community text: the catalogue's, as before
    assert english.action_notice("remove", "Ann", RULES, None)[0] == (
        "You were removed from the mentor list"
    )


def test_a_notice_heading_stays_one_section_title() -> None:
    custom = replace(RULES, notice_heading="== $1 ==\n[[Category:X]]")
    heading, _ = words_for(Summaries(), "en", {}).action_notice("remove", "Ann", custom, None)
    assert "\n" not in heading and not heading.startswith("=")


def test_a_notice_says_the_mentor_as_their_gender_preference_says_where_the_language_needs() -> (
    None
):
    """German and Arabic notices name a female mentor as such ({{GENDER:}}), from the gender
    the run read for the mentors it writes to; unknown reads as the catalogue's default."""
    genders = {"Anna": "f", "Bernd": "m"}
    german = words_for(Summaries(), "de", {}).with_genders(genders)
    assert "wieder als Mentorin eintragen" in german.action_notice("remove", "Anna", RULES, None)[1]
    assert "wieder als Mentor eintragen" in german.action_notice("remove", "Bernd", RULES, None)[1]
    assert "wieder als Mentor eintragen" in german.action_notice("remove", "Chris", RULES, None)[1]
    _, away = german.away_notice("Anna", NOW + 40 * DAY, NOW + DAY)
    assert "Um Mentorin zu bleiben" in away
    arabic = words_for(Summaries(), "ar", {}).with_genders({"هدى": "f", "علي": "m"})
    assert "مرشدةً من جديد" in arabic.action_notice("remove", "هدى", RULES, None)[1]
    assert "مرشدًا من جديد" in arabic.action_notice("remove", "علي", RULES, None)[1]
    _, told = arabic.action_notice("mark_away", "هدى", RULES, None)
    assert "عدّلي أو غيّري" in told and "GENDER" not in told
    # English, Korean and Russian need no gender here: the same text for everyone
    english = words_for(Summaries(), "en", {})
    assert english.with_genders({"Anna": "f"}).action_notice("remove", "Anna", RULES, None) == (
        english.action_notice("remove", "Anna", RULES, None)
    )


def test_a_community_rules_notice_takes_the_gender_and_the_communitys_text() -> None:
    """The notice of a community rule's removal (issue 24) names a female mentor as such in
    German, and the rules page's NoticeText replaces it too, ``$3`` the rule's evidence."""
    from mentorwatch.domain.message import Message

    retired = Message.of("mentorwatch-rule-retired", template="Vorlage:Inaktiv")
    german = words_for(Summaries(), "de", {}).with_genders({"Anna": "f"})
    _, text = german.action_notice("remove", "Anna", RULES, None, retired)
    assert "wieder als Mentorin eintragen" in text and "Vorlage:Inaktiv" in text
    custom = replace(RULES, notice_text="$1: $2 ($3)")
    english = words_for(Summaries(), "en", {})
    heading, text = english.action_notice("remove", "Ann", custom, None, retired)
    assert heading == "You were removed from the mentor list"  # no NoticeHeading: the default
    assert text == (
        "Ann: removed from the mentor list (Their user page shows Vorlage:Inaktiv, which this "
        "wiki counts as retired)"
    )


def test_the_community_writes_its_own_nudge_on_the_rules_page() -> None:
    """NudgeHeading/NudgeText replace the catalogue's nudge as NoticeHeading/NoticeText do:
    ``$N`` filled in, the questions linked and listed as the wiki's language lists them."""
    asked = (Question(1, "Bo", NOW - 9 * DAY, 77, "Help"), Question(1, "Cy", NOW, 78, "Images"))
    nudge = Nudge(1, "O''Neil", asked)
    custom = replace(RULES, nudge_heading="$1: $2", nudge_text="$2 > $3: $4")
    english = words_for(Summaries(), "en", {})
    assert english.nudge(nudge, 7) == english.nudge(nudge, 7, RULES)  # none set: the catalogue's
    assert "waited more than 7 days" in english.nudge(nudge, 7)[1]
    heading, text = english.nudge(nudge, 7, custom)
    assert heading == "O&#39;&#39;Neil: 2"
    assert text.startswith("2 > 7: [[Special:Diff/77|the question from Bo]]")
    assert "and [[Special:Diff/78|the question from Cy]]" in text
    korean = words_for(Summaries(), "ko", {}).nudge(nudge, 7, custom)[1]
    assert korean.startswith("2 > 7: [[Special:Diff/77|") and " 및 " in korean
