"""What a page says, in its reader's language: the templates' ``msg()`` and the moments.

A message the reader's language lacks is shown in the language it falls back to (its chain,
then English), wrapped in ``<span lang=… dir=…>`` so browsers, screen readers and the
right-to-left layout treat it as the language it is in (as toolforge-i18n's Flask integration
does; ours is built on the catalogue and the wiki's language facts instead of its network
look-ups). ``qqx`` shows each message's key and parameters, as MediaWiki's ``uselang=qqx``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime

from markupsafe import Markup, escape

from mentorwatch.domain.languages import LanguageInfo, Languages
from mentorwatch.domain.message import Message, Param
from mentorwatch.domain.timeutil import format_timestamp
from mentorwatch.language.catalogue import Style, catalogue, iso_moment
from mentorwatch.language.render import sentences_text
from mentorwatch.web.views.dates import ReaderDates, relative_message, short_date
from mentorwatch.web.views.reader import KEYS_LANGUAGE


@dataclass(frozen=True)
class PageText:
    """One reader's texts: their language, what is known of languages, their dates."""

    language: str = "en"
    languages: Languages = field(default_factory=Languages)
    dates: ReaderDates = field(default_factory=ReaderDates)

    @property
    def info(self) -> LanguageInfo:
        """The page's ``lang`` and ``dir`` (``qqx`` is written left to right)."""
        return self.languages.info(self.language)

    @property
    def style(self) -> Style:
        return Style(self.language, moment=self._day, languages=self.languages)

    @property
    def short_style(self) -> Style:
        """:attr:`style` with days short ('3 Dec', '12월 3일'): the dashboard's rows."""
        return Style(self.language, moment=short_date, languages=self.languages)

    def short(self, said: Message | tuple[Message, ...] | None) -> Markup | str:
        """A row's message as HTML, its days short; sentences (a reason) as plain text with
        moments as ISO 8601, for a title attribute (escaped where it is put)."""
        if said is None or said == ():
            return ""
        if self.language == KEYS_LANGUAGE:
            shown = [said] if isinstance(said, Message) else list(said)
            return " ".join(keys_of(message) for message in shown)
        if isinstance(said, Message):
            return catalogue().markup(said, self.short_style)
        return sentences_text(said, replace(self.style, moment=iso_moment))

    def _day(self, moment: datetime, _language: str) -> str:
        """A moment in a message: the day, as the reader writes dates (removal and away
        dates are days to the people reading them)."""
        return self.dates.date(moment)

    def msg(self, key: str, /, **params: Param) -> Markup:
        """The message ``key`` as HTML, its parameters escaped (a Jinja global)."""
        return self.message(Message.of(key, **params))

    def message(self, message: Message) -> Markup:
        if self.language == KEYS_LANGUAGE:
            return escape(keys_of(message))
        shown = catalogue()
        found = shown.template(message.key, self.style)[1]
        html = shown.markup(message, self.style)
        if found == self.language:
            return html
        info = self.languages.info(found)
        return Markup('<span lang="{}" dir="{}">{}</span>').format(info.bcp47, info.direction, html)

    def say(self, said: Message | str | None) -> Markup:
        """A message, or words given as they are (the wiki's, the domain's), escaped."""
        if said is None:
            return Markup("")
        return self.message(said) if isinstance(said, Message) else escape(said)

    def status(self, value: str) -> Markup:
        """A mentor's status in words (an identifier the catalogue lacks is shown as it is)."""
        key = f"mentorwatch-status-label-{value}"
        return self.msg(key) if catalogue().has(key) else escape(value)

    def flag(self, value: str) -> Markup:
        """A decision's flag in words (``mentorwatch-flag-*``; an identifier the catalogue
        lacks is shown as its words)."""
        key = f"mentorwatch-flag-{value}"
        return self.msg(key) if catalogue().has(key) else escape(value.replace("_", " "))

    def error_title(self, code: int | None, name: str) -> Markup:
        """An error page's title: the catalogue's for the codes the app answers with."""
        key = f"mentorwatch-web-error-{code}"
        return self.msg(key) if catalogue().has(key) else escape(name)

    def text(self, key: str, /, **params: Param) -> str:
        """Plain text (a CSV header, a response that is not HTML)."""
        message = Message.of(key, **params)
        if self.language == KEYS_LANGUAGE:
            return keys_of(message)
        return catalogue().text(message, self.style)

    def date(self, moment: datetime | None) -> str:
        return self.dates.date(moment) if moment is not None else ""

    def time_tag(self, moment: datetime | None, shown: str | None = None) -> Markup:
        """``<time>`` for a moment, shown as the reader's date unless ``shown`` is given; an
        ISO 8601 stamp is kept left to right inside right-to-left text."""
        if moment is None:
            return Markup("")
        stamp = format_timestamp(moment)
        text = self.date(moment) if shown is None else shown
        island = Markup(' dir="ltr"') if text == stamp else Markup("")
        return Markup('<time datetime="{}" title="{}"{}>{}</time>').format(
            stamp, self.dates.date_time(moment), island, text
        )

    def relative(self, moment: datetime | None, now: datetime) -> Markup:
        return self.message(relative_message(moment, now))


def strong(html: str) -> Markup:
    """Bold words to put into a message as a parameter."""
    return Markup("<strong>{}</strong>").format(html)


def link(url: str, text: str) -> Markup:
    """A link to put into a message as a parameter."""
    return Markup('<a href="{}">{}</a>').format(url, text)


def code(text: str) -> Markup:
    """Code (a right's name, JSON) to put into a message: kept left to right."""
    return Markup('<code dir="ltr">{}</code>').format(text)


def ltr(text: str) -> Markup:
    """Text written left to right whatever the page's direction (an ISO 8601 moment)."""
    return Markup('<span dir="ltr">{}</span>').format(text)


def emphasised(items: Iterable[Message | str], text: PageText) -> Markup:
    """Items in italics, separated by commas (the grants a sign-in needs)."""
    return Markup(", ").join(Markup("<em>{}</em>").format(text.say(item)) for item in items)


def keys_of(message: Message) -> str:
    """``(key: first, second)`` as MediaWiki's ``qqx`` shows a message."""
    if not message.params:
        return f"({message.key})"
    shown = [
        keys_of(value) if isinstance(value, Message) else str(value) for _, value in message.params
    ]
    return f"({message.key}: {', '.join(shown)})"
