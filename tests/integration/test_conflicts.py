"""Concurrent edits of the mentor list: nobody's change is lost, nobody's entry overwritten."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from mentorwatch.wiki.api import MediaWikiClient

from .conftest import OTHER_ADMIN, Community, login
from .test_jsonpage_cycle import MakeCommunity, entries, make_cycle


class Interleaving(MediaWikiClient):
    """Our bot, with someone else's edit slipped in right before some of its edits."""

    def __init__(self, api_url: str, before_edits: list[Callable[[], None]]) -> None:
        super().__init__(api_url, sleep=lambda _s: None)
        self.before_edits = before_edits

    def post_with_token(self, **params: Any) -> dict[str, Any]:
        if params.get("action") == "edit" and self.before_edits:
            self.before_edits.pop(0)()
        return super().post_with_token(**params)


def bot_with(c: Community, *concurrent: Callable[[], None]) -> Interleaving:
    client = Interleaving(c.wiki.api_url, list(concurrent))
    client.login(*c.wiki.bot_credentials())
    return client


def other_admin_edits(c: Community, change: Callable[[dict[str, Any]], None]) -> Callable[[], None]:
    def edit() -> None:
        document = c.read()
        change(document["Mentors"])
        c.write(c.list_page, document, "Another admin's edit", login(c.wiki, OTHER_ADMIN))

    return edit


def test_an_edit_elsewhere_in_the_list_is_kept_with_ours(
    community: MakeCommunity, tmp_path: Path
) -> None:
    c = community().mentor("Quiet", 12).mentor("A", 1).mentor("B", 1).mentor("Last", 1).publish()
    last = str(c.id("Last"))
    edit = other_admin_edits(c, lambda m: m[last].update(message="Edited by another admin"))
    report = make_cycle(c, tmp_path, bot_with(c, edit)).run()
    assert [o.status for o in report.outcomes] == ["done"]
    listed = entries(c)
    assert listed[last]["message"] == "Edited by another admin"
    assert "awayTimestamp" in listed[str(c.id("Quiet"))]


def test_an_edit_next_to_ours_conflicts_and_ours_is_reapplied(
    community: MakeCommunity, tmp_path: Path
) -> None:
    c = community().mentor("Quiet", 12).mentor("Next", 1).publish()
    next_key = str(c.id("Next"))
    # dropping the last entry rewrites the line right after ours: MediaWiki reports a conflict
    edit = other_admin_edits(c, lambda m: m.pop(next_key))
    report = make_cycle(c, tmp_path, bot_with(c, edit)).run()
    assert [o.status for o in report.outcomes] == ["done"]
    listed = entries(c)
    assert next_key not in listed
    assert "awayTimestamp" in listed[str(c.id("Quiet"))]
    comments = [revision["comment"] for revision in c.history()]
    assert comments[0].startswith("Marking mentor") and comments[1] == "Another admin's edit"


def test_an_admin_adding_a_mentor_meanwhile_is_not_undone(
    community: MakeCommunity, tmp_path: Path
) -> None:
    c = community().mentor("Quiet", 12).mentor("Gone", 45).publish()
    newcomer = {"username": "Admin", "message": "New here", "weight": 2}
    edit = other_admin_edits(c, lambda m: m.update({"1": newcomer}))
    report = make_cycle(c, tmp_path, bot_with(c, edit)).run()
    assert sorted(o.status for o in report.outcomes) == ["done", "done"]
    listed = entries(c)
    assert listed["1"] == newcomer
    assert str(c.id("Gone")) not in listed


def test_a_change_to_the_same_mentor_meanwhile_wins_and_we_skip(
    community: MakeCommunity, tmp_path: Path
) -> None:
    c = community().mentor("Quiet", 12).publish()
    quiet = str(c.id("Quiet"))
    edit = other_admin_edits(c, lambda m: m[quiet].update(message="I am back next week"))
    cycle = make_cycle(c, tmp_path, bot_with(c, edit))
    report = cycle.run()
    (outcome,) = report.outcomes
    assert outcome.status == "skipped" and "changed since it was read" in outcome.detail
    assert entries(c)[quiet] == {
        "username": c.name("Quiet"),
        "message": "I am back next week",
        "weight": 2,
    }
    (record,) = cycle.journal.actions.find(report.run_id)
    assert record.status == "skipped"


def test_endless_conflicts_give_up_without_writing(
    community: MakeCommunity, tmp_path: Path
) -> None:
    c = community().mentor("Quiet", 12).mentor("Next", 1).publish()
    quiet = str(c.id("Quiet"))

    def touch_the_line_after_quiet(number: int) -> Callable[[dict[str, Any]], None]:
        # adding or dropping the entry right after ours rewrites the line next to our change,
        # which MediaWiki cannot merge: a real edit conflict, every time
        def change(mentors: dict[str, Any]) -> None:
            keys = list(mentors)
            if keys[-1] == quiet:
                mentors[str(900 + number)] = {"username": f"X{number}", "weight": 2}
            else:
                del mentors[keys[keys.index(quiet) + 1]]

        return change

    published = len(c.history())
    edits = [other_admin_edits(c, touch_the_line_after_quiet(n)) for n in range(5)]
    cycle = make_cycle(c, tmp_path, bot_with(c, *edits))
    report = cycle.run()
    (outcome,) = report.outcomes
    assert outcome.status == "failed" and "kept changing" in outcome.detail
    history = c.history()
    assert len(history) == published + 3  # three concurrent edits, none of ours
    assert {revision["user"] for revision in history[:3]} == {OTHER_ADMIN}
    assert "awayTimestamp" not in entries(c)[quiet]
    assert cycle.journal.actions.find(report.run_id)[0].status == "failed"
