"""The warning's heading stays one section title: a heading that would leave its line (a line
break of any kind, a control character, an ``=`` at an end) is refused at validation, naming
the field, and whatever the posting path is given comes out as one title line."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mentorwatch.domain.config import RULES_KEYS, ConfigError, parse_config
from mentorwatch.domain.message import english
from mentorwatch.domain.wiki_texts import DEFAULT_WARNING_HEADING, section_title
from mentorwatch.language.wiki_words import render_warning

from .builders import NOW

#: every character MediaWiki ends a line at, or that is no text: a heading must hold none
BREAKING = ["\r", "\n", "\r\n", "\x0b", "\x0c", "\x85", "\u2028", "\u2029", "\x00", "\t"]


def heading_problem(heading: str) -> str:
    with pytest.raises(ConfigError) as raised:
        parse_config({"WarningHeading": heading}, RULES_KEYS)
    (problem,) = raised.value.problems
    assert problem.key == "WarningHeading"
    return english(problem.message)


@pytest.mark.parametrize("breaking", BREAKING, ids=[repr(c) for c in BREAKING])
def test_a_heading_that_would_leave_its_line_is_refused_naming_the_field(breaking: str) -> None:
    message = heading_problem(f"Your mentorship{breaking}[[Category:Pwned]]")
    assert message.startswith("a heading is one line; remove the line breaks")
    assert f"U+{ord(breaking[0]):04X}" in message


@pytest.mark.parametrize("heading", ["= Hello", "Hello ==", "==Hello==", " =x= "])
def test_a_heading_that_would_close_or_change_its_level_is_refused(heading: str) -> None:
    assert 'may not begin or end with "="' in heading_problem(heading)


def test_an_ordinary_heading_with_parameters_and_an_inner_equals_sign_is_kept() -> None:
    config = parse_config({"WarningHeading": "Mentorship: $4, 2 + 2 = 4"}, RULES_KEYS)
    heading, _ = render_warning(config, "Ann", NOW)
    assert heading == "Mentorship: Ann, 2 + 2 = 4"


@given(st.text())
def test_a_posted_heading_is_one_title_line_whatever_it_holds(text: str) -> None:
    title = section_title(text)
    assert title.strip() == title and title
    assert not title.startswith("=") and not title.endswith("=")
    assert not any(c in title for c in "\r\n\x0b\x0c\x85\u2028\u2029\x00")
    assert f"== {title} ==".count("\n") == 0


def test_a_heading_with_a_line_break_is_flattened_not_posted_as_given() -> None:
    assert section_title("Hi\r[[Category:X]]") == "Hi [[Category:X]]"
    assert section_title("== Hi ==\n") == "Hi"
    assert section_title("\r\n=\u2028") == DEFAULT_WARNING_HEADING
