"""The message catalogue: complete in every shipped language, parameters and plural forms right,
safe to render, and rendered in the reader's language with fallbacks."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

import babel
import pytest
from toolforge_i18n._translations_checks import check_all_translations

from mentorwatch.domain.message import Message, Person
from mentorwatch.language.catalogue import (
    MESSAGES_DIR,
    Catalogue,
    MessageParameters,
    Style,
    UnknownMessage,
    babel_code,
    catalogue,
    variables_of,
)

SHIPPED = ("en", "ko", "ru", "de", "ar")


def _file(code: str) -> dict[str, str]:
    data = json.loads((MESSAGES_DIR / f"{code}.json").read_text(encoding="utf-8"))
    return {key: value for key, value in data.items() if not key.startswith("@")}


ENGLISH = _file("en")
DOCUMENTATION = _file("qqq")
PLURAL = re.compile(r"\{\{PLURAL:\$(\d+)\|([^}]*)\}\}")
GENDER = re.compile(r"\{\{GENDER:\$(\d+)\|([^}]*)\}\}")
PARAMETER = re.compile(r"\$(\d+)")


def whole_number_forms(code: str) -> int:
    """How many plural forms whole numbers take in the language (CLDR): en 2, ru 3, ar 6."""
    locale = babel.Locale.parse(babel_code(code))
    return len({locale.plural_form(n) for n in range(1000)})


def test_the_shipped_languages_have_every_key_and_nothing_else() -> None:
    assert set(SHIPPED) <= set(catalogue().languages)
    for code in SHIPPED:
        assert set(_file(code)) == set(ENGLISH), code


def test_every_key_is_documented_with_each_parameter_named() -> None:
    assert set(DOCUMENTATION) == set(ENGLISH)
    variables = variables_of(DOCUMENTATION)
    for key, text in ENGLISH.items():
        numbers = {int(n) for n in PARAMETER.findall(text)}
        assert len(variables.get(key, [])) == (max(numbers) if numbers else 0), key
        assert not any(name.startswith("unnamed_") for name in variables.get(key, [])), key


@pytest.mark.parametrize("code", SHIPPED)
def test_each_translation_takes_the_parameters_english_takes(code: str) -> None:
    for key, text in _file(code).items():
        assert set(PARAMETER.findall(text)) == set(PARAMETER.findall(ENGLISH[key])), (code, key)


@pytest.mark.parametrize("code", SHIPPED)
def test_each_plural_has_the_forms_of_its_language(code: str) -> None:
    wanted = whole_number_forms(code)
    for key, text in _file(code).items():
        for _, forms in PLURAL.findall(text):
            counted = [form for form in forms.split("|") if not re.match(r"^\d+=", form)]
            assert len(counted) == wanted, (code, key, forms)


@pytest.mark.parametrize("code", SHIPPED)
def test_no_literal_braces_and_no_colon_inside_a_form(code: str) -> None:
    """The formatter reads ``{`` as a field and splits forms on ``:``; wikitext markup such as
    a template goes in as a parameter."""
    for key, text in _file(code).items():
        bare = GENDER.sub("", PLURAL.sub("", text))
        assert "{" not in bare and "}" not in bare, (code, key)
        for _, forms in [*PLURAL.findall(text), *GENDER.findall(text)]:
            assert ":" not in forms, (code, key)


def test_every_translation_passes_the_library_safety_checks() -> None:
    shipped = catalogue()
    check_all_translations(shipped.config, shipped.translations, shipped.documentation)


def test_plural_forms_are_right_in_russian_and_arabic() -> None:
    shipped = catalogue()

    def days(code: str, count: int) -> str:
        return shipped.text(Message.of("mentorwatch-days", num_days=count), Style(code))

    assert [days("ru", n) for n in (1, 2, 5, 11, 21, 22)] == [
        "1 день",
        "2 дня",
        "5 дней",
        "11 дней",
        "21 день",
        "22 дня",
    ]
    arabic = [days("ar", n) for n in (0, 1, 2, 3, 11, 100)]
    assert len(set(arabic)) == 6  # zero, one, two, few, many, other: each its own form
    assert days("en", 1) == "1 day" and days("en", 2) == "2 days"


def test_a_missing_language_falls_back_along_its_chain_to_english(tmp_path: Path) -> None:
    shipped = catalogue()
    message = Message.of("mentorwatch-days", num_days=2)
    assert shipped.rendered(message, Style("de-at")) == ("2 Tage", "de")
    assert shipped.rendered(message, Style("fr")) == ("2 days", "en")


def test_a_message_must_exist_and_get_exactly_its_parameters() -> None:
    shipped = catalogue()
    with pytest.raises(UnknownMessage):
        shipped.text(Message.of("mentorwatch-no-such-message"), Style("en"))
    with pytest.raises(MessageParameters):
        shipped.text(Message.of("mentorwatch-days", num_mentors=2), Style("en"))


def test_html_rendering_escapes_parameters(tmp_path: Path) -> None:
    for code in ("en", "qqq"):
        (tmp_path / f"{code}.json").write_text(
            json.dumps(
                {"greeting": "Hello <q>$1</q>"}
                if code == "en"
                else {"greeting": "A greeting.\n\nParameters:\n* $1 `name` - who"}
            ),
            encoding="utf-8",
        )
    small = Catalogue(tmp_path, check=True)
    rendered = small.markup(Message.of("greeting", name="<script>"), Style("en"))
    assert str(rendered) == "Hello <q>&lt;script&gt;</q>"
    assert small.text(Message.of("greeting", name="<b>"), Style("en")) == "Hello <q><b></q>"


def test_a_message_survives_the_journal_as_json() -> None:
    inner = Message.of("mentorwatch-days", num_days=3)
    moment = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
    message = Message.of(
        "outer", nested=inner, when=moment, who=Person("Hana", "f"), items=(inner, "x"), n=2
    )
    assert Message.from_json(json.loads(json.dumps(message.to_json()))) == message
