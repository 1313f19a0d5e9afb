"""The reader's language on every page: chosen before the request is handled
(:func:`~mentorwatch.web.views.reader.choose_language`), kept as ``g.page_text``, and given to
the templates as ``msg()``, ``page_lang``, ``page_dir`` and the date helpers.

The wiki's language facts (``meta=languageinfo``) are read once per language and kept for the
app's life; while the wiki does not answer, the built-in facts serve (``domain/languages.py``).
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from flask import Flask, current_app, g, request
from markupsafe import Markup, escape
from werkzeug.exceptions import HTTPException, NotFound

from mentorwatch.domain.languages import LanguageInfo, Languages
from mentorwatch.language.catalogue import catalogue
from mentorwatch.web.runtime.services import services
from mentorwatch.web.runtime.sessions import WebUser
from mentorwatch.web.views.dates import ReaderDates, time_zone
from mentorwatch.web.views.page_text import PageText, code, emphasised, link, ltr, strong
from mentorwatch.web.views.reader import KEYS_LANGUAGE, LanguageChoice, choose_language
from mentorwatch.wiki.api import MediaWikiClient
from mentorwatch.wiki.errors import WikiError
from mentorwatch.wiki.languages import language_facts

log = logging.getLogger(__name__)

#: the key of :class:`WikiLanguages` in ``app.extensions``
EXTENSION = "mentorwatch_languages"


class WikiLanguages:
    """What the wiki said about languages: its content language and time offset (siteinfo),
    and its facts about each language asked so far (``meta=languageinfo``). Learned when
    someone signs in (the app talks to the wiki then anyway): a page view never waits on the
    wiki, and until the wiki has answered the built-in facts serve."""

    def __init__(self) -> None:
        self._known: dict[str, LanguageInfo] = {}
        self._asked: set[str] = set()
        self.content_language: str | None = None
        self.offset_minutes = 0
        self._lock = threading.Lock()

    def learn(self, client: MediaWikiClient, *codes: str) -> None:
        """Ask the wiki (as ``client``) what is not known yet: its siteinfo, and ``codes`` and
        the catalogue's languages; a wiki that does not answer is asked again next time."""
        with self._lock:
            wanted = {*codes, *catalogue().languages} - self._asked - {KEYS_LANGUAGE}
        try:
            site = client.site_info()
            found = language_facts(client, wanted)
        except WikiError as error:
            log.info("the wiki's language facts are not available: %s", error)
            return
        with self._lock:
            self.content_language = str(site.get("lang") or "") or None
            self.offset_minutes = _minutes(site.get("timeoffset"))
            self._known.update(found)
            self._asked |= wanted

    def languages(self) -> Languages:
        with self._lock:
            return Languages(dict(self._known))


def _minutes(value: Any) -> int:
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0


def wiki_languages(app: Flask | None = None) -> WikiLanguages:
    """What the wiki said about languages, kept on ``app`` (the current one by default)."""
    found = (app or current_app).extensions[EXTENSION]
    assert isinstance(found, WikiLanguages)
    return found


def install(app: Flask, wiki_languages: WikiLanguages) -> None:
    app.extensions[EXTENSION] = wiki_languages
    app.context_processor(helpers)


def page_text(known: WikiLanguages, user: WebUser | None) -> PageText:
    """The request's reader: their language, its facts, their dates."""
    choice = LanguageChoice(
        uselang=request.args.get("uselang"),
        preference=user.language if user else None,
        accepted=[tag for tag, _quality in request.accept_languages],
        content_language=known.content_language,
    )
    languages = known.languages()
    code = choose_language(choice, catalogue().languages, languages)
    zone = time_zone(user.time_correction if user else "", known.offset_minutes)
    preference = user.date_format if user else "default"
    dates = ReaderDates("en" if code == KEYS_LANGUAGE else code, preference, zone)
    return PageText(code, languages, dates)


def error_text(error: HTTPException, text: PageText) -> Markup:
    """An error page's explanation: the app's own (said in the reader's language where it was
    raised), or the catalogue's for an address that is no page."""
    if error.code == 404 and error.description == NotFound.description:
        return text.msg("mentorwatch-web-error-404-text")
    return escape(error.description or "")


def anonymous_text() -> PageText:
    """A reader nobody signed in as, on a page of no one wiki (the list of wikis): the
    address's ``uselang``, then the browser's languages."""
    choice = LanguageChoice(
        uselang=request.args.get("uselang"),
        accepted=[tag for tag, _quality in request.accept_languages],
    )
    return PageText(choose_language(choice, catalogue().languages, Languages()))


def current_text() -> PageText:
    """The current request's reader, chosen at its first use in the request."""
    found = g.get("page_text")
    if not isinstance(found, PageText):
        found = page_text(wiki_languages(), g.get("user"))
        g.page_text = found
    return found


def helpers() -> dict[str, Any]:
    text = current_text()
    now = services().clock()
    return {
        "msg": text.msg,
        "message": text.message,
        "page_lang": text.info.bcp47,
        "page_dir": text.info.direction,
        "fmt_date": text.date,
        "fmt_date_time": lambda moment: text.dates.date_time(moment) if moment else "",
        "time_tag": text.time_tag,
        "link": link,
        "code": code,
        "ltr": ltr,
        "emphasised": lambda items: emphasised(items, text),
        "status_text": text.status,
        "flag_text": text.flag,
        "error_title": lambda error: text.error_title(error.code, error.name),
        "error_text": lambda error: error_text(error, text),
        "strong": strong,
        "say": text.say,
        "short": text.short,
        "relative": lambda moment: text.relative(moment, now),
    }
