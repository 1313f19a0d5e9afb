"""Which talk pages opt out of bot messages, as the wiki itself sees them.

A pattern on the page's text misses what the wiki honours (``{{Template:Nobots}}``,
``{{nobots<!-- -->}}``, a localized namespace, a redirect to the template) and sees what it
does not (a template in a comment or in ``<nowiki>``). So the wiki is asked:

1. which titles are the exclusion templates on this wiki: ``Template:Bots`` and
   ``Template:Nobots`` as the wiki names them, and every redirect to them (``prop=redirects``);
2. which of those each talk page transcludes (``prop=templates`` with ``tltemplates``, 50
   pages a request);
3. only for a page that uses ``{{bots}}``: its parameters, from the page's parse tree
   (``action=parse&prop=parsetree``), each template's name resolved by the wiki the way a
   transclusion is (the Template namespace unless the name has one of its own, normalised,
   redirects known).

The decision is :func:`mentorwatch.domain.bot_exclusion.opt_out_reason`.
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from mentorwatch.domain.bot_exclusion import Exclusion, ExclusionUse, opt_out_reason
from mentorwatch.domain.message import Message
from mentorwatch.wiki.api import MediaWikiClient

#: titles a request may name (the API's limit without apihighlimits)
BATCH = 50
TEMPLATES = {"Template:Bots": Exclusion.BOTS, "Template:Nobots": Exclusion.NOBOTS}


class BotExclusion:
    """Asks one wiki which talk pages opt out (the templates' titles read once)."""

    def __init__(self, client: MediaWikiClient) -> None:
        self.client = client
        self._titles: dict[str, Exclusion] | None = None

    def opted_out(
        self, titles: Sequence[str], bot_names: Iterable[str]
    ) -> dict[str, Message | None]:
        """For each title, why it forbids us to post (the template, as the page has it), or
        None where we may post."""
        names = list(bot_names)
        used = self._transcluded(titles)
        reasons: dict[str, Message | None] = {}
        for title in titles:
            kinds = used.get(title, set())
            uses = self._uses(title) if Exclusion.BOTS in kinds else []
            reasons[title] = opt_out_reason(kinds, uses, names)
        return reasons

    def exclusion_titles(self) -> dict[str, Exclusion]:
        """Every title that is ``{{bots}}`` or ``{{nobots}}`` here, redirects included."""
        if self._titles is None:
            answer = self.client.get(
                action="query",
                titles="|".join(TEMPLATES),
                prop="redirects",
                rdprop="title",
                rdlimit="max",
            )
            query = answer.get("query", {})
            named = {item["from"]: item["to"] for item in query.get("normalized", [])}
            kind_of = {named.get(title, title): kind for title, kind in TEMPLATES.items()}
            titles: dict[str, Exclusion] = {}
            for page in query.get("pages", []):
                kind = kind_of.get(page.get("title", ""))
                if kind is None:
                    continue
                titles[page["title"]] = kind
                for redirect in page.get("redirects", []):
                    titles[redirect["title"]] = kind
            self._titles = titles
        return self._titles

    def _transcluded(self, titles: Sequence[str]) -> dict[str, set[Exclusion]]:
        """Per asked title, the exclusion templates the wiki says the page transcludes."""
        exclusions = self.exclusion_titles()
        used: dict[str, set[Exclusion]] = {}
        for pages in _batches(list(titles)):
            for templates in _batches(sorted(exclusions)):
                for answer in self.client.query_all(
                    action="query",
                    prop="templates",
                    titles="|".join(pages),
                    tltemplates="|".join(templates),
                    tllimit="max",
                ):
                    query = answer.get("query", {})
                    back = {item["to"]: item["from"] for item in query.get("normalized", [])}
                    for page in query.get("pages", []):
                        title = back.get(page.get("title", ""), page.get("title", ""))
                        for template in page.get("templates", []):
                            kind = exclusions.get(template.get("title", ""))
                            if kind is not None:
                                used.setdefault(title, set()).add(kind)
        return used

    def _uses(self, title: str) -> list[ExclusionUse]:
        """The exclusion templates written on the page, with their parameters."""
        answer = self.client.get(action="parse", page=title, prop="parsetree")
        tree = ElementTree.fromstring(str(answer.get("parse", {}).get("parsetree", "<root/>")))
        found = [(_text(node.find("title")), node) for node in tree.iter("template")]
        resolved = self._resolve({name for name, _node in found if name})
        exclusions = self.exclusion_titles()
        uses = []
        for name, node in found:
            kind = exclusions.get(resolved.get(name, ""))
            if kind is not None:
                uses.append(ExclusionUse(kind, tuple(_parameters(node))))
        return uses

    def _resolve(self, names: set[str]) -> dict[str, str]:
        """Each name as the title a transclusion reads: its own namespace if it has one,
        else the Template namespace, normalised by the wiki."""
        candidates = {name: [name.removeprefix(":"), f"Template:{name}"] for name in names}
        asked = sorted({title for pair in candidates.values() for title in pair})
        normalized: dict[str, str] = {}
        namespace: dict[str, int] = {}
        for batch in _batches(asked):
            query = self.client.get(action="query", titles="|".join(batch)).get("query", {})
            normalized.update({item["from"]: item["to"] for item in query.get("normalized", [])})
            for page in query.get("pages", []):
                if not page.get("invalid") and "title" in page:
                    namespace[page["title"]] = int(page.get("ns", 0))
        resolved = {}
        for name, (own, templated) in candidates.items():
            title = normalized.get(own, own)
            has_namespace = name.startswith(":") or namespace.get(title, 0) != 0
            resolved[name] = title if has_namespace else normalized.get(templated, templated)
        return resolved


def _batches(items: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(items), BATCH):
        yield items[start : start + BATCH]


def _text(node: Any) -> str:
    """A parse-tree node's text, comments left out, trimmed."""
    if node is None:
        return ""
    parts = [node.text or ""]
    for child in node:
        if child.tag not in ("comment", "ignore"):
            parts.append(_text(child))
        parts.append(child.tail or "")
    return "".join(parts).strip()


def _parameters(template: Any) -> Iterator[tuple[str, str]]:
    for part in template.findall("part"):
        name = part.find("name")
        if name is None or name.get("index") is not None:
            continue  # a positional parameter: {{bots}} reads only named ones
        yield _text(name).lower(), _text(part.find("value"))
