"""Messages to mentors on their user talk pages, honouring ``{{bots}}``/``{{nobots}}`` as the
wiki sees them (:mod:`.bot_exclusion`), checked right before each message."""

from __future__ import annotations

from mentorwatch.domain.message import Message, english
from mentorwatch.domain.wiki_texts import section_title
from mentorwatch.wiki.api import MediaWikiClient
from mentorwatch.wiki.bot_exclusion import BotExclusion
from mentorwatch.wiki.errors import WikiError
from mentorwatch.wiki.history import account_name

TOOL_NAME = "mentorwatch"


class OptedOut(WikiError):
    """The talk page's exclusion templates ask bots like us not to post there (``said``: as
    a message of the catalogue, naming the page and the template)."""

    def __init__(self, said: Message) -> None:
        super().__init__(english(said))
        self.said = said


def talk_page(username: str) -> str:
    return f"User talk:{username}"


class TalkPageNotifier:
    def __init__(self, client: MediaWikiClient) -> None:
        self.client = client
        self.exclusion = BotExclusion(client)

    def bot_names(self) -> list[str]:
        names = [TOOL_NAME]
        account = account_name(self.client)
        if account:
            names.append(account)
        return names

    def post(self, username: str, heading: str, text: str, summary: str) -> int:
        """Add a new section; returns its revision id. Raises :class:`OptedOut`. The heading
        is posted as one section title whatever it holds (:func:`section_title`)."""
        title = talk_page(username)
        heading = section_title(heading, fallback=f"A message from {TOOL_NAME}")
        reason = self.exclusion.opted_out([title], self.bot_names())[title]
        if reason is not None:
            raise OptedOut(Message.of("mentorwatch-outcome-opted-out-on", page=title, why=reason))
        result = self.client.post_with_token(
            action="edit",
            title=title,
            section="new",
            sectiontitle=heading,
            text=text,
            summary=summary,
        )
        edit = result.get("edit", {})
        if edit.get("result") != "Success" or "newrevid" not in edit:
            raise WikiError(f"the message on {title} was not saved: {edit}")
        return int(edit["newrevid"])
