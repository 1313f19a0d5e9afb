"""What both demos share: headings, running ``mentorwatch`` from this checkout, the list
page's history, and the record of failed steps (the demo exits non-zero if any step failed).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from localwiki import LocalWiki

SRC = Path(__file__).resolve().parent.parent / "src"
LIST_PAGE = "MediaWiki:GrowthMentors.json"
CONFIG_PAGE = "MediaWiki:GrowthExperimentsMentorship.json"
CONFIG = {
    "GEMentorshipEnabled": True,
    "GEMentorshipShouldBeAutoawayed": True,
    "GEMentorshipAutoawayedAfterDays": 10,
    "GEMentorshipShouldBeAutoremoved": True,
    "GEMentorshipAutoremovedAfterDays": 30,
}


STARTED = time.monotonic()


def heading(text: str) -> None:
    """A step's title, with the seconds since the demo started."""
    print(f"\n=== {text} ===  [{time.monotonic() - STARTED:.0f} s]", flush=True)


@dataclass(frozen=True)
class Result:
    code: int
    output: str


@dataclass
class Steps:
    """Runs ``mentorwatch`` (this checkout's code, ``PYTHONPATH=src``) against a local wiki
    and remembers every step that did not go as it should."""

    wiki: LocalWiki
    failures: list[str] = field(default_factory=list)

    @property
    def env(self) -> dict[str, str]:
        username, password = self.wiki.bot_credentials()
        path = os.environ.get("PYTHONPATH")
        return {
            **os.environ,
            "PYTHONPATH": str(SRC) + (os.pathsep + path if path else ""),
            "MENTORWATCH_USERNAME": username,
            "MENTORWATCH_PASSWORD": password,
            "MENTORWATCH_DATABASE": self.database,
        }

    @property
    def database(self) -> str:
        return f"sqlite:///{self.wiki.directory / 'journal.db'}"

    def mentorwatch(self, *args: str, expect: int | None = 0) -> Result:
        """Run ``mentorwatch ARGS`` and print what it prints (its log lines once each, with
        how often they came); an exit code other than ``expect`` is a failed step."""
        command = [sys.executable, "-m", "mentorwatch.cli", *args]
        print("$ mentorwatch " + " ".join(args), flush=True)
        done = subprocess.run(command, env=self.env, capture_output=True, text=True, check=False)
        print(done.stdout, end="", flush=True)
        logged = [line for line in done.stderr.splitlines() if line.strip()]
        for line in dict.fromkeys(logged):
            times = logged.count(line)
            print(f"[log{f', {times} times' if times > 1 else ''}] {line}", flush=True)
        print(f"(exit {done.returncode})", flush=True)
        if expect is not None and done.returncode != expect:
            self.fail(f"`mentorwatch {' '.join(args)}` exited {done.returncode}, not {expect}")
        return Result(done.returncode, done.stdout)

    def check(self, ok: bool, what: str) -> bool:
        """Print ``what`` as checked (or failed); a failure is remembered."""
        print(f"{'ok' if ok else 'FAILED'}: {what}", flush=True)
        if not ok:
            self.failures.append(what)
        return ok

    def fail(self, what: str) -> None:
        print(f"FAILED: {what}", flush=True)
        self.failures.append(what)

    def verdict(self) -> int:
        """Print the outcome; 0 if every step went as it should, else 1."""
        if not self.failures:
            print("\nThe demo ran as described: every step succeeded.", flush=True)
            return 0
        print(f"\nThe demo FAILED ({len(self.failures)} step(s)):", flush=True)
        for failure in self.failures:
            print(f"  - {failure}", flush=True)
        return 1


def list_page_history(wiki: LocalWiki) -> list[dict[str, str]]:
    """The list page's revisions, oldest first (timestamp, user, comment)."""
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
    with urllib.request.urlopen(f"{wiki.api_url}?{query}", timeout=60) as response:
        page = json.load(response)["query"]["pages"][0]
    return list(reversed(page.get("revisions", [])))


def show_history(wiki: LocalWiki) -> None:
    for revision in list_page_history(wiki):
        print(f"{revision['timestamp']}  {revision['user']:<15} {revision['comment']}")
