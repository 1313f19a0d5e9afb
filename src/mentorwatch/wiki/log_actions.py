"""Some users' newest log action of some types (patrolling, moves, blocks, reviews...).

Two ways, the cheaper taken: the wiki's log of each type over the window that matters
(``list=logevents&letype=T``, every performer, ``lelimit`` 500 or 5,000 a request, back to the
earliest moment any of the users needs), which costs the log's volume and not the users; or,
where that volume would cost more requests than there are users, each user's own log
(``leuser``, every type, back to their moment): one request a user. The scan gives up as soon
as it has made as many requests as asking each user would, so the cost is never more than
about twice the cheaper way. A type the wiki does not log (``review`` without FlaggedRevs: the
API refuses the value) has no action to find. Asked only for the mentors the days rule would
act on.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from mentorwatch.domain.rule_evidence import LoggedAction
from mentorwatch.domain.timeutil import format_timestamp, parse_timestamp
from mentorwatch.wiki.api import MediaWikiClient
from mentorwatch.wiki.errors import ApiError


def newest_log_actions(
    client: MediaWikiClient,
    since: Mapping[str, datetime | None],
    types: tuple[str, ...],
    limit: int = 500,
) -> dict[str, LoggedAction]:
    """Per user name of ``since`` (the moment after which a log action counts; None: any),
    their newest log action of ``types`` after it (users with none are left out)."""
    if not since or not types:
        return {}
    scanned = _scan_types(client, since, types, limit, budget=len(since))
    return scanned if scanned is not None else each_user(client, since, set(types))


def _scan_types(
    client: MediaWikiClient,
    since: Mapping[str, datetime | None],
    types: tuple[str, ...],
    limit: int,
    budget: int,
) -> dict[str, LoggedAction] | None:
    """The log of each type back to the earliest moment needed; None once it has cost
    ``budget`` requests with more to read."""
    moments = list(since.values())
    end = None if None in moments else min(m for m in moments if m is not None)
    found: dict[str, LoggedAction] = {}
    made = 0
    for log_type in types:
        params: dict[str, Any] = {
            "action": "query",
            "list": "logevents",
            "letype": log_type,
            "leprop": "user|type|timestamp",
            "lelimit": str(limit),
        }
        if end is not None:
            params["leend"] = format_timestamp(end)
        try:
            for answer in client.query_all(**params):
                made += 1
                _keep_newest(answer, since, {log_type}, found)
                if made >= budget and "continue" in answer:
                    return None
        except ApiError as error:
            if error.code != "badvalue":
                raise
            made += 1  # a type this wiki does not log (FlaggedRevs' review without it): none
    return found


def each_user(
    client: MediaWikiClient, since: Mapping[str, datetime | None], wanted: set[str]
) -> dict[str, LoggedAction]:
    found: dict[str, LoggedAction] = {}
    for user, end in since.items():
        params: dict[str, Any] = {
            "action": "query",
            "list": "logevents",
            "leuser": user,
            "leprop": "user|type|timestamp",
            "lelimit": "500",
        }
        if end is not None:
            params["leend"] = format_timestamp(end)
        for answer in client.query_all(**params):
            _keep_newest(answer, {user: end}, wanted, found)
            if user in found:
                break
    return found


def _keep_newest(
    answer: Mapping[str, Any],
    since: Mapping[str, datetime | None],
    wanted: set[str],
    found: dict[str, LoggedAction],
) -> None:
    """Each wanted user's newest row of the wanted types after their moment, into ``found``."""
    for row in answer.get("query", {}).get("logevents", []):
        user, log_type, stamp = row.get("user"), row.get("type"), row.get("timestamp")
        if user not in since or log_type not in wanted or not isinstance(stamp, str):
            continue  # another performer, or one hidden from this account
        at = parse_timestamp(stamp)
        moment = since[user]
        if moment is not None and at <= moment:
            continue
        known = found.get(user)
        if known is None or at > known.at:
            found[user] = LoggedAction(at, str(log_type))
