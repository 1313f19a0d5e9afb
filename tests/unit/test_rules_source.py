"""Whether mentorwatch acts on a rules page (domain/rules_source.py): only a page only
administrators can change (protected for edit and move, in force; or in the MediaWiki
namespace), with the JSON content model; anything else refused, naming the page, its
protection and its last editor, with the fix."""

from __future__ import annotations

import pytest

from mentorwatch.domain.message import Message
from mentorwatch.domain.rules_source import (
    PageInfo,
    Protection,
    RulesSource,
    RulesSourceError,
    Trust,
    decode_rules_source,
    judge_rules_page,
)
from mentorwatch.language.catalogue import Style, catalogue
from mentorwatch.language.render import message_text

from .builders import DAY, NOW


def text(said: Message | None) -> str:
    """A message of the domain as the English reader reads it ("" for none)."""
    return "" if said is None else message_text(said)


TITLE = "Project:Mentorwatch/Rules.json"
EDIT = Protection("edit", "sysop")
MOVE = Protection("move", "sysop")


def page(
    *protection: Protection, model: str = "json", namespace: int = 4, editor: str = "Admin"
) -> PageInfo:
    """The rules page at revision 12 by ``editor``, with these protections in force."""
    return PageInfo(TITLE, namespace, True, 12, editor, model, protection)


def test_a_json_page_protected_for_edit_and_move_is_trusted() -> None:
    source = judge_rules_page(page(EDIT, MOVE), NOW)
    assert (source.trust, source.refusal, source.revision, source.editor) == (
        Trust.PROTECTED,
        None,
        12,
        "Admin",
    )
    assert text(source.basis) == (
        "protected, edit: administrators only, infinite; move: administrators only, infinite"
    )
    assert text(source.describe()) == (
        f"{TITLE}, revision 12 by Admin (trusted: protected, edit: administrators only, "
        "infinite; move: administrators only, infinite)"
    )


def test_a_page_of_the_mediawiki_namespace_is_trusted_by_its_namespace() -> None:
    source = judge_rules_page(page(namespace=8), NOW)
    assert source.trust is Trust.INTERFACE and source.refusal is None
    assert "only interface administrators can edit" in text(source.basis)


@pytest.mark.parametrize(
    ("protection", "said"),
    [
        ((), "protection: none"),
        ((EDIT,), "protection: edit: administrators only, infinite"),
        ((MOVE,), "protection: move: administrators only, infinite"),
        (
            (Protection("edit", "autoconfirmed"), MOVE),
            "protection: edit: autoconfirmed users, infinite",
        ),
        ((Protection("edit", "sysop", NOW - DAY), MOVE), "protection: move: administrators"),
        ((Protection("edit", "sysop", cascading_from="Main Page"),), "cascading from Main Page"),
        ((Protection("move", "sysop", cascading_from="Main Page"), EDIT), "Main Page; edit: admin"),
    ],
    ids=["none", "edit-only", "move-only", "semi", "expired", "cascade-only", "cascaded-move"],
)
def test_anything_less_is_refused_naming_page_protection_and_editor(
    protection: tuple[Protection, ...], said: str
) -> None:
    source = judge_rules_page(page(*protection, editor="127.0.0.1"), NOW)
    assert source.trust is Trust.NONE and source.refusal is not None
    assert text(source.refusal).startswith(
        f"{TITLE} (revision 12, last edited by 127.0.0.1) is not used: it is not protected"
    )
    assert said in text(source.refusal)
    assert text(source.refusal).endswith(
        "Fix: protect it: Special:Protect, Edit and Move: Allow only administrators, infinite."
    )
    assert text(source.describe()) == f"{TITLE}, revision 12 by 127.0.0.1: NOT USED (not trusted)"


def test_a_cascading_edit_protection_with_a_move_protection_is_trusted() -> None:
    cascaded = Protection("edit", "sysop", cascading_from="Project:Protected pages")
    assert judge_rules_page(page(cascaded, MOVE), NOW).trust is Trust.PROTECTED


def test_a_protection_that_ends_is_trusted_until_then_and_says_so() -> None:
    ends = NOW + 3 * DAY
    source = judge_rules_page(page(Protection("edit", "sysop", ends), MOVE), NOW)
    assert source.trust is Trust.PROTECTED
    assert "after 2026-11-28T12:00:00Z mentorwatch refuses the rules" in text(source.basis)
    assert judge_rules_page(page(Protection("edit", "sysop", ends), MOVE), ends).refusal


def test_a_protected_wikitext_page_is_refused_for_its_content_model() -> None:
    source = judge_rules_page(page(EDIT, MOVE, model="wikitext"), NOW)
    assert source.refusal is not None and "not protected" not in text(source.refusal)
    assert "its content model is wikitext, not JSON" in text(source.refusal)
    assert "Special:ChangeContentModel" in text(source.refusal)
    unreadable = judge_rules_page(page(model="wikitext"), NOW, "its text is not valid JSON: x")
    assert unreadable.refusal is not None
    assert "and its text cannot be read as rules (its text is not valid JSON: x)" in text(
        unreadable.refusal
    )


def test_a_hidden_editor_and_a_missing_page() -> None:
    hidden = PageInfo(TITLE, 4, True, 12, None, "json", ())
    assert "last edited by (hidden)" in text(judge_rules_page(hidden, NOW).refusal)
    missing = judge_rules_page(PageInfo(TITLE, 4, False), NOW)
    assert (missing.exists, missing.refusal) == (False, None)
    assert text(missing.describe()) == f"none ({TITLE} does not exist: both rules are off)"


def test_a_recorded_source_reads_back_and_a_bad_one_names_its_key() -> None:
    for source in (
        judge_rules_page(page(EDIT, MOVE), NOW),
        judge_rules_page(page(), NOW),
        RulesSource(TITLE),
    ):
        assert decode_rules_source(source.to_json()) == source
    good = judge_rules_page(page(EDIT, MOVE), NOW).to_json()
    for key, value in (
        ("page", ""),
        ("revision", "12"),
        ("trust", "maybe"),
        ("editor", 5),
        ("refused", "trusted and refused at once"),
    ):
        with pytest.raises(RulesSourceError) as raised:
            decode_rules_source({**good, key: value})
        assert raised.value.key == key


def test_a_source_recorded_before_messages_reads_its_words_as_they_are() -> None:
    recorded = {**RulesSource(TITLE, 12, "Admin").to_json(), "refused": "not used: old words"}
    source = decode_rules_source(recorded)
    assert text(source.refusal) == "not used: old words"
    assert decode_rules_source({**recorded, "refused": None, "basis": ""}).basis is None


def test_a_refusal_is_said_in_the_readers_language() -> None:
    refusal = judge_rules_page(page(editor="127.0.0.1"), NOW).refusal
    assert refusal is not None
    korean = catalogue().text(refusal, Style("ko"))
    assert korean.startswith(f"{TITLE} (판 12, 마지막 편집자 127.0.0.1) 문서는 사용하지 않습니다.")
    assert "보호하세요" in korean and "protect it" not in korean
