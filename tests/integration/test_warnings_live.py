"""Warnings before removal on real talk pages: once per episode, never past {{nobots}}."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from mentorwatch.service.cycle import Cycle
from mentorwatch.store.journal import Journal
from mentorwatch.wiki.api import MediaWikiClient
from mentorwatch.wiki.bot_exclusion import BotExclusion
from mentorwatch.wiki.jsonpage import JsonPageBackend

from .conftest import Community, login
from .test_jsonpage_cycle import MakeCommunity, entries

DAY = timedelta(days=1)
REMOVAL_WITH_WARNINGS = {
    "GEMentorshipShouldBeAutoremoved": True,
    "GEMentorshipAutoremovedAfterDays": 30,
    "MentorwatchWarnBeforeRemoval": True,
    "MentorwatchWarnDaysBeforeRemoval": 7,
}


def talk_history(c: Community, short: str) -> list[dict[str, Any]]:
    title = f"User talk:{c.name(short)}"
    result = MediaWikiClient(c.wiki.api_url).get(
        action="query", prop="revisions", titles=title, rvprop="ids|comment|user", rvlimit="max"
    )
    return list(result["query"]["pages"][0].get("revisions", []))


def test_a_mentor_is_warned_once_and_an_edit_saves_them(
    community: MakeCommunity, tmp_path: Path
) -> None:
    c = community(REMOVAL_WITH_WARNINGS)
    c.mentor("Fading", 33).mentor("Shy", 33).mentor("Busy", 9).publish()
    client = login(c.wiki)
    client.post_with_token(
        action="edit",
        title=f"User talk:{c.name('Shy')}",
        text="Please, no bots here. {{nobots}}",
        summary="opting out",
    )
    journal = Journal(f"sqlite:///{tmp_path / 'journal.db'}")

    def run_at(moment: Any) -> Any:
        backend = JsonPageBackend(client, c.list_page, c.config_page)
        return Cycle(client, backend, journal, clock=lambda: moment).run()

    # 25 days inactive: in the warning window (30 - 7), nobody is removed yet
    first = run_at(c.now - 8 * DAY)
    outcomes = {(o.username, o.action): o.status for o in first.outcomes}
    assert outcomes == {(c.name("Fading"), "warn"): "done", (c.name("Shy"), "warn"): "opted_out"}
    (warning,) = talk_history(c, "Fading")
    assert warning["comment"].startswith("Mentor list:")
    page = c.read_wikitext(f"User talk:{c.name('Fading')}")
    assert "Your place on the mentor list" in page and "make an edit" in page
    assert len(talk_history(c, "Shy")) == 1  # only the mentor's own opt-out
    warn_record = next(a for a in journal.actions.find(wiki=client.api_url) if a.action == "warn")
    assert warn_record.revision_id == warning["revid"]

    # a day later: no second warning
    second = run_at(c.now - 7 * DAY)
    assert [o for o in second.outcomes if o.action == "warn"] == []
    assert len(talk_history(c, "Fading")) == 1

    # Fading edits; a week later Shy (warned, opted out) is removed and Fading is kept
    c.wiki.import_edits(
        [
            {
                "user": c.name("Fading"),
                "title": f"{c.name('Fading')} sandbox",
                "timestamp": c.now - 3 * DAY,
                "text": "back again",
            }
        ]
    )
    third = run_at(c.now)
    assert {(o.username, o.action, o.status) for o in third.outcomes} == {
        (c.name("Shy"), "remove", "done")
    }
    listed = entries(c)
    assert str(c.id("Fading")) in listed and str(c.id("Shy")) not in listed
    assert len(talk_history(c, "Fading")) == 1


def test_mentors_are_told_when_they_are_marked_away(
    community: MakeCommunity, tmp_path: Path
) -> None:
    c = community(
        {
            "GEMentorshipShouldBeAutoawayed": True,
            "GEMentorshipAutoawayedAfterDays": 10,
            "MentorwatchNotifyOnAction": True,
        }
    )
    c.mentor("Quiet", 12).mentor("Busy", 1).publish()
    client = login(c.wiki)
    journal = Journal(f"sqlite:///{tmp_path / 'journal.db'}")
    backend = JsonPageBackend(client, c.list_page, c.config_page)
    report = Cycle(client, backend, journal, clock=lambda: c.now).run()
    assert [(o.action, o.status) for o in report.outcomes] == [
        ("mark_away", "done"),
        ("notify", "done"),
    ]
    page = c.read_wikitext(f"User talk:{c.name('Quiet')}")
    assert "You were marked as away" in page and "more than 10 days" in page
    assert talk_history(c, "Busy") == []
    again = Cycle(client, backend, journal, clock=lambda: c.now).run()
    assert again.outcomes == [] and again.edits == 0
    assert len(talk_history(c, "Quiet")) == 1


# --- {{bots}}/{{nobots}} as the wiki itself sees them --------------------------------------

#: every spelling a mentor may use to opt out (the testers' list: 16 of 37 were posted through)
OPTED_OUT = {
    "plain": "{{nobots}}",
    "capital": "{{Nobots}}",
    "spaces": "{{ nobots }}",
    "newline": "{{nobots\n}}",
    "empty-parameter": "{{nobots|}}",
    "namespace": "{{Template:Nobots}}",
    "namespace-lower": "{{template:nobots}}",
    "namespace-upper": "{{TEMPLATE:Nobots}}",
    "namespace-spaced": "{{Template : Nobots}}",
    "namespace-colon": "{{:Template:Nobots}}",
    "underscore-redirect": "{{No_bots}}",
    "comment-after": "{{nobots<!-- -->}}",
    "comment-before": "{{<!-- opt out -->nobots}}",
    "comment-parameter": "{{nobots<!-- x -->|}}",
    "nobots-parameter": "{{nobots|deny=all}}",
    "redirect": "{{No bots}}",
    "redirect-lower": "{{no bots}}",
    "deny-all": "{{bots|deny=all}}",
    "deny-all-capital": "{{Bots|deny=all}}",
    "deny-spaced": "{{bots| deny = all }}",
    "deny-comment": "{{bots|deny=all<!-- -->}}",
    "deny-namespace": "{{Template:Bots|deny=all}}",
    "deny-comment-name": "{{bots<!-- -->|deny=all}}",
    "deny-account": "{{bots|deny=MentorwatchBot}}",
    "deny-tool": "{{bots|deny=Mentorwatch}}",
    "deny-listed": "{{bots|deny=OtherBot,MentorwatchBot}}",
    "allow-none": "{{bots|allow=none}}",
    "allow-others": "{{bots|allow=OtherBot}}",
    "optout-all": "{{bots|optout=all}}",
    "bots-redirect": "{{Bot exclusion|deny=all}}",
    "bots-redirect-namespace": "{{Template:Bot exclusion|deny=all}}",
    "second-bots": "{{bots}} {{bots|deny=all}}",
    "inside-another": "{{Box|{{nobots}}}}",
    "through-user-page": "{{User:OptOutBox}}",
    "bots-through-template": "{{Signature deny}}",
}
#: what opts nobody out: a template shown, not used; another bot denied; us allowed
NOT_OPTED_OUT = {
    "none": "Hello!",
    "nowiki": "<nowiki>{{nobots}}</nowiki>",
    "comment": "<!-- {{nobots}} -->",
    "bots-alone": "{{bots}}",
    "deny-other": "{{bots|deny=OtherBot}}",
    "deny-none": "{{bots|deny=none}}",
    "allow-us": "{{bots|allow=MentorwatchBot}}",
    "allow-all": "{{bots|allow=all}}",
    "other-template": "{{Box|hello}}",
}
TEMPLATES = {
    "Template:Nobots": "''This user asks bots not to post here.''",
    "Template:Bots": "<includeonly></includeonly>",
    "Template:No bots": "#REDIRECT [[Template:Nobots]]",
    "Template:Bot exclusion": "#REDIRECT [[Template:Bots]]",
    "Template:Box": "<div>{{{1|}}}</div>",
    "User:OptOutBox": "Please no bots. {{nobots}}",
    "Template:Signature deny": "~ {{bots|deny=all}}",
}


def put_pages(client: MediaWikiClient, pages: dict[str, str]) -> None:
    for title, text in pages.items():
        client.post_with_token(action="edit", title=title, text=text, summary="set up")


def test_every_opt_out_spelling_the_wiki_honours_is_honoured(community: MakeCommunity) -> None:
    c = community(REMOVAL_WITH_WARNINGS)
    client = login(c.wiki)
    put_pages(client, TEMPLATES)
    answer = client.get(action="query", meta="siteinfo", siprop="namespacealiases")
    aliases = [a["alias"] for a in answer["query"]["namespacealiases"] if a.get("id") == 10]
    opted = {**OPTED_OUT, **{f"alias-{a}": f"{{{{{a}:Nobots}}}}" for a in aliases}}
    pages = {f"User talk:{c.prefix}Out {label}": text for label, text in opted.items()}
    pages |= {f"User talk:{c.prefix}In {label}": text for label, text in NOT_OPTED_OUT.items()}
    put_pages(client, pages)
    c.wiki.run_jobs()

    reasons = BotExclusion(client).opted_out(
        [*pages, f"User talk:{c.prefix}Nobody"], ["MentorwatchBot", "mentorwatch"]
    )

    posted = [title for title in pages if "Out " in title and reasons[title] is None]
    assert posted == []  # every opt-out honoured
    held = {t: r for t, r in reasons.items() if "Out " not in t and r is not None}
    assert held == {}  # and nobody else held back
    assert "nobots" in str(reasons[f"User talk:{c.prefix}Out redirect"])


def test_a_run_posts_past_no_opt_out_and_to_everyone_else(
    community: MakeCommunity, tmp_path: Path
) -> None:
    c = community(REMOVAL_WITH_WARNINGS)
    spellings = {
        "Shy": OPTED_OUT["namespace"],
        "Quiet": OPTED_OUT["comment-after"],
        "Hidden": OPTED_OUT["redirect"],
        "Denying": OPTED_OUT["bots-redirect"],
        "Open": NOT_OPTED_OUT["nowiki"],
    }
    for short in spellings:
        c.mentor(short, 33)
    c.mentor("Busy", 9).publish()
    client = login(c.wiki)
    put_pages(client, TEMPLATES)
    put_pages(client, {f"User talk:{c.name(s)}": text for s, text in spellings.items()})
    journal = Journal(f"sqlite:///{tmp_path / 'journal.db'}")
    backend = JsonPageBackend(client, c.list_page, c.config_page)

    report = Cycle(client, backend, journal, clock=lambda: c.now - 8 * DAY).run()

    outcomes = {o.username: o.status for o in report.outcomes if o.action == "warn"}
    assert outcomes == {
        c.name("Shy"): "opted_out",
        c.name("Quiet"): "opted_out",
        c.name("Hidden"): "opted_out",
        c.name("Denying"): "opted_out",
        c.name("Open"): "done",
    }
    for short in spellings:  # the mentor's own edit, and ours only where allowed
        assert len(talk_history(c, short)) == (2 if short == "Open" else 1)
