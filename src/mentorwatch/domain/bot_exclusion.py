"""Bot exclusion: whether a talk page's ``{{bots}}``/``{{nobots}}`` templates let mentorwatch
post there (https://en.wikipedia.org/wiki/Template:Bots). Pure: reads the page's text."""

from __future__ import annotations

import re
from collections.abc import Iterable

_TEMPLATE = re.compile(r"\{\{\s*(nobots|bots)\s*(\|[^{}]*)?\}\}", re.IGNORECASE)


def bots_allowed(wikitext: str, bot_names: Iterable[str]) -> bool:
    """Whether a page's exclusion templates let one of ``bot_names`` post there.

    ``{{nobots}}``, ``{{bots|deny=all}}``, ``{{bots|allow=none}}``, ``{{bots|optout=all}}``
    and a deny list naming us forbid it; an allow list that does not name us forbids it.
    """
    names = {name.strip().lower() for name in bot_names if name.strip()}
    for match in _TEMPLATE.finditer(wikitext):
        if match.group(1).lower() == "nobots":
            return False
        for param in (match.group(2) or "").strip("|").split("|"):
            key, _, value = param.partition("=")
            listed = {item.strip().lower() for item in value.split(",") if item.strip()}
            key = key.strip().lower()
            if key == "deny" and ("all" in listed or listed & names):
                return False
            if key == "allow" and ("none" in listed or not ("all" in listed or listed & names)):
                return False
            if key == "optout" and "all" in listed:
                return False
    return True
