"""Bot exclusion: whether a talk page's ``{{bots}}``/``{{nobots}}`` let mentorwatch post there
(https://en.wikipedia.org/wiki/Template:Bots). Pure: decides from what the wiki said the page
uses (``wiki/bot_exclusion.py`` asks it: the templates the page really transcludes, redirects
and every spelling resolved by the wiki, and each ``{{bots}}``'s parameters from the parse
tree), never from a pattern on the text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from mentorwatch.domain.message import Message


class Exclusion(StrEnum):
    """Which of the two templates (or a redirect to it) a page uses."""

    BOTS = "bots"
    NOBOTS = "nobots"


@dataclass(frozen=True)
class ExclusionUse:
    """One use of an exclusion template on a page: its kind and its named parameters
    (``deny``, ``allow``, ``optout``; lower-cased names, values as written)."""

    kind: Exclusion
    parameters: tuple[tuple[str, str], ...] = ()


def opt_out_reason(
    kinds: Iterable[Exclusion], uses: Sequence[ExclusionUse], bot_names: Iterable[str]
) -> Message | None:
    """Why a page forbids us to post (None: it lets us), as a message naming the template as
    written. ``kinds``: the exclusion templates the page transcludes (the wiki's answer);
    ``uses``: the ones written on the page itself, with their parameters.

    ``{{nobots}}`` in any form forbids it (whatever its parameters: a mentor who wrote it
    meant no bots); ``{{bots|deny=all}}``, ``{{bots|allow=none}}``, ``{{bots|optout=all}}``
    and a deny list naming us forbid it; an allow list that does not name us forbids it; a
    ``{{bots}}`` the page transcludes only through another template, whose parameters cannot
    be read, forbids it too (the safe side: a message is not posted)."""
    used = set(kinds)
    if Exclusion.NOBOTS in used or any(use.kind is Exclusion.NOBOTS for use in uses):
        return _written("{{nobots}}")
    if Exclusion.BOTS not in used and not uses:
        return None
    bots = [use for use in uses if use.kind is Exclusion.BOTS]
    if not bots:
        return Message.of("mentorwatch-optout-hidden-bots", template="{{bots}}")
    names = {name.strip().lower() for name in bot_names if name.strip()}
    for use in bots:
        refused = _refuses(use, names)
        if refused is not None:
            return refused
    return None


def _refuses(use: ExclusionUse, names: set[str]) -> Message | None:
    for key, value in use.parameters:
        listed = {item.strip().lower() for item in value.split(",") if item.strip()}
        if key == "deny" and ("all" in listed or listed & names):
            return _written(f"{{{{bots|deny={value.strip()}}}}}")
        if key == "allow" and ("none" in listed or not ("all" in listed or listed & names)):
            return _written(f"{{{{bots|allow={value.strip()}}}}}")
        if key == "optout" and "all" in listed:
            return _written("{{bots|optout=all}}")
    return None


def _written(template: str) -> Message:
    """The template that forbids it, as written on the page (wikitext: a parameter)."""
    return Message.of("mentorwatch-optout-template", template=template)
