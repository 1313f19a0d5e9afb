"""The community rules (issue 24) on the real GrowthExperiments 1.43 wiki: Korean Wikipedia's
edits per namespace in 90 days, a {{Retired}} mentor (and one through a redirect to it), a
wikibreak with an end date, a mentor active only through log actions. A run's decisions, and
the wiki's state afterwards (the list, the away GrowthExperiments stored)."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import growthwiki

from mentorwatch.wiki.api import MediaWikiClient
from mentorwatch.wiki.log_actions import each_user, newest_log_actions

from ..unit.community_examples import KOREAN_RULE
from . import growth_e2e as e2e
from .growth_rigs import localwiki
from .growth_web import serve_growth, signed_in

DAY = timedelta(days=1)


def _exempt_the_others(wiki: localwiki.LocalWiki, ours: list[str]) -> list[dict[str, Any]]:
    """Every mentor of the shared list that is not this test's: exempt, so rules meant for
    this test's cast touch nobody else's."""
    return [
        {"mentor": name, "reason": "another test's mentor", "until": None}
        for name in growthwiki.mentor_list(wiki)
        if name not in ours
    ]


def _edits(user: str, article: int, talk: int, days_ago: float) -> list[dict[str, Any]]:
    at = e2e.now() - days_ago * DAY
    rows = [
        {"user": user, "title": f"{user} article {n}", "timestamp": at - timedelta(minutes=n)}
        for n in range(article)
    ]
    rows += [
        {"user": user, "title": f"Talk:{user} article {n}", "timestamp": at - timedelta(minutes=n)}
        for n in range(talk)
    ]
    return [{**row, "text": "an edit"} for row in rows]


def _decisions(env: dict[str, str], wiki: localwiki.LocalWiki) -> dict[str, dict[str, Any]]:
    runs = json.loads(e2e.cli(["history", "--json", "--wiki", wiki.api_url], env).output)
    run_id = runs["runs"][0]["id"]
    shown = json.loads(e2e.cli(["history", "--json", "--run", str(run_id)], env).output)
    return {d["username"]: d for d in shown["decisions"]}


def test_korean_minimums_retired_and_wikibreak_templates(
    ge143: localwiki.LocalWiki, tmp_path: Path
) -> None:
    wiki = ge143
    bot = growthwiki.Api(wiki, localwiki.BOT)
    with e2e.seeded(wiki, "Rules") as cast:
        shorts = ["Enough", "ShortTalk", "ShortArticle", "Stale", "Retired", "Redirect", "Break"]
        cast.seed({short: {"last_edit": 120} for short in shorts})
        rows = _edits(cast["Enough"], 20, 10, 89.9)
        rows += _edits(cast["ShortTalk"], 20, 9, 10)
        rows += _edits(cast["ShortArticle"], 19, 10, 10)
        rows += _edits(cast["Stale"], 30, 30, 90.1)
        rows += [
            {
                "user": cast["Stale"],
                "title": f"User:{cast['Stale']}/notes",
                "timestamp": e2e.now() - DAY,
                "text": "x",
            }
        ]
        for short in ("Retired", "Redirect", "Break"):
            rows += _edits(cast[short], 25, 12, 5)
        wiki.import_edits(rows)
        end = (e2e.now() + 20 * DAY).replace(hour=0, minute=0, second=0)
        pages = {
            "Template:Retired": "This user has retired.",
            "Template:Gone": "#REDIRECT [[Template:Retired]]",
            "Template:Wikibreak": "On a wikibreak until {{{1|}}}.",
            f"User:{cast['Retired']}": "{{Retired}}",
            f"User:{cast['Redirect']}": "Hello. {{Gone}}",
            f"User:{cast['Break']}": f"{{{{wikibreak|{end:%Y-%m-%d}}}}}",
        }
        for title, text in pages.items():
            bot.post(action="edit", title=title, text=text, summary="e2e: community rules")
        wiki.run_jobs()
        page = "Project:Mentorwatch/RulesKorean.json"
        e2e.write_rules(
            wiki,
            page,
            {
                **KOREAN_RULE,
                "RetiredTemplates": {"enabled": True, "templates": ["Retired"]},
                "WikibreakTemplates": {
                    "enabled": True,
                    "templates": ["Wikibreak"],
                    "end_parameter": "1",
                },
                "Exemptions": _exempt_the_others(wiki, list(cast.names.values())),
            },
        )
        with serve_growth(wiki, tmp_path, page) as url:
            http = signed_in(url, wiki.bot_credentials())
            rows = json.loads(http.get(f"{url}/export.json").text)["mentors"]
        shown = {row["username"]: row for row in rows}
        assert shown[cast["ShortTalk"]]["rule"] == "edits"
        assert shown[cast["ShortTalk"]]["note"].startswith(
            "edits rule: Fewer edits than this wiki asks for in the last 90 days: 20 edits"
        )
        assert shown[cast["Redirect"]]["note"].startswith(
            "retired template: Their user page shows Template:Retired"
        )
        assert shown[cast["Break"]]["rule"] == "wikibreak"
        assert shown[cast["Enough"]]["rule"] == ""

        env = e2e.operator_env(wiki, tmp_path, rules_page=page)
        result = e2e.cli(["run", "--wiki", wiki.api_url, "--allow-mass-removal"], env)
        assert result.exit_code == 0, result.output

        decided = _decisions(env, wiki)
        listed = growthwiki.mentor_list(wiki)
        removed = {"ShortTalk", "ShortArticle", "Stale", "Retired", "Redirect"}
        for short in shorts:
            assert (cast[short] in listed) is (short not in removed), (short, result.output)
        assert decided[cast["Enough"]]["action"] == "keep"
        assert "20 edits in namespace 0" in decided[cast["Enough"]]["reason"]
        assert (
            "9 edits in the talk namespaces (this wiki asks for 10); removed."
            in (decided[cast["ShortTalk"]]["reason"])
        )
        assert (
            "19 edits in namespace 0 (this wiki asks for 20)"
            in (decided[cast["ShortArticle"]]["reason"])
        )
        assert "0 edits in namespace 0" in decided[cast["Stale"]]["reason"]
        for short in ("Retired", "Redirect"):
            assert "Their user page shows Template:Retired" in decided[cast[short]]["reason"]
        assert decided[cast["Break"]]["action"] == "mark_away"
        assert e2e.away_until(wiki, cast["Break"]) == end


def test_a_mentor_active_only_through_log_actions_is_kept(
    ge143: localwiki.LocalWiki, tmp_path: Path
) -> None:
    wiki = ge143
    with e2e.seeded(wiki, "Logs") as cast:
        cast.seed({"Patroller": {"last_edit": 200}, "Gone": {"last_edit": 200}})
        wiki.php("createAndPromote.php", "--force", "--sysop", cast["Patroller"])
        wiki.create_bot_password(cast["Patroller"], "logs", "basic,blockusers")
        target = f"{cast.prefix}Vandal"
        wiki.create_users([{"name": target, "registered": e2e.now() - DAY}])
        growthwiki.Api(wiki, cast["Patroller"]).post(
            action="block", user=target, expiry="1 day", reason="e2e: a log action"
        )
        page = "Project:Mentorwatch/RulesLogs.json"
        e2e.write_rules(
            wiki,
            page,
            {
                "RemoveInactiveMentors": True,
                "RemoveAfterDays": 30,
                "LogActions": {"enabled": True},  # the default types, review among them
                "Exemptions": _exempt_the_others(wiki, list(cast.names.values())),
            },
        )
        env = e2e.operator_env(wiki, tmp_path, rules_page=page)
        result = e2e.cli(["run", "--wiki", wiki.api_url], env)
        assert result.exit_code == 0, result.output
        decided = _decisions(env, wiki)
        listed = growthwiki.mentor_list(wiki)
        assert cast["Patroller"] in listed and cast["Gone"] not in listed
        assert "last logged action (block)" in decided[cast["Patroller"]]["reason"]
        assert decided[cast["Gone"]]["action"] == "remove"
        # the wiki's block log scanned, or each user's own log: the same newest action
        client = MediaWikiClient(wiki.api_url)
        since = {cast["Patroller"]: e2e.now() - 30 * DAY, cast["Gone"]: None}
        # (review: FlaggedRevs' log, which this wiki does not have)
        scanned = newest_log_actions(client, since, ("review", "block", "patrol"))
        assert scanned == each_user(client, since, {"review", "block", "patrol"})
        assert scanned[cast["Patroller"]].type == "block" and cast["Gone"] not in scanned
