"""A mentor's away saved on their behalf, on real wikis (MediaWiki 1.39, the session's plain
wiki; 1.43, the ``ge143`` rig with the list as a page): mentorwatch's account saves it only
where the wiki refuses the mentor nothing but the list page's protection.

MediaWiki names the list page's protection (``protectednamespace-interface``) before a block,
so a blocked mentor's own attempt looks like any mentor's; these tests block mentors for real
(sitewide, partially from the list page, after signing in), sign one in with a ``basic``-only
bot password, and check the list page's history: no edit by mentorwatch's account for any of
them. A mentor whose away was saved on their behalf comes back early the same way.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import requests

from mentorwatch.wiki.api import MediaWikiClient

from .conftest import Community, add_other_admin, community_in, login
from .growth_rigs import localwiki
from .web import Served, csrf_of, save_away, serve, signed_in


@pytest.fixture(params=["wiki", "ge143"], ids=["mediawiki-1.39", "mediawiki-1.43"])
def mediawiki(request: pytest.FixtureRequest) -> localwiki.LocalWiki:
    wiki: localwiki.LocalWiki = request.getfixturevalue(request.param)
    add_other_admin(wiki)
    return wiki


def block(bot: MediaWikiClient, user: str, **partial: str) -> None:
    """Block ``user`` (sitewide, or partially: ``pagerestrictions=TITLE``)."""
    scope = {"partial": "1", "allowusertalk": "1", **partial} if partial else {}
    bot.post_with_token(action="block", user=user, reason="tests", expiry="infinite", **scope)


def sign_in_as(served: Served, c: Community, short: str, grants: str) -> requests.Session:
    return signed_in(served, c.wiki.create_bot_password(c.name(short), "web", grants))


def edits_since(c: Community, published: list[dict[str, object]]) -> list[tuple[object, str]]:
    """The list page's revisions since it was published: (user, summary), newest first."""
    known = {revision["revid"] for revision in published}
    return [(rev["user"], rev["comment"]) for rev in c.history() if rev["revid"] not in known]


def test_a_mentor_the_wiki_refuses_for_more_than_the_list_pages_protection_is_never_saved_for(
    mediawiki: localwiki.LocalWiki, tmp_path: Path
) -> None:
    c = community_in(mediawiki, {})
    for short in ("Mira", "Site", "Part", "Later", "Basic", "Elsewhere"):
        c.mentor(short, 2)
    c.publish()  # the list in the MediaWiki namespace: no mentor may edit it
    published = c.history()
    bot = login(mediawiki)
    block(bot, c.name("Site"))
    block(bot, c.name("Part"), pagerestrictions=c.list_page)
    elsewhere = f"Project:{c.prefix}Elsewhere"
    bot.post_with_token(action="edit", title=elsewhere, text="a page", summary="tests")
    block(bot, c.name("Elsewhere"), pagerestrictions=elsewhere)
    with serve(c, tmp_path, "Mira", operator=True) as served:
        editor = "basic,editpage"
        http = {short: sign_in_as(served, c, short, editor) for short in ("Site", "Part", "Later")}
        http["Basic"] = sign_in_as(served, c, "Basic", "basic")
        http["Elsewhere"] = sign_in_as(served, c, "Elsewhere", editor)
        block(bot, c.name("Later"))  # blocked after signing in
        said = {
            "Site": f"The wiki has blocked {c.name('Site')} from editing (by",
            "Part": f"The wiki has blocked {c.name('Part')} from editing {c.list_page} (by",
            "Later": f"The wiki has blocked {c.name('Later')} from editing (by",
            "Basic": "Your sign-in does not allow editing: the bot password (or OAuth sign-in) "
            "you used lacks the grant “Edit existing pages” (editpage)",
        }
        for short, message in said.items():
            refused = save_away(http[short], f"{served.url}/away", 10)
            assert refused.status_code == 403 and message in refused.text, (short, refused.text)
        assert edits_since(c, published) == []  # by nobody: neither them nor mentorwatch
        assert all("awayTimestamp" not in entry for entry in c.read()["Mentors"].values())
        # a partial block from another page: the wiki refuses the list for its protection only
        saved = save_away(http["Elsewhere"], f"{served.url}/away", 10)
        assert saved.ok and "Saved: you are away until" in saved.text, saved.text[-800:]
    [(user, comment)] = edits_since(c, published)
    assert user == localwiki.BOT and comment.startswith(f"{c.name('Elsewhere')} set away until")


def test_a_mentor_saved_on_behalf_comes_back_early_on_behalf(
    mediawiki: localwiki.LocalWiki, tmp_path: Path
) -> None:
    c = community_in(mediawiki, {})
    c.mentor("Mira", 2).mentor("Pia", 12).publish()
    mira = str(c.id("Mira"))
    with serve(c, tmp_path, "Mira", operator=True) as served:
        http = signed_in(served, served.mentor)
        away = save_away(http, f"{served.url}/away", 10)
        assert away.ok and "Saved: you are away until" in away.text, away.text[-800:]
        assert "awayTimestamp" in c.read()["Mentors"][mira]
        page = http.get(f"{served.url}/away")
        back = http.post(
            f"{served.url}/away", data={"action": "back", "csrf_token": csrf_of(page.text)}
        )
        assert back.ok and "awayTimestamp" not in c.read()["Mentors"][mira], back.text[-800:]
    latest, going = c.history()[:2]
    assert (latest["user"], going["user"]) == (localwiki.BOT, localwiki.BOT)
    assert latest["comment"].startswith(f"{c.name('Mira')} is back from away by {c.name('Mira')}")
