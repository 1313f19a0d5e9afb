"""The windowed last-edit read against scripted answers: the ordering it relies on is checked,
and where it does not hold, the users are asked one by one."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from mentorwatch.wiki.activity import WINDOWS, ActivityReader

NOW = datetime(2025, 6, 1, tzinfo=UTC)
Answer = Callable[[dict[str, Any]], dict[str, Any]]


def stamp(days_ago: float) -> str:
    return (NOW - timedelta(days=days_ago)).strftime("%Y-%m-%dT%H:%M:%SZ")


class Scripted:
    """Enough of MediaWikiClient for the reader: answers come from a function."""

    def __init__(self, contribs: Answer, high_limits: bool = True) -> None:
        self.contribs = contribs
        self.rights = ["apihighlimits"] if high_limits else []
        self.requests: list[dict[str, Any]] = []

    def get(self, **params: Any) -> dict[str, Any]:
        self.requests.append(params)
        if params.get("meta") == "userinfo":
            return {"query": {"userinfo": {"rights": self.rights}}}
        return self.contribs(params)

    def map_get(self, param_sets: list[dict[str, Any]], workers: int = 4) -> list[dict[str, Any]]:
        return [self.get(**params) for params in param_sets]

    def contrib_requests(self) -> list[dict[str, Any]]:
        return [r for r in self.requests if r.get("list") == "usercontribs"]


def reader(client: Scripted) -> ActivityReader:
    return ActivityReader(client, workers=1)  # type: ignore[arg-type]


def mediawiki(edits: dict[int, list[float]]) -> Answer:
    """usercontribs as MediaWiki answers it: by user id descending, newest first, cut at uclimit."""

    def answer(params: dict[str, Any]) -> dict[str, Any]:
        ids = sorted((int(u) for u in params["ucuserids"].split("|")), reverse=True)
        end = params.get("ucend", "")
        rows = [
            {"userid": u, "timestamp": stamp(d)}
            for u in ids
            for d in sorted(edits.get(u, []))
            if stamp(d) >= end
        ]
        limit = int(params["uclimit"])
        cut = {"continue": {"uccontinue": "x"}} if len(rows) > limit else {}
        return {"query": {"usercontribs": rows[:limit]}, **cut}

    return answer


def one_by_one(edits: dict[int, list[float]]) -> dict[int, datetime | None]:
    return {
        u: (NOW - timedelta(days=min(d))).replace(microsecond=0) if d else None
        for u, d in edits.items()
    }


def test_rows_out_of_order_are_asked_one_by_one() -> None:
    truth = {1: [3.0, 9.0], 2: [5.0], 3: []}

    def interleaved(params: dict[str, Any]) -> dict[str, Any]:
        if "|" in params["ucuserids"]:  # a MediaWiki that mixes users: 1, 2, then 1 again
            rows = [
                {"userid": 1, "timestamp": stamp(9)},
                {"userid": 2, "timestamp": stamp(5)},
                {"userid": 1, "timestamp": stamp(3)},
            ]
            return {"query": {"usercontribs": rows}}
        return mediawiki(truth)(params)

    client = Scripted(interleaved)
    assert reader(client).last_edits([1, 2, 3], now=NOW) == one_by_one(truth)
    alone = [r["ucuserids"] for r in client.contrib_requests() if r["uclimit"] == "1"]
    assert sorted(alone) == ["1", "2", "3"] and all(
        "ucend" not in r for r in client.contrib_requests() if r["uclimit"] == "1"
    )


def test_rows_oldest_first_are_asked_one_by_one() -> None:
    truth = {1: [3.0, 9.0], 2: [5.0]}

    def oldest_first(params: dict[str, Any]) -> dict[str, Any]:
        answer = mediawiki(truth)(params)
        if "|" in params["ucuserids"]:
            answer["query"]["usercontribs"].sort(key=lambda r: (-r["userid"], r["timestamp"]))
        return answer

    assert reader(Scripted(oldest_first)).last_edits([1, 2], now=NOW) == one_by_one(truth)


def test_windows_grow_and_the_last_has_no_end() -> None:
    truth = {1: [1.0], 2: [50.0, 60.0], 3: [5000.0], 4: []}
    client = Scripted(mediawiki(truth))
    assert reader(client).last_edits(truth, now=NOW) == one_by_one(truth)
    asked = [(r["ucuserids"], r.get("ucend")) for r in client.contrib_requests()]
    assert asked[0] == ("1|2|3|4", stamp(WINDOWS[0]))
    assert asked[-1] == ("3|4", None)  # older than every window, and never edited
    assert len(asked) == len(WINDOWS)


def test_a_cut_answer_asks_again_without_the_resolved() -> None:
    truth = {user_id: [float(user_id), user_id + 0.5, user_id + 0.7] for user_id in range(1, 9)}
    client = Scripted(mediawiki(truth))
    windows = reader(client)
    windows.row_limit = lambda: 5  # type: ignore[method-assign]
    assert windows.last_edits(truth, now=NOW) == one_by_one(truth)
    asked = [r["ucuserids"] for r in client.contrib_requests()]
    assert asked[:3] == ["1|2|3|4|5|6|7|8", "1|2|3|4|5|6", "1|2|3|4"]  # 8 and 7, then 6 and 5
    assert len(asked) == 4


def test_prolific_world_costs_a_few_requests() -> None:
    rng = random.Random(7)
    truth: dict[int, list[float]] = {}
    for user_id in range(1, 2001):
        last = rng.choice([rng.uniform(0, 30), rng.uniform(0, 30), rng.uniform(30, 1500)])
        truth[user_id] = [last + rng.uniform(0, 2500) for _ in range(rng.randint(150, 600))]
        truth[user_id][0] = last
    truth[2000] = []
    client = Scripted(mediawiki(truth))
    assert reader(client).last_edits(truth, now=NOW) == one_by_one(truth)
    assert len(client.contrib_requests()) <= 60
