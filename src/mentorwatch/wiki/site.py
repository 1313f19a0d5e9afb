"""What identifies a wiki: the address it gives itself in ``meta=siteinfo``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

if TYPE_CHECKING:  # the client module imports this one
    from mentorwatch.wiki.api import MediaWikiClient


def wiki_key(api_url: str, general: Mapping[str, Any]) -> str:
    """The wiki as it names itself (``$wgServer`` + ``$wgScriptPath`` + ``/api.php`` from
    ``meta=siteinfo``), so that two spellings of one wiki's address (``HTTP://LOCALHOST:80/``,
    ``http://127.0.0.1/``) share one lock and one memory. A protocol-relative server takes the
    scheme the operator used; without siteinfo the address given, lowercased, is the key."""
    given = urlsplit(api_url)
    server = str(general.get("server") or "")
    if server.startswith("//"):
        server = f"{given.scheme.lower()}:{server}"
    if not server:
        return urlunsplit(given._replace(scheme=given.scheme.lower(), netloc=given.netloc.lower()))
    script_path = str(general.get("scriptpath") or "")
    return f"{server.rstrip('/')}{script_path}/api.php"


def content_language(client: MediaWikiClient) -> str:
    """The wiki's content language (``meta=siteinfo`` ``lang``, MediaWiki's code): what its
    pages, and what mentorwatch writes on it, are in. English where the wiki does not say."""
    return str(client.site_info().get("lang") or "en")
