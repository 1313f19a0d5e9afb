"""The reader's language and how their pages show moments: chosen once per request.

The language, first found wins (``docs/i18n.md``):

1. ``uselang`` in the address, as on MediaWiki (``uselang=qqx`` shows the message keys);
2. the signed-in user's wiki preference (``meta=userinfo&uiprop=options``, ``language``, read
   at sign-in and kept in the session);
3. the browser's ``Accept-Language``, the first language the catalogue speaks;
4. the wiki's content language (siteinfo ``lang``);
5. English.

``uselang`` comes first, as on MediaWiki, where it overrides the preference for one page: a
signed-in user always has a preference (English unless they chose), so in any later place the
parameter would never count for them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from mentorwatch.domain.languages import SOURCE_LANGUAGE, Languages

#: MediaWiki's pseudo-language that shows each message's key and parameters
KEYS_LANGUAGE = "qqx"

#: a language code as MediaWiki spells them (``ko``, ``de-formal``, ``be-tarask``)
CODE = re.compile(r"[a-z]{2,3}(-[a-z0-9]{2,12}){0,3}")


@dataclass(frozen=True)
class LanguageChoice:
    """What the request says about languages, each ``None`` or empty when it says nothing."""

    uselang: str | None = None
    preference: str | None = None
    accepted: Sequence[str] = ()  # the browser's tags, most wanted first
    content_language: str | None = None


def choose_language(choice: LanguageChoice, spoken: Iterable[str], languages: Languages) -> str:
    """The reader's language (a MediaWiki code) for ``choice``; ``spoken``: the catalogue's."""
    spoken = set(spoken)
    uselang = code_or_none(choice.uselang)
    if uselang is not None:
        return uselang
    preference = code_or_none(choice.preference)
    if preference is not None:
        return preference
    for tag in choice.accepted:
        code = code_or_none(languages.from_bcp47(tag))
        if code is not None and spoken & {code, *languages.info(code).fallbacks}:
            return code
    return code_or_none(choice.content_language) or SOURCE_LANGUAGE


def code_or_none(text: str | None) -> str | None:
    """A language code if ``text`` is one (lower-cased), else ``None``."""
    if not text:
        return None
    code = text.strip().lower()
    return code if CODE.fullmatch(code) else None
