#!/usr/bin/env python3
"""The demo: a local wiki with a sample mentor community, a dry run, then a real run.

Brings up Debian's MediaWiki on 127.0.0.1 (see localwiki.py), seeds twelve mentors with
backdated activity (one on a self-set away, one blocked), switches the community rules on
(away after 10 days, removal after 30), and runs ``mentorwatch run`` twice: ``--dry-run``
first, then for real. It prints the mentor list page before and after, and its history with
the edit summaries. The wiki is stopped at the end unless ``--keep-running`` is given.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import urllib.parse
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import localwiki

LIST_PAGE = "MediaWiki:GrowthMentors.json"
CONFIG_PAGE = "MediaWiki:GrowthExperimentsMentorship.json"
CONFIG = {
    "GEMentorshipEnabled": True,
    "GEMentorshipShouldBeAutoawayed": True,
    "GEMentorshipAutoawayedAfterDays": 10,
    "GEMentorshipShouldBeAutoremoved": True,
    "GEMentorshipAutoremovedAfterDays": 30,
}
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


def heading(text: str) -> None:
    print(f"\n=== {text} ===", flush=True)


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
        return response.read().decode()


def show_list(wiki: localwiki.LocalWiki) -> None:
    document = json.loads(raw_page(wiki, LIST_PAGE))
    print(f"{'id':>3}  {'mentor':<7} {'weight':>6}  away until")
    for user_id, entry in document["Mentors"].items():
        away = entry.get("awayTimestamp", "-")
        print(f"{user_id:>3}  {entry['username']:<7} {entry['weight']:>6}  {away}")
    print(f"({len(document['Mentors'])} mentors; the page: {wiki.index_url}?title={LIST_PAGE})")


def show_history(wiki: localwiki.LocalWiki) -> None:
    query = urllib.parse.urlencode(
        {
            "action": "query",
            "prop": "revisions",
            "titles": LIST_PAGE,
            "rvprop": "timestamp|user|comment",
            "rvlimit": "max",
            "format": "json",
            "formatversion": "2",
        }
    )
    with urllib.request.urlopen(f"{wiki.api_url}?{query}") as response:
        revisions = json.load(response)["query"]["pages"][0]["revisions"]
    for revision in reversed(revisions):
        print(f"{revision['timestamp']}  {revision['user']:<15} {revision['comment']}")


def mentorwatch(wiki: localwiki.LocalWiki, *args: str) -> int:
    username, password = wiki.bot_credentials()
    env = {
        **os.environ,
        "MENTORWATCH_USERNAME": username,
        "MENTORWATCH_PASSWORD": password,
        "MENTORWATCH_DATABASE": f"sqlite:///{wiki.directory / 'journal.db'}",
    }
    command = [sys.executable, "-m", "mentorwatch.cli", *args]
    print("$ mentorwatch " + " ".join(args), flush=True)
    return subprocess.run(command, env=env, check=False).returncode


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--dir",
        type=Path,
        default=Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
        / "mentorwatch"
        / "demo",
    )
    parser.add_argument("--keep-running", action="store_true", help="leave the wiki running")
    args = parser.parse_args()

    localwiki.stop(args.dir)
    shutil.rmtree(args.dir, ignore_errors=True)
    heading("Starting a local MediaWiki on 127.0.0.1")
    wiki = localwiki.create(args.dir)
    try:
        now = datetime.now(UTC).replace(microsecond=0)
        seed(wiki, now)
        print(f"{wiki.api_url}: {len(COMMUNITY)} mentors; away after 10 days, removal after 30")
        heading("The mentor list before")
        show_list(wiki)
        heading("Dry run: what would happen (no edit)")
        dry = mentorwatch(wiki, "run", "--wiki", wiki.api_url, "--backend", "jsonpage", "--dry-run")
        heading("Real run")
        real = mentorwatch(wiki, "run", "--wiki", wiki.api_url, "--backend", "jsonpage")
        heading("The mentor list after")
        show_list(wiki)
        heading(f"History of {LIST_PAGE}")
        show_history(wiki)
        heading("A second run changes nothing")
        again = mentorwatch(wiki, "run", "--wiki", wiki.api_url, "--backend", "jsonpage")
        heading("The journal: what was done to Hana, then undone")
        undo = mentorwatch(wiki, "undo", "2", "--mentor", "Hana")
        history = mentorwatch(wiki, "history", "--mentor", "Hana")
        heading("The mentor list after the undo (Hana is back as she was)")
        show_list(wiki)
    finally:
        if args.keep_running:
            print(
                f"\nThe wiki keeps running at {wiki.index_url}; stop it with: "
                f"scripts/localwiki.py stop {wiki.directory}\n"
                "Its dashboard:\n"
                f"  MENTORWATCH_DATABASE=sqlite:///{wiki.directory / 'journal.db'} "
                f"mentorwatch serve --wiki {wiki.api_url} --backend jsonpage\n"
                "then open http://127.0.0.1:8080/ and sign in with the bot password in "
                f"{wiki.directory / 'credentials.json'} (an administrator of that wiki)."
            )
        else:
            wiki.stop()
    return max(dry, real, again, undo, history)


if __name__ == "__main__":
    sys.exit(main())
