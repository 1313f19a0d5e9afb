"""Reading and writing JSON pages: the latest revision of pages, strict JSON, MediaWiki's
own pretty-printing."""

from __future__ import annotations

import json
from typing import Any

from mentorwatch.domain.strict_json import StrictJsonError, loads_strict
from mentorwatch.wiki.api import MediaWikiClient
from mentorwatch.wiki.errors import InvalidPage


def read_pages(client: MediaWikiClient, titles: list[str]) -> dict[str, dict[str, Any] | None]:
    """The latest revision (content, revid, timestamp) of each title; None for missing pages."""
    result = client.get(
        action="query",
        prop="revisions",
        titles="|".join(titles),
        rvprop="ids|timestamp|content",
        rvslots="main",
    )
    normalized = {item["from"]: item["to"] for item in result["query"].get("normalized", [])}
    pages = {page["title"]: page for page in result["query"]["pages"]}
    found: dict[str, dict[str, Any] | None] = {}
    for title in titles:
        page = pages.get(normalized.get(title, title))
        if page is None or page.get("missing") or not page.get("revisions"):
            found[title] = None
            continue
        revision = page["revisions"][0]
        found[title] = {
            "revid": int(revision["revid"]),
            "timestamp": revision["timestamp"],
            "content": revision["slots"]["main"]["content"],
        }
    return found


def parse_json_page(title: str, content: str) -> Any:
    """A JSON page's document; :class:`InvalidPage` for anything :func:`loads_strict` refuses
    (broken, too deep, a key twice, huge numbers): such a page is never written back."""
    try:
        return loads_strict(content)
    except StrictJsonError as error:
        raise InvalidPage(f"{title}: {error}; nothing was changed") from error


def dump_json_page(document: Any) -> str:
    """MediaWiki's own pretty-printing of JSON pages (tabs), so diffs stay line-sized."""
    return json.dumps(document, indent="\t", ensure_ascii=False)
