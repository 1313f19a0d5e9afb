"""Seeding helpers for local wikis running the real GrowthExperiments (see ``localwiki.py``).

Everything goes through the wiki's real API, as the user who would do it on a real wiki: the
bot (``MentorwatchBot``, bot password with ``managementorship``) manages the list and mentees;
a mentor marks themselves away with their own bot password; newcomers sign up anonymously with
``action=createaccount``, so GrowthExperiments assigns their mentor (in its ``LocalUserCreated``
hook, primary and backup, at signup). Independent of mentorwatch's own client on purpose.

What differs per GrowthExperiments branch:

- REL1_39: ``growthmanagementorlist geaction=add`` takes ``autoassigned``; a mentor's own away
  is ``action=growthsetmentorstatus gesstatus=away gesbackindays=N``; the list is only readable
  raw, from ``MediaWiki:GrowthMentors.json``.
- REL1_43: no ``autoassigned`` (weight 0 means "not auto-assigned"); own away is
  ``growthmanagementorlist geaction=change isaway=1 awaytimestamp=…`` without ``username``;
  ``list=growthmentorlist`` reads the list.
- Both: ``meta=growthmentorstatus`` answers for the caller only; a newcomer's mentor is read
  from ``list=growthmentormentee gemmmentor=MENTOR`` (no API answers "who mentors X").
"""

from __future__ import annotations

import json
import math
import secrets
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

import requests
from localwiki import BOT, LocalWiki

MENTOR_APP = "mentor"
MENTOR_GRANTS = "basic"  # enough for a mentor's own entry and status (ge-versions §2)
LIST_PAGE = "MediaWiki:GrowthMentors.json"


class ApiError(RuntimeError):
    def __init__(self, code: str, info: str, response: Mapping[str, Any]) -> None:
        super().__init__(f"{code}: {info}")
        self.code = code
        self.response = response


class Api:
    """A small ``requests`` session on a local wiki: anonymous, or logged in with a bot password."""

    def __init__(self, wiki: LocalWiki, user: str | None = None) -> None:
        self.wiki = wiki
        self.session = requests.Session()
        self.user = user
        if user is not None:
            name, password = wiki.bot_credentials(user)
            token = self.get(action="query", meta="tokens", type="login")["query"]["tokens"]
            result = self._call(
                "POST",
                {
                    "action": "login",
                    "lgname": name,
                    "lgpassword": password,
                    "lgtoken": token["logintoken"],
                },
            )
            if result["login"]["result"] != "Success":
                raise ApiError("login", str(result["login"]), result)

    def get(self, **params: Any) -> dict[str, Any]:
        return self._call("GET", params)

    def post(self, **params: Any) -> dict[str, Any]:
        """A write with a CSRF token."""
        token = self.get(action="query", meta="tokens")["query"]["tokens"]["csrftoken"]
        return self._call("POST", {**params, "token": token})

    def _call(self, method: str, params: Mapping[str, Any]) -> dict[str, Any]:
        data = {"format": "json", "formatversion": "2", **params}
        if method == "GET":
            response = self.session.get(self.wiki.api_url, params=data, timeout=60)
        else:
            response = self.session.post(self.wiki.api_url, data=data, timeout=60)
        response.raise_for_status()
        result: dict[str, Any] = response.json()
        if "error" in result:
            error = result["error"]
            raise ApiError(error.get("code", "?"), error.get("info", ""), result)
        return result


def _branch(wiki: LocalWiki) -> str:
    branch = wiki.flavour.growth_branch
    if branch is None:
        raise RuntimeError(f"{wiki.directory} has no GrowthExperiments")
    return branch


def _mw(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# --- users ----------------------------------------------------------------------------------


def create_mentor_users(
    wiki: LocalWiki, users: Iterable[Mapping[str, Any]], grants: str = MENTOR_GRANTS
) -> dict[str, int]:
    """Users (``localwiki.create_users`` spec) who can act as themselves: each gets a bot
    password (app ``mentor``) in the wiki's credentials.json. Returns their ids."""
    spec = list(users)
    ids = wiki.create_users(spec)
    for user in spec:
        wiki.create_bot_password(user["name"], MENTOR_APP, grants)
    return ids


def create_newcomer(wiki: LocalWiki, name: str, *, force_mentor: str | None = None) -> str:
    """Sign ``name`` up anonymously through ``action=createaccount`` (GrowthExperiments then
    picks a primary and a backup mentor in its LocalUserCreated hook). Returns the password.

    ``force_mentor`` (REL1_43 only) is the ``forceMentor`` field Special:CreateAccount passes on.
    """
    api = Api(wiki)
    token = api.get(action="query", meta="tokens", type="createaccount")["query"]["tokens"]
    password = secrets.token_urlsafe(16)
    params: dict[str, Any] = {
        "action": "createaccount",
        "username": name,
        "password": password,
        "retype": password,
        "createreturnurl": wiki.index_url,
        "createtoken": token["createaccounttoken"],
    }
    if force_mentor is not None:
        params["forceMentor"] = force_mentor
    result = api._call("POST", params)["createaccount"]
    if result["status"] != "PASS":
        raise ApiError("createaccount", json.dumps(result), result)
    return password


# --- the mentor list --------------------------------------------------------------------------


def add_mentor(
    wiki: LocalWiki,
    name: str,
    *,
    message: str | None = None,
    weight: int = 2,
    auto_assigned: bool = True,
    summary: str = "Adding a mentor (test setup)",
    as_user: str = BOT,
    api: Api | None = None,
) -> dict[str, Any]:
    """``growthmanagementorlist geaction=add username=NAME`` as ``as_user`` (the bot), or
    through ``api``, a session already logged in (saves a login per call).

    REL1_43 has no ``autoassigned``: ``auto_assigned=False`` there means weight 0.
    Returns the ``mentor`` entry GrowthExperiments answers with.
    """
    params: dict[str, Any] = {
        "action": "growthmanagementorlist",
        "geaction": "add",
        "username": name,
        "summary": summary,
    }
    if message is not None:
        params["message"] = message
    if _branch(wiki) == "REL1_39":
        params["weight"] = str(weight)
        if auto_assigned:  # REL1_39 reads any value as true, its absence as false
            params["autoassigned"] = "1"
    else:
        params["weight"] = str(weight if auto_assigned else 0)
    result = (api or Api(wiki, as_user)).post(**params)["growthmanagementorlist"]
    return dict(result["mentor"])


def set_own_away(
    wiki: LocalWiki, mentor: str, until: datetime, summary: str = "Away (test setup)"
) -> dict[str, Any]:
    """``mentor`` marks themselves away until ``until``, logged in as themselves.

    REL1_39 counts in whole days (``gesbackindays``, rounded up from now); REL1_43 takes
    the timestamp. Returns the API's answer (module result).
    """
    api = Api(wiki, mentor)
    if _branch(wiki) == "REL1_39":
        days = max(1, math.ceil((until - datetime.now(UTC)).total_seconds() / 86400))
        result = api.post(action="growthsetmentorstatus", gesstatus="away", gesbackindays=days)
        return dict(result["growthsetmentorstatus"])
    result = api.post(
        action="growthmanagementorlist",
        geaction="change",
        isaway="1",
        awaytimestamp=_mw(until),
        summary=summary,
    )
    return dict(result["growthmanagementorlist"])


def mentor_status(wiki: LocalWiki, mentor: str) -> str:
    """``meta=growthmentorstatus`` as ``mentor``: "active", "away" (or an error for
    non-mentors)."""
    result = Api(wiki, mentor).get(action="query", meta="growthmentorstatus")
    return str(result["growthmentorstatus"]["mentorstatus"])


def mentor_list(wiki: LocalWiki) -> dict[str, dict[str, Any]]:
    """The mentor list keyed by user name: ``list=growthmentorlist`` on REL1_43, the raw
    ``MediaWiki:GrowthMentors.json`` on REL1_39 (names through ``list=users``)."""
    api = Api(wiki)
    if _branch(wiki) != "REL1_39":
        entries = api.get(action="query", list="growthmentorlist")["growthmentorlist"]
        if isinstance(entries, list):  # an empty list comes back as []
            return {}
        return {entry["username"]: dict(entry, id=int(uid)) for uid, entry in entries.items()}
    result = api.get(
        action="query", prop="revisions", titles=LIST_PAGE, rvprop="content", rvslots="main"
    )
    page = result["query"]["pages"][0]
    if page.get("missing"):
        return {}
    mentors = json.loads(page["revisions"][0]["slots"]["main"]["content"]).get("Mentors", {})
    if not mentors:
        return {}
    users = api.get(action="query", list="users", ususerids="|".join(mentors))["query"]["users"]
    names = {str(user["userid"]): user["name"] for user in users}
    return {names[uid]: dict(entry, id=int(uid)) for uid, entry in mentors.items()}


# --- mentees ----------------------------------------------------------------------------------


def set_mentor(
    wiki: LocalWiki,
    mentee: str,
    mentor: str,
    reason: str = "test setup",
    as_user: str = BOT,
    api: Api | None = None,
) -> dict[str, Any]:
    """``action=growthsetmentor`` (the bot needs ``managementorship``), as ``as_user`` or
    through ``api``, a session already logged in."""
    result = (api or Api(wiki, as_user)).post(
        action="growthsetmentor", mentee=mentee, mentor=mentor, reason=reason
    )
    return dict(result["growthsetmentor"])


def mentees_of(wiki: LocalWiki, mentor: str) -> list[str]:
    """``list=growthmentormentee gemmmentor=MENTOR``: the users whose primary mentor it is."""
    result = Api(wiki).get(action="query", list="growthmentormentee", gemmmentor=mentor)
    return [mentee["name"] for mentee in result["growthmentormentee"]["mentees"]]


def mentor_of(wiki: LocalWiki, mentee: str, mentors: Iterable[str] | None = None) -> str | None:
    """``mentee``'s primary mentor, found in the mentee lists of ``mentors`` (default: everyone
    on the mentor list). No API reads it from the mentee's side."""
    for mentor in mentor_list(wiki) if mentors is None else mentors:
        if mentee in mentees_of(wiki, mentor):
            return mentor
    return None
