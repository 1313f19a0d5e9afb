"""The wiki's facts about languages (``meta=languageinfo``, core MediaWiki since 1.34): which
way each is written, its BCP 47 tag, its name in itself and where its messages fall back."""

from __future__ import annotations

from collections.abc import Iterable

from mentorwatch.domain.languages import Direction, LanguageInfo
from mentorwatch.wiki.api import MediaWikiClient

#: what is asked of each language
PROPERTIES = "code|bcp47|dir|autonym|fallbacks"


def language_facts(client: MediaWikiClient, codes: Iterable[str]) -> dict[str, LanguageInfo]:
    """The wiki's word on ``codes`` (a code the wiki does not know is left out)."""
    wanted = sorted(set(codes))
    if not wanted:
        return {}
    answer = client.get(
        action="query", meta="languageinfo", licode="|".join(wanted), liprop=PROPERTIES
    )
    facts = {}
    for code, info in (answer.get("query", {}).get("languageinfo") or {}).items():
        direction: Direction = "rtl" if info.get("dir") == "rtl" else "ltr"
        facts[str(code)] = LanguageInfo(
            code=str(code),
            bcp47=str(info.get("bcp47") or code),
            direction=direction,
            autonym=str(info.get("autonym") or code),
            fallbacks=tuple(str(f) for f in info.get("fallbacks") or ()),
        )
    return facts
