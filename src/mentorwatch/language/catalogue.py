"""The message catalogue: every text mentorwatch shows a person, in every language it speaks.

The files are ``src/mentorwatch/i18n/<code>.json`` in translatewiki.net's format (MediaWiki's
message syntax: ``$1`` parameters, ``{{PLURAL:$1|…}}``, ``{{GENDER:$1|…}}``), with
``qqq.json`` documenting every key and naming each parameter on a line of its own::

    * $1 `num_days` - how many days the mentor has been inactive

The name says the parameter's kind (:mod:`mentorwatch.domain.message`). toolforge-i18n turns
the syntax into format strings with the CLDR plural rules of each language (Babel) and checks
every translation (no unsafe HTML, every parameter used in its kind); ``docs/i18n.md`` says why
this library. Two rules of ours on top, checked by ``tests/unit/test_catalogue.py``: no literal
``{``, ``}`` outside ``{{PLURAL}}``/``{{GENDER}}`` (pass wikitext markup as a parameter) and no
``:`` inside a plural or gender form (the formatter splits forms on it).

A :class:`Catalogue` renders a :class:`~mentorwatch.domain.message.Message` in a
:class:`Style`: a language (looked up along its fallback chain to English) and the way the
surface shows moments.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any, Literal

from markupsafe import Markup
from toolforge_i18n._formatters import I18nFormatter
from toolforge_i18n._translations import TranslationsConfig, load_translations

from mentorwatch.domain.languages import Languages
from mentorwatch.domain.message import Message, Param, Person, install_english
from mentorwatch.domain.timeutil import format_timestamp

#: the catalogue's files, shipped inside the package
MESSAGES_DIR = Path(__file__).resolve().parent.parent / "i18n"

#: a parameter's name in its qqq documentation: "* $1 `num_days` - ..."
PARAMETER_LINE = re.compile(r"^\* \$(\d+) `([a-z][a-z0-9_]*)`", re.MULTILINE)

#: how a surface shows a moment: (moment, language) -> text
MomentFormat = Callable[[datetime, str], str]


def iso_moment(moment: datetime, _language: str) -> str:
    """ISO 8601 UTC, as the command line and the journal show moments in every language."""
    return format_timestamp(moment)


@dataclass(frozen=True)
class Style:
    """How to render: in which language, and how moments look there."""

    language: str
    moment: MomentFormat = iso_moment
    languages: Languages = field(default_factory=Languages, compare=False)


class UnknownMessage(KeyError):
    """A key the catalogue does not hold in English: a programming error, never a reader's."""


class MessageParameters(ValueError):
    """A message given other parameters than its documentation names."""


def variables_of(documentation: Mapping[str, str]) -> dict[str, list[str]]:
    """Each key's parameter names, in order, from its qqq documentation."""
    variables: dict[str, list[str]] = {}
    for key, text in documentation.items():
        if key.startswith("@"):
            continue
        named = {int(number): name for number, name in PARAMETER_LINE.findall(text)}
        if named:
            variables[key] = [named.get(n, f"unnamed_{n}") for n in range(1, max(named) + 1)]
    return variables


def gender_of(value: Any) -> Literal["m", "f", "n"]:
    return value.gender if isinstance(value, Person) else "n"


def babel_code(language: str) -> str:
    """Babel's locale for a MediaWiki code (``de-formal`` -> ``de``, ``ko-kp`` -> ``ko_KP``)."""
    base, _, region = language.partition("-")
    if region and len(region) == 2:
        return f"{base}_{region.upper()}"
    return base


def translations_config(
    directory: Path = MESSAGES_DIR, *, check: bool = False
) -> TranslationsConfig:
    """toolforge-i18n's configuration for the catalogue at ``directory`` (``check``: run the
    library's translation checks while loading; the test suite runs them for every file)."""
    documentation = json.loads((directory / "qqq.json").read_text(encoding="utf-8"))
    return TranslationsConfig(
        directory=str(directory),
        variables=variables_of(documentation),
        get_gender=gender_of,
        language_code_to_babel=babel_code,
        check_translations=check,
    )


class Catalogue:
    """The loaded catalogue; build it once (:func:`catalogue`) and share it."""

    def __init__(self, directory: Path = MESSAGES_DIR, *, check: bool = False) -> None:
        self.config = translations_config(directory, check=check)
        self.translations, self.documentation = load_translations(self.config)

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages with a file of their own (English first)."""
        return tuple(sorted(self.translations, key=lambda code: (code != "en", code)))

    def has(self, key: str) -> bool:
        return key in self.translations.get("en", {})

    def variables(self, key: str) -> tuple[str, ...]:
        return tuple(self.config.variables.get(key, ()))

    def template(self, key: str, style: Style) -> tuple[str, str]:
        """The format string for ``key`` and the language it was found in."""
        for code in style.languages.chain(style.language):
            found = self.translations.get(code, {}).get(key)
            if found is not None:
                return found, code
        raise UnknownMessage(key)

    def text(self, message: Message, style: Style) -> str:
        """Plain text (the command line, edit summaries, wikitext)."""
        return self.rendered(message, style)[0]

    def markup(self, message: Message, style: Style) -> Markup:
        """HTML: the message's own markup kept, every parameter escaped."""
        return Markup(self._render(message, style, Markup)[0])

    def rendered(self, message: Message, style: Style) -> tuple[str, str]:
        """Plain text and the language it is in (a fallback's, where the reader's lacks it)."""
        return self._render(message, style, str)

    def _render(self, message: Message, style: Style, kind: type[str]) -> tuple[str, str]:
        template, language = self.template(message.key, style)
        names = dict(message.params)
        expected = set(self.variables(message.key))
        if set(names) != expected:
            raise MessageParameters(
                f"{message.key} takes {sorted(expected)}, was given {sorted(names)}"
            )
        values = {name: self._param(value, style, kind) for name, value in names.items()}
        formatter = _formatter(babel_code(language), kind)
        return str(formatter.format(kind(template), **values)), language

    def _param(self, value: Param, style: Style, kind: type[str]) -> Any:
        if isinstance(value, Message):
            return kind(self._render(value, style, kind)[0])
        if isinstance(value, datetime):
            return style.moment(value, style.language)
        if isinstance(value, tuple):
            return [self._param(item, style, kind) for item in value]
        return value


@cache
def _formatter(locale: str, kind: type[str]) -> I18nFormatter:
    """One formatter per locale and kind of text, made once: making one costs most of a
    message's rendering (the locale's data). Per kind, because a formatter remembers the type
    of the text it formats while it formats; each call sets it to the same type."""
    return I18nFormatter(locale_identifier=locale, get_gender=gender_of)


@cache
def catalogue() -> Catalogue:
    """The shipped catalogue, loaded once per process."""
    return Catalogue()


def _english(message: Message) -> str:
    return catalogue().text(message, Style("en"))


install_english(_english)  # the domain's texts that must be text (errors) read in English
