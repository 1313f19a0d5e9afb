"""Reading rights from a wiki: the account's (``meta=userinfo``), each group's
(``meta=siteinfo&siprop=usergroups``), the labels of grants and groups (``meta=allmessages``),
and what decides a page's rights (its namespace, existence and protection: ``prop=info``).

The account's ``rights`` are what it may do now (under a bot password: its groups' rights cut
down to the password's grants); its ``groups`` are not cut, so the two together tell a missing
grant from a missing group (``domain/rights.py``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from mentorwatch.domain.grants import GRANTS, AccountRights, SiteRights
from mentorwatch.domain.rights import PageFacts
from mentorwatch.wiki.api import MediaWikiClient


def read_account(client: MediaWikiClient) -> AccountRights:
    """The signed-in account's rights, groups, block and credential (an anonymous client is
    the anonymous user, with the rights the wiki gives everyone)."""
    info = client.get(action="query", meta="userinfo", uiprop="rights|groups|blockinfo")
    user: Mapping[str, Any] = info.get("query", {}).get("userinfo", {})
    block = None
    if user.get("blockid"):
        scope = "partial" if user.get("blockpartial") else "sitewide"
        by = user.get("blockedby") or "an administrator"
        why = user.get("blockreason") or "no reason given"
        block = f"blocked ({scope}) by {by}: {why}; expires {user.get('blockexpiry') or 'never'}"
    return AccountRights(
        name=str(user.get("name") or ""),
        rights=frozenset(str(right) for right in user.get("rights", [])),
        groups=frozenset(str(group) for group in user.get("groups", [])),
        bot_password=client.login_name if client.login_name and "@" in client.login_name else None,
        oauth=client.uses_oauth,
        block=block,
        sitewide_block=block is not None and not user.get("blockpartial"),
    )


def read_group_rights(client: MediaWikiClient) -> dict[str, frozenset[str]]:
    """Each group's rights (``meta=siteinfo&siprop=usergroups``)."""
    groups = client.get(action="query", meta="siteinfo", siprop="usergroups")
    rows = groups.get("query", {}).get("usergroups", [])
    return {str(g["name"]): frozenset(g.get("rights", [])) for g in rows}


def read_site_rights(client: MediaWikiClient) -> SiteRights:
    """Each group's rights, and the wiki's own labels of the grants mentorwatch names and of
    its groups (in the wiki's content language)."""
    group_rights = read_group_rights(client)
    keys = [f"grant-{name}" for name in GRANTS] + [f"group-{name}" for name in group_rights]
    labels = _messages(client, keys)
    return SiteRights(
        group_rights=group_rights,
        grant_labels={key[6:]: text for key, text in labels.items() if key.startswith("grant-")},
        group_labels={key[6:]: text for key, text in labels.items() if key.startswith("group-")},
    )


def _messages(client: MediaWikiClient, keys: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for start in range(0, len(keys), 50):
        result = client.get(
            action="query", meta="allmessages", ammessages="|".join(keys[start : start + 50])
        )
        for message in result.get("query", {}).get("allmessages", []):
            if not message.get("missing") and isinstance(message.get("content"), str):
                found[str(message["name"])] = message["content"]
    return found


def page_facts(client: MediaWikiClient, titles: Iterable[str]) -> dict[str, PageFacts]:
    """Namespace, existence and edit protection of each page, by the title given."""
    wanted = list(dict.fromkeys(titles))
    result = client.get(action="query", prop="info", inprop="protection", titles="|".join(wanted))
    query = result.get("query", {})
    named = {n["from"]: n["to"] for n in query.get("normalized", [])}
    pages = {str(page.get("title")): page for page in query.get("pages", [])}
    facts = {}
    for title in wanted:
        page = pages.get(named.get(title, title), {})
        exists = bool(page) and not page.get("missing")
        kind = "edit" if exists else "create"  # a missing page's protection is on creating it
        levels = tuple(
            str(p.get("level"))
            for p in page.get("protection", [])
            if p.get("type") == kind and p.get("level")
        )
        facts[title] = PageFacts(title, int(page.get("ns", 0)), exists, levels)
    return facts
