"""How mentorwatch speaks on a wiki outside a run (a mentor's away saved from the web app,
the rules page saved or protected, ``config migrate``, an undo's exemptions): in the wiki's
content language (``meta=siteinfo``, read once per client), as a run does (``docs/i18n.md``)."""

from __future__ import annotations

from mentorwatch.domain.message import Message
from mentorwatch.domain.wiki_texts import Summaries
from mentorwatch.language.wiki_words import words_for
from mentorwatch.wiki.api import MediaWikiClient
from mentorwatch.wiki.site import content_language


def on_wiki(client: MediaWikiClient, message: Message) -> str:
    """``message`` as ``client``'s wiki reads it: in its content language."""
    return words_for(Summaries(), content_language(client), {}).text(message)
