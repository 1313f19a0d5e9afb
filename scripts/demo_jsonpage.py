"""The ``--jsonpage`` demo: Debian's MediaWiki 1.39 without GrowthExperiments.

mentorwatch edits GrowthExperiments' JSON pages directly (the ``jsonpage`` backend): twelve
mentors with backdated activity (one on a self-set away, one blocked), the rules switched on,
a dry run, a real run, the list page before and after and its history, a second run that
changes nothing, and the undo of what the run did to Hana.
"""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from datetime import datetime, timedelta

import localwiki
from demolib import CONFIG, CONFIG_PAGE, LIST_PAGE, Steps, heading, show_history

# name, days since last edit (None: never edited), days since registration, weight,
# self-set away (days from now), blocked, message
COMMUNITY = [
    ("Alice", 1, 2400, 2, None, False, "Happy to help with sources and citations."),
    ("Bjorn", 14, 4000, 4, None, False, None),
    ("Chen", 24, 2100, 1, None, False, "Ask me about images and Commons."),
    ("Dalia", 19, 3000, 2, -5, False, None),
    ("Emeka", 13, 3500, 2, 40, False, "On holiday until mid-January."),
    ("Farah", 55, 3800, 2, None, False, "I answer questions in English and Arabic."),
    ("Goran", 102, 5000, 0, None, False, None),
    ("Hana", None, 36, 2, None, False, None),
    ("Ivo", 9, 5400, 2, None, False, None),
    ("Jun", 177, 4500, 2, None, True, None),
    ("Kaveh", 12, 1900, 1, 3, False, None),
    ("Lena", 3, 1700, 4, None, False, "Frag mich gerne!"),
]


def seed(wiki: localwiki.LocalWiki, now: datetime) -> None:
    ids = wiki.create_users(
        {"name": name, "registered": now - timedelta(days=registered)}
        for name, _edit, registered, *_ in COMMUNITY
    )
    edits = []
    for name, last_edit, _registered, *_ in COMMUNITY:
        if last_edit is None:
            continue
        for extra in (90, 30, 0):  # a little history; the newest is the one that counts
            edits.append(
                {
                    "user": name,
                    "title": f"Draft:{name}'s notes",
                    "timestamp": now - timedelta(days=last_edit + extra),
                    "text": f"{extra}",
                }
            )
    wiki.import_edits(edits)

    from mentorwatch.domain.mentors import Mentor, encode_mentor_list
    from mentorwatch.wiki.api import MediaWikiClient

    bot = MediaWikiClient(wiki.api_url)
    bot.login(*wiki.bot_credentials())
    mentors = []
    for name, _edit, _registered, weight, away, blocked, message in COMMUNITY:
        away_until = None if away is None else now + timedelta(days=away)
        mentors.append(Mentor(ids[name], name, message, weight, away_until))
        if blocked:
            bot.post_with_token(action="block", user=name, expiry="infinite", reason="Demo block")
    for title, document, summary in (
        (LIST_PAGE, encode_mentor_list(mentors), "Sample mentor community"),
        (CONFIG_PAGE, CONFIG, "Switch on: away after 10 days, removal after 30 days"),
    ):
        bot.post_with_token(
            action="edit",
            title=title,
            summary=summary,
            text=json.dumps(document, indent="\t", ensure_ascii=False),
        )


def raw_page(wiki: localwiki.LocalWiki, title: str) -> str:
    url = f"{wiki.index_url}?{urllib.parse.urlencode({'title': title, 'action': 'raw'})}"
    with urllib.request.urlopen(url) as response:
        return str(response.read().decode())


def show_list(wiki: localwiki.LocalWiki) -> None:
    document = json.loads(raw_page(wiki, LIST_PAGE))
    print(f"{'id':>3}  {'mentor':<7} {'weight':>6}  away until")
    for user_id, entry in document["Mentors"].items():
        away = entry.get("awayTimestamp", "-")
        print(f"{user_id:>3}  {entry['username']:<7} {entry['weight']:>6}  {away}")
    print(f"({len(document['Mentors'])} mentors; the page: {wiki.index_url}?title={LIST_PAGE})")


def demo(wiki: localwiki.LocalWiki, steps: Steps, now: datetime) -> None:
    seed(wiki, now)
    print(f"{wiki.api_url}: {len(COMMUNITY)} mentors; away after 10 days, removal after 30")
    heading("The mentor list before")
    show_list(wiki)
    heading("Dry run: what would happen (no edit)")
    steps.mentorwatch("run", "--wiki", wiki.api_url, "--backend", "jsonpage", "--dry-run")
    heading("Real run")
    steps.mentorwatch("run", "--wiki", wiki.api_url, "--backend", "jsonpage")
    heading("The mentor list after")
    show_list(wiki)
    heading(f"History of {LIST_PAGE}")
    show_history(wiki)
    heading("A second run changes nothing")
    again = steps.mentorwatch("run", "--wiki", wiki.api_url, "--backend", "jsonpage")
    steps.check("Writes: none" in again.output, "the second run made no write")
    heading("The journal: what was done to Hana, then undone")
    steps.mentorwatch("undo", "2", "--mentor", "Hana", "--wiki", wiki.api_url)
    steps.mentorwatch("history", "--mentor", "Hana")
    heading("The mentor list after the undo (Hana is back as she was)")
    show_list(wiki)
