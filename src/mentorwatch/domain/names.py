"""User names as MediaWiki spells them, so that two spellings of one name are one user.

MediaWiki's ``UserNameUtils::getCanonical`` (through ``Title``): underscores are spaces, runs
of spaces (and of other white space) are one space, surrounding space goes, the invisible
direction marks are dropped, and the first letter is upper case. User names take the capital
whatever the wiki's ``$wgCapitalLinks`` (siteinfo ``case``): ``UserNameUtils`` upper-cases the
first letter on every wiki, case-sensitive Wiktionaries too. Page titles follow the wiki's
``case``: :func:`canonical_title`.
"""

from __future__ import annotations

import re

#: what MediaWiki's titles drop: the left-to-right and right-to-left marks and embeddings
INVISIBLE = re.compile("[\u200e\u200f\u202a-\u202e]")
#: white space MediaWiki turns into one space (underscores are spaces in titles)
SPACES = re.compile(r"[\s_]+")

#: siteinfo's ``case`` of a wiki that capitalises the first letter of titles
FIRST_LETTER = "first-letter"


def canonical_title(text: str, case: str = FIRST_LETTER) -> str:
    """A title as MediaWiki stores it: ``jürgen_Müller  Test`` -> ``Jürgen Müller Test`` on a
    ``first-letter`` wiki; the first letter kept on a ``case-sensitive`` one."""
    text = SPACES.sub(" ", INVISIBLE.sub("", text)).strip()
    if case != FIRST_LETTER or not text:
        return text
    first = text[0].upper()
    return (first if len(first) == 1 else text[0]) + text[1:]  # "ß": no one-letter capital


def canonical_name(name: str) -> str:
    """A user name as MediaWiki spells it (the first letter upper case on every wiki)."""
    return canonical_title(name, FIRST_LETTER)


def same_user(a: str, b: str) -> bool:
    """Whether two spellings name one user (``Jürgen_Müller`` and ``jürgen Müller``)."""
    return canonical_name(a) == canonical_name(b)
