"""What mentorwatch writes on the wiki: talk-page messages to mentors and edit summaries.

- the **warning** before removal (the community may replace its heading and text on its rules
  page; the parameters they may use are
  :data:`~mentorwatch.domain.config.keys.WARNING_PARAMETERS`);
- the **notice** after an action (marked away, paused, removed) and the **away notice** (an
  away period that runs past the removal date);
- the **edit summaries** (:class:`Summaries`: the operator's, per wiki).

The texts themselves are the catalogue's, rendered in the wiki's content language by
``language/wiki_words.py``; here are the pure parts.

``$1``, ``$2``… in a text the community or the operator writes are filled in MediaWiki's
message style (:func:`fill`); dates read as people write them (:func:`human_date`). Pure: no
I/O; the wiki adapter posts what these return.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, fields, replace
from datetime import datetime
from typing import Any

_PLACEHOLDER = re.compile(r"\$(\d+)")


def fill(template: str, *values: str) -> str:
    """Put ``values[0]`` for ``$1`` and so on; a placeholder with no value stays as written."""

    def value(match: re.Match[str]) -> str:
        index = int(match.group(1))
        return values[index - 1] if 1 <= index <= len(values) else match.group(0)

    return _PLACEHOLDER.sub(value, template)


def human_date(moment: datetime) -> str:
    """'3 December 2026' (UTC), the form the default messages use."""
    return f"{moment.day} {moment:%B %Y}"


#: what a value put into wikitext must not bring with it: markup that would open a link, a
#: template, a table, bold or italics, a signature, a heading or a tag
_WIKITEXT_MARKUP = str.maketrans({c: f"&#{ord(c)};" for c in "[]{}|<>'~=&*#:;_"})


def wikitext_safe(value: str) -> str:
    """``value`` as plain text in wikitext: each character that could start markup (a link,
    a template, bold, a signature, a heading, an entity, a magic word) as its character
    reference, which MediaWiki shows as the character itself; line breaks as spaces."""
    return " ".join(value.split()).translate(_WIKITEXT_MARKUP)


# --- talk-page messages -----------------------------------------------------------------------

#: the warning's heading where the community's heading leaves nothing (the default heading and
#: text are the catalogue's, in the wiki's language: ``language/wiki_words.py``)
DEFAULT_WARNING_HEADING = "Your place on the mentor list"


#: what ends a line for MediaWiki (it turns ``\r`` into a line break when it saves)
_LINE_BREAKING = frozenset({"Cc", "Zl", "Zp"})


def section_title(heading: str, fallback: str = DEFAULT_WARNING_HEADING) -> str:
    """``heading`` as one section title, whatever it holds: every control character or line
    or paragraph separator (``\r``, ``\n``, U+2028…) becomes a space, and the ``=`` and
    spaces at its ends go (they would end the heading's line or change its level), so the
    text can never leave the section's ``== … ==`` line; ``fallback`` when nothing is left."""
    flat = "".join(" " if unicodedata.category(c) in _LINE_BREAKING else c for c in heading)
    title = " ".join(flat.split()).strip("= ").strip()
    return title or fallback


# --- edit summaries ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Summaries:
    """The operator's edit summaries (``[summaries]``), each replacing the default of its kind;
    ``""``: not replaced, the wiki's own wording or the catalogue's in the wiki's language
    (``language/wiki_words.py`` ``WikiWords``).

    ``$1`` is the mentor's name, ``$2`` the number of whole days they have been inactive
    (upstream's ``MentorListCleaner`` puts the configured threshold there; the real figure
    tells readers more), ``$3`` the weight given back (``weight_paused``) or the run undone
    (``undo``)."""

    mark_away: str = ""
    renew_away: str = ""
    remove: str = ""
    pause: str = ""
    resume: str = ""
    reassign: str = ""
    warn: str = ""
    notify: str = ""
    undo: str = ""
    #: added to a summary that sets weight 0 for a pause
    weight_paused: str = ""
    #: a community rule's write (issue 24; ``$2``: the rule's evidence, not days)
    by_rule: str = ""

    @classmethod
    def from_mapping(cls, overrides: dict[str, Any]) -> Summaries:
        known = {field.name for field in fields(cls)}
        unknown = set(overrides) - known
        if unknown:
            raise ValueError(
                f"unknown summary keys {sorted(unknown)}; use {', '.join(sorted(known))}"
            )
        return replace(cls(), **{key: str(value) for key, value in overrides.items()})
