"""One user as the wiki knows them: the signed-in account (name, id, rights, date format) and
a user's last edit. The web app signs people in and tells a mentor their removal date with
these; the command line may ask the same."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from mentorwatch.domain.message import Gender
from mentorwatch.domain.timeutil import TimestampError, parse_timestamp
from mentorwatch.wiki.api import MediaWikiClient
from mentorwatch.wiki.errors import AuthenticationError, WikiError


@dataclass(frozen=True)
class Account:
    """The account a client is signed in as (``meta=userinfo``)."""

    name: str
    user_id: int
    rights: frozenset[str]
    #: MediaWiki's ``date`` user option: dmy, mdy, ymd, ISO 8601 or default
    date_format: str
    #: every group the account is in (not cut down by a bot password's grants, unlike rights)
    groups: frozenset[str] = frozenset()
    #: the ``language`` option (the interface language the user chose; the wiki's default
    #: content language unless they chose) and ``timecorrection`` (``ZoneInfo|540|Asia/Seoul``)
    language: str = "en"
    time_correction: str = ""


def describe_account(client: MediaWikiClient) -> Account:
    """The signed-in account: name, id, rights, groups, date format, language and time zone
    preferences (an
    anonymous answer is an AuthenticationError: the wiki did not accept the sign-in)."""
    info = client.get(action="query", meta="userinfo", uiprop="rights|options|groups")
    user = info["query"]["userinfo"]
    if user.get("anon"):
        raise AuthenticationError("not-logged-in", "the wiki did not accept the sign-in")
    options = user.get("options") or {}
    return Account(
        name=str(user["name"]),
        user_id=int(user["id"]),
        rights=frozenset(user.get("rights", [])),
        date_format=str(options.get("date") or "default"),
        groups=frozenset(str(group) for group in user.get("groups", [])),
        language=str(options.get("language") or "en"),
        time_correction=str(options.get("timecorrection") or ""),
    )


def last_edit(client: MediaWikiClient, username: str) -> datetime | None:
    """The user's last edit (None: none found, or the wiki did not say)."""
    try:
        result = client.get(
            action="query", list="usercontribs", ucuser=username, uclimit=1, ucprop="timestamp"
        )
        rows = result.get("query", {}).get("usercontribs", [])
        return parse_timestamp(rows[0]["timestamp"]) if rows else None
    except (WikiError, TimestampError, KeyError, TypeError, IndexError):
        return None


@dataclass(frozen=True)
class FoundUser:
    """A user as the wiki names them (its own normalisation: first letter, underscores)."""

    name: str
    user_id: int


def find_user(client: MediaWikiClient, name: str) -> FoundUser | None:
    """The user ``name`` stands for, named as the wiki names them (None: no such user, or not
    a valid user name)."""
    if not name.strip() or "|" in name:
        return None
    result = client.get(action="query", list="users", ususers=name)
    found = (result["query"].get("users") or [{}])[0]
    if found.get("missing") or found.get("invalid") or "userid" not in found:
        return None
    return FoundUser(str(found["name"]), int(found["userid"]))


#: names asked per ``list=users`` request (the API's limit without ``apihighlimits``)
GENDER_BATCH = 50
#: the preference as the API gives it (``usprop=gender``), as ``{{GENDER:}}`` reads it
_GENDERS: dict[str, Gender] = {"male": "m", "female": "f"}


def read_genders(client: MediaWikiClient, names: Iterable[str]) -> dict[str, Gender]:
    """Each user's grammatical gender, as their preference says (``list=users&usprop=gender``:
    male ``m``, female ``f``, not said ``n``), :data:`GENDER_BATCH` names a request; a name
    the wiki does not know is left out (``n`` where it is looked up)."""
    unique = list(dict.fromkeys(names))
    found: dict[str, Gender] = {}
    for start in range(0, len(unique), GENDER_BATCH):
        batch = unique[start : start + GENDER_BATCH]
        answer = client.get(action="query", list="users", ususers="|".join(batch), usprop="gender")
        for entry in answer.get("query", {}).get("users", []):
            if "missing" in entry or "invalid" in entry or "name" not in entry:
                continue
            found[str(entry["name"])] = _GENDERS.get(str(entry.get("gender")), "n")
    return found
