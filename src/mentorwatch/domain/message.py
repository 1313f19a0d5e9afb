"""What mentorwatch says to a person, as data: a key of the message catalogue and its parameters.

The domain writes no prose for people. It returns a :class:`Message`, and every edge (the web
app, the command line, the texts posted on the wiki, the journal's display) renders it in its
reader's language through the catalogue (:mod:`mentorwatch.language`, files in
``src/mentorwatch/i18n/``, the format translatewiki.net uses).

A parameter's name is the catalogue's variable name for it, and says its kind, as the
catalogue's formatter expects (``qqq.json`` documents each one):

* ``num`` / ``num_*``: a count (``int``), with plural forms (``{{PLURAL:$1|...}}``);
* ``user_name`` / ``user_name_*``: a person, only for ``{{GENDER:$1|...}}`` (a :class:`Person`);
* ``list`` / ``list_*``: a list (a tuple of messages or strings), joined as the language joins;
* anything else: shown as it is. A ``datetime`` is a moment, shown as the surface shows
  moments (the command line as ISO 8601 UTC, the web app in the reader's preferences, the wiki
  as a date in its language); a :class:`Message` is rendered first, in the same language.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, NamedTuple, TypeAlias, overload

from mentorwatch.domain.timeutil import format_timestamp, parse_timestamp

Gender = Literal["m", "f", "n"]


@dataclass(frozen=True, slots=True)
class Person:
    """Someone a message speaks of, for ``{{GENDER:}}``: their name and the gender their wiki
    preference gives (``n``, unknown, unless they chose)."""

    name: str
    gender: Gender = "n"

    def __str__(self) -> str:
        return self.name


class Message(NamedTuple):
    """A text for people: the catalogue key, and the parameters by variable name.

    A frozen record; a tuple because the planner makes several for every mentor of a plan,
    and a tuple is made several times faster than a frozen dataclass (``bench/plan.py``).
    (Being a tuple, a message is checked for before a list parameter is.)"""

    key: str
    params: tuple[tuple[str, Param], ...] = ()

    @classmethod
    def of(cls, key: str, /, **params: Param) -> Message:
        return cls(key, tuple(params.items()))

    def param(self, name: str) -> Param:
        for found, value in self.params:
            if found == name:
                return value
        raise KeyError(f"{self.key} has no parameter {name!r}")

    def to_json(self) -> dict[str, Any]:
        """A JSON form the journal keeps, so a stored message is shown in any language later."""
        return {"key": self.key, "params": {name: _param_json(v) for name, v in self.params}}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Message:
        params = data.get("params") or {}
        return cls(str(data["key"]), tuple((n, _param_value(v)) for n, v in params.items()))


#: what a message parameter may be (see the module docstring)
Param: TypeAlias = "int | float | str | datetime | Person | Message | tuple[Message | str, ...]"


def _param_json(value: Param) -> Any:
    if isinstance(value, Message):
        return {"message": value.to_json()}
    if isinstance(value, datetime):
        return {"moment": format_timestamp(value)}
    if isinstance(value, Person):
        return {"person": value.name, "gender": value.gender}
    if isinstance(value, tuple):
        return {"list": [_param_json(item) for item in value]}
    return value


def _param_value(data: Any) -> Param:
    if isinstance(data, dict):
        if "message" in data:
            return Message.from_json(data["message"])
        if "moment" in data:
            return parse_timestamp(data["moment"])
        if "person" in data:
            gender = data.get("gender")
            return Person(str(data["person"]), gender if gender in ("m", "f") else "n")
        if "list" in data:
            items = [_param_value(item) for item in data["list"]]
            return tuple(item for item in items if isinstance(item, Message | str))
    if isinstance(data, bool) or not isinstance(data, int | float | str):
        raise ValueError(f"not a message parameter: {data!r}")
    return data


#: how a stored text that holds messages begins (a text journaled before issue 23, English
#: prose, never begins so)
STORED_PREFIX = '{"messages": '


def store_sentences(sentences: tuple[Message, ...]) -> str:
    """Sentences as the journal keeps them: the messages' JSON, rendered when read, in the
    reader's language (``docs/journal.md``)."""
    return json.dumps({"messages": [sentence.to_json() for sentence in sentences]})


def stored_sentences(text: str) -> tuple[Message, ...] | None:
    """The messages of a text :func:`store_sentences` made; ``None`` for any other text (prose
    journaled before, shown as it is)."""
    if not text.startswith(STORED_PREFIX):
        return None
    try:
        found = json.loads(text)
        return tuple(Message.from_json(item) for item in found["messages"])
    except (ValueError, KeyError, TypeError):
        return None


def stored_english(text: str) -> str:
    """A journaled text in English: messages kept as data said, prose shown as it is."""
    sentences = stored_sentences(text)
    return text if sentences is None else " ".join(english(s) for s in sentences)


@overload
def joined(items: Sequence[Message], key: str = ...) -> Message: ...


@overload
def joined(items: Sequence[Message | str], key: str = ...) -> Message | str: ...


def joined(
    items: Sequence[Message | str], key: str = "mentorwatch-join-semicolon"
) -> Message | str:
    """Messages (or words as they are) one after the other, each pair joined by ``key``
    (``$1; $2`` by default, as clauses of one sentence are): ``[a, b, c]`` is
    ``key(key(a, b), c)``; one item is itself."""
    if not items:
        raise ValueError("nothing to join")
    found = items[0]
    for item in items[1:]:
        found = Message.of(key, first=found, second=item)
    return found


#: the first names of a long list and how many more there are ("A, B and 3 more")
NAMES_MORE = "mentorwatch-names-more"

#: two sentences, one after the other ("A. B.")
JOIN_SENTENCES = "mentorwatch-join-sentences"

#: two choices, either of which will do ("a or b")
JOIN_OR = "mentorwatch-join-or"

#: two items of a list, one after the other ("a, b")
JOIN_COMMA = "mentorwatch-join-comma"


#: a text kept as it was written (the domain's English before it spoke in messages, recorded
#: in an older snapshot): shown as it is, in every language
WORDS = "mentorwatch-words"


def message_or_words(value: object) -> Message | None:
    """A message recorded by :meth:`Message.to_json`, or words recorded before messages were
    (kept as :data:`WORDS`); ``None`` or ``""``: none. Other values raise ``ValueError``."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return Message.of(WORDS, words=value)
    if isinstance(value, Mapping):
        return Message.from_json(value)
    raise ValueError(f"not a message: {value!r}")


def recorded(message: Message | None) -> Any:
    """The inverse of :func:`message_or_words`: a message's JSON, words kept as
    :data:`WORDS` as the string they were, ``None`` for none."""
    if message is None:
        return None
    if message.key == WORDS:
        return str(message.param("words"))
    return message.to_json()


#: how a message reads in English where the domain must give text (an exception's message,
#: for logs and the command line's errors): the catalogue's English, installed by
#: :mod:`mentorwatch.language.catalogue` when it is loaded (every edge loads it); until then
#: the key and parameters, as ``uselang=qqx`` shows them
_ENGLISH: list[Callable[[Message], str]] = []


def install_english(render: Callable[[Message], str]) -> None:
    """Say messages in English with ``render`` wherever the domain must give text."""
    _ENGLISH[:] = [render]


def english(said: Message | str) -> str:
    """A message (or words as they are) as English text."""
    if isinstance(said, str):
        return said
    if _ENGLISH:
        return _ENGLISH[0](said)
    shown = ", ".join(english(v) if isinstance(v, Message) else str(v) for _, v in said.params)
    return f"({said.key}: {shown})" if said.params else f"({said.key})"
