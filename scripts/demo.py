#!/usr/bin/env python3
"""The demo: mentorwatch on a real GrowthExperiments wiki, end to end.

Brings up MediaWiki 1.43 + GrowthExperiments REL1_43 on 127.0.0.1 (localwiki.py), seeds a
sample community through the wiki's API (demo_growth.py: twelve mentors with backdated
activity, one on a self-set away, one blocked, seven mentees), switches the community rules
on (away after 10 days, removal after 30), then runs mentorwatch with the ``growth`` backend:
a dry run, a real run (marked away, removed, mentees reassigned), a second run that changes
nothing, the journal, the undo of the run (everything put back), the cleanup again, and six
newcomers signing up, each shown with the mentor GrowthExperiments gave them. The mentor list
is printed as Special:ManageMentors shows it before and after, and the list page's history
with its edit summaries. Every step is checked against the wiki; the demo exits 1 if one
went wrong. The wiki is stopped at the end unless ``--keep-running`` is given.

``--jsonpage``: the older demo on Debian's MediaWiki 1.39 without GrowthExperiments.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import demo_jsonpage
import growthwiki
import localwiki
from demo_growth import (
    ACTIVE,
    BLOCKED,
    COMMUNITY,
    NEWCOMERS,
    OWN_AWAY,
    TO_MARK_AWAY,
    TO_REMOVE,
    Row,
    inactive_days,
    manage_mentors,
    mentorships,
    now_utc,
    seed,
    show_list,
)
from demolib import LIST_PAGE, SRC, Steps, heading, show_history


def describe_community() -> None:
    print(f"{'mentor':<7} {'inactive':>8}  {'weight':>6}  what the rules say")
    for m in COMMUNITY:
        days = inactive_days(m)
        since = "days (never edited)" if m.last_edit is None else "days"
        if m.blocked:
            verdict = "blocked: reported, not acted on"
        elif m.name in ACTIVE:
            verdict = "active: kept"
        elif m.name in OWN_AWAY:
            verdict = f"on their own away for {m.own_away} more days: kept, never shortened"
        elif m.name in TO_REMOVE:
            verdict = "past 30 days: removed" + (", mentees reassigned" if m.mentees else "")
        else:
            verdict = "past 10 days: marked away (and weight 0 until back)"
        mentees = f"; mentees {', '.join(m.mentees)}" if m.mentees else ""
        print(f"{m.name:<7} {days:>4} {since:<4} {m.weight:>3}  {verdict}{mentees}")


def cleanup_applied(steps: Steps, rows: dict[str, Row], own_away_before: dict[str, int]) -> None:
    """Check the wiki after a real run: who is away (weight 0), who is gone, who is kept."""
    away = {n for n in TO_MARK_AWAY if n in rows and rows[n].status.startswith("Away until")}
    steps.check(away == TO_MARK_AWAY, f"marked away on Special:ManageMentors: {sorted(away)}")
    zero = {n for n in TO_MARK_AWAY if n in rows and rows[n].weight == 0}
    steps.check(zero == TO_MARK_AWAY, "each mentor marked away has weight 0 (no new newcomers)")
    gone = TO_REMOVE - set(rows)
    steps.check(gone == TO_REMOVE, f"removed from the list: {sorted(gone)}")
    kept = ACTIVE | OWN_AWAY | BLOCKED
    steps.check(kept <= set(rows), f"kept: {sorted(kept)}")
    own = {n: rows[n].back for n in OWN_AWAY if n in rows}
    steps.check(own == own_away_before, "a mentor's own away is unchanged (never shortened)")
    primaries = {m: r["primary"] for m, r in mentorships_of_seeded(steps).items()}
    moved = {
        m.name: [primaries.get(x) for x in m.mentees] for m in COMMUNITY if m.name in TO_REMOVE
    }
    flat = {mentor for mentors in moved.values() for mentor in mentors}
    steps.check(
        flat <= ACTIVE,
        f"the removed mentors' mentees now have active mentors: {sorted(map(str, flat))}",
    )


def mentorships_of_seeded(steps: Steps) -> dict[str, dict[str, str]]:
    mentees = {x for m in COMMUNITY for x in m.mentees}
    return {k: v for k, v in mentorships(steps.wiki).items() if k in mentees}


def run_id(output: str) -> str:
    found = re.search(r"\(backend \w+, run #(\d+)\)", output)
    return found[1] if found else "?"


def dry_run(steps: Steps, wiki: localwiki.LocalWiki) -> list[str]:
    """The dry run (it must succeed: a plan is made for every mentor)."""
    args = ["run", "--wiki", wiki.api_url, "--backend", "growth", "--dry-run"]
    dry = steps.mentorwatch(*args, expect=None)
    if dry.code == 0:
        return []
    steps.fail(f"the dry run exited {dry.code}")
    return []


def newcomers_sign_up(steps: Steps, wiki: localwiki.LocalWiki) -> None:
    for name in NEWCOMERS:
        growthwiki.create_newcomer(wiki, name)
    rows = manage_mentors(wiki)
    links = mentorships(wiki)
    print(f"{'newcomer':<9} {'primary mentor':<26} {'backup':<8} mentor they are shown")
    effective: dict[str, str] = {}
    for name in NEWCOMERS:
        roles = links.get(name, {})
        primary, backup = roles.get("primary", "-"), roles.get("backup", "-")
        status = rows[primary].status if primary in rows else "not on the list"
        # GrowthExperiments shows the primary mentor while they are active, else the backup
        effective[name] = primary if status == "Active" else backup
        shown = f"{primary} ({status})"
        print(f"{name:<9} {shown:<26} {backup:<8} {effective[name]}")
    for name in NEWCOMERS:
        mentor = effective[name]
        steps.check(mentor in ACTIVE, f"{name} is mentored by {mentor}, an active mentor")
    acted_on = TO_MARK_AWAY | TO_REMOVE
    drawn = {links.get(name, {}).get(role) for name in NEWCOMERS for role in ("primary", "backup")}
    steps.check(
        not drawn & acted_on,
        "no newcomer was given a mentor mentorwatch marked away or removed",
    )
    for mentor in sorted(n for n, row in rows.items() if row.weight > 0 and n not in ACTIVE):
        primary_of = [n for n in NEWCOMERS if links.get(n, {}).get("primary") == mentor]
        backup_of = [n for n in NEWCOMERS if links.get(n, {}).get("backup") == mentor]
        print(
            f"note: {mentor} ({rows[mentor].status}) is still in GrowthExperiments' draw "
            f"(weight {rows[mentor].weight}): mentorwatch does not act on blocked mentors.\n"
            f"      Primary mentor of: {', '.join(primary_of) or 'nobody'} (GrowthExperiments "
            "shows them their backup); backup of:\n"
            f"      {', '.join(backup_of) or 'nobody'} (shown {mentor} if their primary goes "
            "away). Reported as a gap in src/."
        )


def growth_demo(steps: Steps, wiki: localwiki.LocalWiki) -> None:
    api = wiki.api_url
    heading("A sample community, seeded through the wiki's API")
    seed(wiki, now_utc())
    describe_community()
    print(f"Rules on {api}: away after 10 days of inactivity, removal after 30")
    heading("The mentor list before (as Special:ManageMentors shows it)")
    before = show_list(wiki)
    before_mentees = mentorships_of_seeded(steps)
    own_away = {n: before[n].back for n in OWN_AWAY}

    heading("Dry run: what would happen (no write)")
    extra = dry_run(steps, wiki)
    heading("Real run")
    real = steps.mentorwatch("run", "--wiki", api, "--backend", "growth", *extra)
    heading("The mentor list after the run")
    cleanup_applied(steps, show_list(wiki), own_away)
    heading(f"History of {LIST_PAGE}")
    show_history(wiki)

    heading("A second run changes nothing")
    again = steps.mentorwatch("run", "--wiki", api, "--backend", "growth", *extra)
    steps.check("Writes: none" in again.output, "the second run made no write (Writes: none)")
    heading("The journal")
    steps.mentorwatch("history", "--run", run_id(real.output))

    heading(f"Undo run #{run_id(real.output)}: everything put back")
    print(
        "(By default undo also exempts the mentors it puts back, on the wiki's rules page, until "
        "the run after next,\nso the next weekly run does not redo it. The demo passes "
        "--no-exempt to show the cleanup once more.)",
        flush=True,
    )
    steps.mentorwatch("undo", run_id(real.output), "--wiki", api, "--no-exempt")
    after_undo = show_list(wiki)
    steps.check(after_undo == before, "the mentor list is exactly as before the run")
    steps.check(
        mentorships_of_seeded(steps) == before_mentees,
        "every mentee has their mentors of before the run again (primary and backup)",
    )

    heading("The weekly cleanup again, before newcomers sign up")
    steps.mentorwatch("run", "--wiki", api, "--backend", "growth", *extra)
    cleanup_applied(steps, manage_mentors(wiki), own_away)
    heading(f"{len(NEWCOMERS)} newcomers sign up: GrowthExperiments gives each a mentor")
    newcomers_sign_up(steps, wiki)
    heading("The mentor list at the end")
    show_list(wiki)
    heading(f"History of {LIST_PAGE}")
    show_history(wiki)


def keep_running_note(wiki: localwiki.LocalWiki, backend: str) -> None:
    print(
        f"\nThe wiki keeps running at {wiki.index_url}; stop it with: "
        f"scripts/localwiki.py stop {wiki.directory}\n"
        "Its dashboard (this checkout's code):\n"
        f"  PYTHONPATH={SRC} MENTORWATCH_DATABASE=sqlite:///{wiki.directory / 'journal.db'} "
        f"python3 -m mentorwatch.cli serve --wiki {wiki.api_url} --backend {backend}\n"
        "then open http://127.0.0.1:8080/ and sign in with the bot password in "
        f"{wiki.directory / 'credentials.json'} (an administrator of that wiki)."
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    parser.add_argument("--dir", type=Path, default=cache / "mentorwatch" / "demo")
    parser.add_argument("--keep-running", action="store_true", help="leave the wiki running")
    parser.add_argument(
        "--jsonpage",
        action="store_true",
        help="the older demo: MediaWiki 1.39 without GrowthExperiments, jsonpage backend",
    )
    args = parser.parse_args()

    started = time.monotonic()
    localwiki.stop(args.dir)
    shutil.rmtree(args.dir, ignore_errors=True)
    if args.jsonpage:
        heading("Starting MediaWiki 1.39 (no GrowthExperiments) on 127.0.0.1")
        wiki = localwiki.create(args.dir)
    else:
        heading("Starting MediaWiki 1.43 + GrowthExperiments REL1_43 on 127.0.0.1")
        wiki = localwiki.create(args.dir, mediawiki="1.43", growth=True)
    print(f"{wiki.index_url} (built in {time.monotonic() - started:.0f} s)")
    steps = Steps(wiki)
    try:
        if args.jsonpage:
            demo_jsonpage.demo(wiki, steps, now_utc())
        else:
            growth_demo(steps, wiki)
    finally:
        if args.keep_running:
            keep_running_note(wiki, "jsonpage" if args.jsonpage else "growth")
        else:
            wiki.stop()
    print(f"\n(the demo took {time.monotonic() - started:.0f} s)")
    return steps.verdict()


if __name__ == "__main__":
    sys.exit(main())
