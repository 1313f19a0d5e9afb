"""Dates at the edges never crash a plan: one mentor's edit dated in year 9999 (or year 1, or
any moment a datetime holds) is reported for that mentor, and every other mentor is planned.

A property over snapshots whose every moment (the run's, each edit, registration, away, pause,
warning) may be anywhere from year 1 to year 9999; plus the run's own report of such a plan."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from hypothesis import example, given, settings
from hypothesis import strategies as st

from mentorwatch.cli.render import plan_to_text
from mentorwatch.domain.activity import Activity
from mentorwatch.domain.away import automatic_away_until, check_self_away, removal_forecast
from mentorwatch.domain.config import CommunityConfig
from mentorwatch.domain.mentors import Mentor, Pause
from mentorwatch.domain.planner import Action, Flag, plan
from mentorwatch.domain.snapshot import Snapshot, decode_snapshot, encode_snapshot
from mentorwatch.domain.timeutil import format_timestamp, parse_timestamp
from mentorwatch.domain.warned import Warned
from mentorwatch.service.plan_json import plan_to_json

from .builders import NOW
from .test_planner_properties import configs

EARLIEST = datetime.min.replace(tzinfo=UTC)
LATEST = datetime.max.replace(tzinfo=UTC)
EDGES = [
    EARLIEST,
    LATEST,
    datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC),
    datetime(1, 1, 1, 0, 0, 1, tzinfo=UTC),
    datetime(1970, 1, 1, tzinfo=UTC),
    NOW,
]
moments = st.one_of(
    st.sampled_from([edge.replace(microsecond=0) for edge in EDGES]),
    st.datetimes(timezones=st.just(UTC)).map(lambda moment: moment.replace(microsecond=0)),
)
maybe = st.one_of(st.none(), moments)


@st.composite
def extreme_snapshots(draw: st.DrawFn) -> Snapshot:
    ids = draw(st.lists(st.integers(1, 10_000), unique=True, min_size=1, max_size=8))
    mentors = tuple(
        Mentor(user_id, f"M{user_id}", None, draw(st.sampled_from([0, 1, 2])), draw(maybe))
        for user_id in ids
    )
    activity = {user_id: Activity(draw(maybe), draw(maybe), draw(st.booleans())) for user_id in ids}
    return Snapshot(
        now=draw(st.one_of(st.just(NOW), moments)),
        config=draw(configs()),
        mentors=mentors,
        activity=activity,
        run_interval=timedelta(days=draw(st.integers(1, 28))),
        paused={i: Pause(2, draw(moments)) for i in ids if draw(st.booleans())},
        warned={i: Warned(draw(moments), draw(maybe)) for i in ids if draw(st.booleans())},
        away_noticed={i: draw(moments) for i in ids if draw(st.booleans())},
    )


#: the tester's run: one mentor's edit dated 9999-12-31, the other due removal
YEAR_9999 = Snapshot(
    now=NOW,
    config=CommunityConfig(True, 10, True, 30, True, 7, True),
    mentors=(Mentor(5, "Chen", None, 1, None), Mentor(6, "Dalia", None, 2, None)),
    activity={
        5: Activity(datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC), NOW - timedelta(days=900)),
        6: Activity(NOW - timedelta(days=40), NOW - timedelta(days=900)),
    },
)


@settings(max_examples=400)
@given(extreme_snapshots())
@example(YEAR_9999)
@example(YEAR_9999.__class__(**{**YEAR_9999.__dict__, "now": LATEST}))
def test_a_plan_over_dates_at_the_edges_never_crashes(snapshot: Snapshot) -> None:
    result = plan(snapshot)
    assert [d.user_id for d in result.decisions] == [m.user_id for m in snapshot.mentors]
    for decision in result.decisions:
        record = snapshot.activity.get(decision.user_id)
        last = record.last_active_at if record is not None else None
        if last is not None and last > snapshot.now and not record.blocked:  # type: ignore[union-attr]
            assert Flag.FUTURE_ACTIVITY in decision.flags
            assert decision.action is Action.KEEP  # reported, never acted on
    json.dumps(plan_to_json(result))
    plan_to_text(result)
    again = decode_snapshot(encode_snapshot(snapshot))  # every moment reads back
    assert plan(again).decisions == result.decisions


@given(configs(), maybe, moments, moments)
def test_away_dates_at_the_edges_are_moments_not_errors(
    config: object, last: datetime | None, now: datetime, requested: datetime
) -> None:
    automatic_away_until(last, now)  # a removal due then, or (None) none
    automatic_away_until(None, now)
    check_self_away(config, now, requested)  # type: ignore[arg-type]
    removal_forecast(config, last, now)  # type: ignore[arg-type]


@given(moments)
def test_every_moment_is_written_as_it_reads_back(moment: datetime) -> None:
    assert parse_timestamp(format_timestamp(moment)) == moment
