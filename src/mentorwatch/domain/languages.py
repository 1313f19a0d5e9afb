"""Languages as MediaWiki knows them: code, BCP 47 tag, direction, autonym, fallbacks.

The wiki itself is the authority (``meta=languageinfo``, core MediaWiki since 1.34, read by
:func:`mentorwatch.wiki.site.language_info`): a page or a message in a language the catalogue
does not have falls back along the wiki's chain, and right-to-left is the wiki's word. Without a
wiki (the command line on a snapshot), :data:`BUILT_IN` knows the languages mentorwatch ships
and the common variants that fall back to them, as MediaWiki defines them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

Direction = Literal["ltr", "rtl"]

#: the language every message exists in, the end of every fallback chain
SOURCE_LANGUAGE = "en"


@dataclass(frozen=True, slots=True)
class LanguageInfo:
    code: str  # MediaWiki's code (``de-formal``, ``ko``)
    bcp47: str  # for ``lang=`` attributes (``de-x-formal``)
    direction: Direction
    autonym: str
    fallbacks: tuple[str, ...] = ()


def _info(
    code: str, bcp47: str, direction: Direction, autonym: str, *fallbacks: str
) -> LanguageInfo:
    return LanguageInfo(code, bcp47, direction, autonym, fallbacks)


#: MediaWiki's facts for the shipped languages and their common variants (languageinfo on a
#: MediaWiki 1.43 wiki), used where no wiki answers
BUILT_IN: Mapping[str, LanguageInfo] = {
    info.code: info
    for info in (
        _info("en", "en", "ltr", "English"),
        _info("en-gb", "en-GB", "ltr", "British English", "en"),
        _info("en-ca", "en-CA", "ltr", "Canadian English", "en"),
        _info("de", "de", "ltr", "Deutsch"),
        _info("de-at", "de-AT", "ltr", "Österreichisches Deutsch", "de"),
        _info("de-ch", "de-CH", "ltr", "Schweizer Hochdeutsch", "de"),
        _info("de-formal", "de-x-formal", "ltr", "Deutsch (Sie-Form)", "de"),
        _info("ru", "ru", "ltr", "русский"),
        _info("ko", "ko", "ltr", "한국어"),
        _info("ko-kp", "ko-KP", "ltr", "조선말", "ko"),
        _info("ar", "ar", "rtl", "العربية"),
        _info("arz", "arz", "rtl", "مصرى", "ar"),
        _info("ary", "ary", "rtl", "الدارجة", "ar"),
    )
}


class Languages:
    """What is known about languages: the wiki's answer, else :data:`BUILT_IN`."""

    def __init__(self, known: Mapping[str, LanguageInfo] | None = None) -> None:
        self._known = {**BUILT_IN, **(known or {})}

    def info(self, code: str) -> LanguageInfo:
        """A language nobody described is written left to right and falls back to English."""
        found = self._known.get(code)
        return found if found is not None else LanguageInfo(code, code, "ltr", code)

    def chain(self, code: str) -> tuple[str, ...]:
        """Where a message is looked for: the language, its fallbacks, then English."""
        chain = [code, *self.info(code).fallbacks]
        if SOURCE_LANGUAGE not in chain:
            chain.append(SOURCE_LANGUAGE)
        return tuple(dict.fromkeys(chain))

    def from_bcp47(self, tag: str) -> str:
        """MediaWiki's code for a BCP 47 tag (a browser's ``Accept-Language``), matched
        without regard to case; an unknown tag is taken as a code."""
        lowered = tag.lower()
        for info in self._known.values():
            if info.bcp47.lower() == lowered:
                return info.code
        return lowered
