"""Which of some templates each user's user page transcludes, as the wiki says (never by
matching wikitext), and the end date a wikibreak template gives.

Cost: one request for the templates' redirects (``prop=redirects`` on the configured names,
resolved with ``redirects``), then ``prop=templates`` on the user pages with ``tltemplates``
(the configured templates and every redirect to them), 50 pages a request (500 with
``apihighlimits``), following continuation. A redirect to a template counts as the template.
The end date is read only for the users that have a wikibreak template, one
``action=parse&prop=parsetree`` each (the template's parameters as the parser sees them).
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from mentorwatch.wiki.api import MediaWikiClient

TEMPLATE = "Template:"
_DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%B %d, %Y", "%Y-%m-%dT%H:%M:%SZ", "%Y%m%d%H%M%S")


class UserTemplates:
    """Finds templates on user pages; ``batch``: titles a request (50, or 500)."""

    def __init__(self, client: MediaWikiClient, batch: int = 50) -> None:
        self.client = client
        self.batch = batch

    def aliases(self, names: Iterable[str]) -> dict[str, str]:
        """Every title that stands for one of ``names`` (the template, a redirect to it; a
        configured name that is itself a redirect stands for its target's redirects too),
        to the configured name it stands for."""
        names = list(dict.fromkeys(names))
        if not names:
            return {}
        titles = [TEMPLATE + name for name in names]
        found: dict[str, str] = {title: name for title, name in zip(titles, names, strict=True)}
        params: dict[str, Any] = {
            "action": "query",
            "titles": "|".join(titles),
            "redirects": "1",
            "prop": "redirects",
            "rdnamespace": "10",
            "rdlimit": "max",
        }
        for answer in self.client.query_all(**params):
            query = answer.get("query", {})
            target_of = {n["to"]: n["from"] for n in query.get("normalized", [])}
            for hop in query.get("redirects", []):
                target_of[hop["to"]] = target_of.get(hop["from"], hop["from"])
            for page in query.get("pages", []):
                configured = found.get(target_of.get(page["title"], page["title"]))
                if configured is None:
                    continue
                found[page["title"]] = configured
                for redirect in page.get("redirects", []):
                    found[redirect["title"]] = configured
        return found

    def on_user_pages(
        self, usernames: Iterable[str], aliases: dict[str, str]
    ) -> dict[str, set[str]]:
        """For each user whose page transcludes one of ``aliases``' titles, the configured
        names found."""
        users = list(dict.fromkeys(usernames))
        found: dict[str, set[str]] = {}
        if not users or not aliases:
            return found
        for start in range(0, len(users), self.batch):
            pages = ["User:" + user for user in users[start : start + self.batch]]
            params = {
                "action": "query",
                "titles": "|".join(pages),
                "prop": "templates",
                "tltemplates": "|".join(sorted(aliases)),
                "tllimit": "max",
            }
            for answer in self.client.query_all(**params):
                query = answer.get("query", {})
                user_of = {n["to"]: n["from"] for n in query.get("normalized", [])}
                for page in query.get("pages", []):
                    title = user_of.get(page["title"], page["title"])
                    for template in page.get("templates", []):
                        name = aliases.get(template["title"])
                        if name is not None:
                            found.setdefault(title.removeprefix("User:"), set()).add(name)
        return found

    def end_date(self, username: str, aliases: dict[str, str], parameter: str) -> datetime | None:
        """The date ``parameter`` of the first of ``aliases``' templates on the user page
        gives (None: none, or not a date)."""
        answer = self.client.get(
            action="parse", page="User:" + username, prop="parsetree", redirects="1"
        )
        tree = answer.get("parse", {}).get("parsetree", "")
        return end_in_parsetree(str(tree), {_key(title) for title in aliases}, parameter)


def end_in_parsetree(tree: str, titles: set[str], parameter: str) -> datetime | None:
    """The date a template of ``titles`` (normalised, see :func:`_key`) gives as ``parameter``
    (a name, or a position: "1") in a preprocessor parse tree."""
    try:
        root = ElementTree.fromstring(tree)
    except ElementTree.ParseError:
        return None
    for template in root.iter("template"):
        title = template.find("title")
        name = "".join(title.itertext()) if title is not None else ""
        if _key(name) not in titles and _key(TEMPLATE + name) not in titles:
            continue
        for part in template.findall("part"):
            key = part.find("name")
            value = part.find("value")
            if key is None or value is None:
                continue
            given = key.get("index") or "".join(key.itertext())
            if given.strip() == parameter:
                return parse_end("".join(value.itertext()))
    return None


def parse_end(text: str) -> datetime | None:
    """A date as people write it in a template (ISO, '10 January 2027', 'January 10, 2027');
    None when it is not one."""
    text = " ".join(text.split())
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).replace(tzinfo=UTC)
        except ValueError:
            continue
    return None


def _key(title: str) -> str:
    """A title as MediaWiki compares them: spaces for underscores, first letter upper case."""
    title = " ".join(title.replace("_", " ").split())
    if title.lower().startswith("template:"):
        title = TEMPLATE + title[len(TEMPLATE) :].strip()
        rest = title[len(TEMPLATE) :]
        return TEMPLATE + rest[:1].upper() + rest[1:]
    return title[:1].upper() + title[1:]
