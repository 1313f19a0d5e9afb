"""The web app's pure parts: form validation, dashboard rows, dates, sessions."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from mentorwatch.domain.activity import Activity
from mentorwatch.domain.config import CommunityConfig
from mentorwatch.domain.exemptions import Exemption
from mentorwatch.domain.mentors import Mentor
from mentorwatch.domain.message import Message
from mentorwatch.domain.snapshot import Snapshot
from mentorwatch.domain.upstream import UpstreamRules
from mentorwatch.domain.warned import Warned
from mentorwatch.language.catalogue import Style, catalogue
from mentorwatch.web.runtime.sessions import SessionStore, WebUser
from mentorwatch.web.views.chart import inactivity_chart
from mentorwatch.web.views.dashboard_state import state_from
from mentorwatch.web.views.dates import format_date, relative
from mentorwatch.web.views.exports import rows_to_csv
from mentorwatch.web.views.forms import config_form_values, parse_away_form, parse_config_form
from mentorwatch.web.views.mentor_rows import Row, filter_rows, sort_rows
from mentorwatch.web.views.page_text import PageText
from mentorwatch.wiki.api import MediaWikiClient

from .builders import DAY, NOW

FORM_OFF = {"autoaway": "no", "autoremove": "no", "warn": "no", "notify": "no"}


def english(said: Message | str) -> str:
    """What a form says, as an English reader reads it."""
    return said if isinstance(said, str) else catalogue().text(said, Style("en"))


def test_the_form_proposes_10_and_30_days_for_rules_that_are_off() -> None:
    values = config_form_values({})
    assert values["autoaway"] == values["autoremove"] == "no"
    assert (values["autoaway_days"], values["autoremove_days"], values["warn_days"]) == (
        "10",
        "30",
        "7",
    )
    stored = config_form_values({"RemoveInactiveMentors": True, "RemoveAfterDays": 14})
    assert (stored["autoremove"], stored["autoremove_days"]) == ("yes", "14")


def test_a_valid_form_keeps_the_other_settings_of_the_page() -> None:
    stored = {"$comment": "kept", "RemoveAfterDays": 90}
    form = {**FORM_OFF, "autoremove": "yes", "autoremove_days": "30", "autoaway_days": "junk"}
    result = parse_config_form(form, stored)
    assert result.errors == {}  # the away days are not read while away is off
    assert result.document == {
        "$comment": "kept",
        "MarkInactiveMentorsAway": False,
        "RemoveInactiveMentors": True,
        "RemoveAfterDays": 30,
        "WarnBeforeRemoval": False,
        "NotifyOnAction": False,
    }


@pytest.mark.parametrize(
    ("changes", "field", "says"),
    [
        (
            {"autoaway": "yes", "autoaway_days": "10", "autoremove_days": "5"},
            "autoaway_days",
            "must be less than",
        ),
        ({"autoremove_days": "-3"}, "autoremove_days", "whole number of days"),
        ({"autoremove_days": "0"}, "autoremove_days", "from 1 to 3650"),
        ({"autoremove_days": "4000"}, "autoremove_days", "from 1 to 3650"),
        ({"autoremove": "maybe"}, "autoremove", "Yes or No"),
        ({"warn": "yes", "warn_days": "30"}, "warn_days", "Lower the warning days"),
        ({"warning_text": "Bye $9"}, "warning_text", "$9"),
    ],
)
def test_bad_values_are_reported_by_field_and_nothing_is_saved(
    changes: dict[str, str], field: str, says: str
) -> None:
    form = {**FORM_OFF, "autoremove": "yes", "autoremove_days": "30", **changes}
    result = parse_config_form(form, {})
    assert result.document is None
    assert says in english(result.errors[field])


def test_a_bad_value_is_said_in_the_readers_language() -> None:
    """The rules' problems are messages: an Arabic or Korean administrator reads the field's
    problem and its fix in their language (the value as written kept)."""
    form = {**FORM_OFF, "autoremove": "yes", "autoremove_days": "30", "warning_text": "Bye $9"}
    (said,) = parse_config_form(form, {}).errors.values()
    assert isinstance(said, Message)
    korean = catalogue().text(said, Style("ko"))
    assert korean.startswith("여기서 의미가 없는 $9") and "which mean" not in korean
    arabic = catalogue().text(said, Style("ar"))
    assert arabic.startswith("يستخدم $9") and "$1, $2, $3, $4, $5" in arabic


REMOVAL_30 = CommunityConfig(autoremove_enabled=True, autoremove_after_days=30)


def test_away_for_n_days_follows_the_removal_limit() -> None:
    refused = parse_away_form({"mode": "days", "days": "45"}, REMOVAL_30, NOW)
    assert refused.field == "days" and refused.error is not None
    assert "at most 30 days" in english(refused.error)
    allowed = parse_away_form({"mode": "days", "days": "20"}, REMOVAL_30, NOW)
    assert allowed.error is None and allowed.until == NOW + 20 * DAY


def test_away_days_beyond_the_days_fields_bound_say_that_bound() -> None:
    for days, says in (("3650", "at most 365 days"), ("3651", "from 1 to 3650")):
        refused = parse_away_form({"mode": "days", "days": days}, CommunityConfig(), NOW)
        assert refused.field == "days" and refused.error is not None
        assert says in english(refused.error)


def test_away_until_a_date_refuses_the_past_and_more_than_a_year() -> None:
    past = parse_away_form({"mode": "until", "until": "2026-11-01"}, CommunityConfig(), NOW)
    assert past.error is not None and "not in the future" in english(past.error)
    far = parse_away_form({"mode": "until", "until": "2028-01-01"}, CommunityConfig(), NOW)
    assert far.error is not None and "365 days" in english(far.error)
    bad = parse_away_form({"mode": "until", "until": "next week"}, CommunityConfig(), NOW)
    assert bad.error is not None and english(bad.error) == "Enter a date as YYYY-MM-DD."
    ok = parse_away_form({"mode": "until", "until": "2026-12-15"}, CommunityConfig(), NOW)
    assert ok.until == datetime(2026, 12, 15, tzinfo=UTC) and ok.error is None


BOTH = CommunityConfig(True, 10, True, 30, warn_enabled=True)


def dashboard_snapshot() -> Snapshot:
    mentors = (
        Mentor(1, "Active", None, 2, None),
        Mentor(2, "Fading", None, 2, None),
        Mentor(3, "Gone", None, 4, None),
        Mentor(4, "Resting", None, 1, NOW + 9 * DAY),
        Mentor(5, "Blocked", None, 2, None),
    )
    activity = {
        1: Activity(NOW - 2 * DAY, NOW - 900 * DAY),
        2: Activity(NOW - 25 * DAY, NOW - 900 * DAY),
        3: Activity(NOW - 60 * DAY, NOW - 900 * DAY),
        4: Activity(NOW - 3 * DAY, NOW - 900 * DAY),
        5: Activity(NOW - 1 * DAY, NOW - 900 * DAY, blocked=True),
    }
    warned = {3: Warned(NOW - 8 * DAY, NOW - 60 * DAY)}
    return Snapshot(NOW, BOTH, mentors, activity, warned=warned)


def shown(row: Row) -> dict[str, Any]:
    """A row as the dashboard's export shows it (its texts in English, days short)."""
    return row.as_json()


def test_rows_say_status_next_action_and_sort() -> None:
    state = state_from(dashboard_snapshot(), {}, NOW)
    rows = {row.username: row for row in state.rows}
    assert rows["Active"].status == "active"
    assert shown(rows["Active"])["next_action"] == "will be marked away on 3 Dec"  # a future date
    assert rows["Fading"].status == "inactive"  # not warned yet: the next run warns them
    assert shown(rows["Fading"])["next_action"] == "will be marked away and warned at the next run"
    assert rows["Gone"].status == "to_remove" and rows["Gone"].status_label == "due for removal"
    assert rows["Resting"].status == "away" and rows["Resting"].away_until == NOW + 9 * DAY
    assert rows["Blocked"].status == "flagged"
    by_last_edit = [r.username for r in sort_rows(state.rows, "last_edit", descending=True)]
    assert by_last_edit == ["Gone", "Fading", "Resting", "Active", "Blocked"]
    assert [r.username for r in filter_rows(state.rows, "away")] == ["Resting"]


def test_the_csv_export_has_one_row_per_mentor_with_its_cells() -> None:
    state = state_from(dashboard_snapshot(), {}, NOW)
    reader = csv.DictReader(io.StringIO(rows_to_csv(state.rows)))
    assert reader.fieldnames is not None and reader.fieldnames[:3] == [
        "user_id",
        "username",
        "status",
    ]
    exported = list(reader)
    by_name = {row["username"]: row for row in exported}
    assert set(by_name) == {"Active", "Fading", "Gone", "Resting", "Blocked"}
    gone = by_name["Gone"]
    assert (gone["user_id"], gone["status"], gone["weight"]) == ("3", "due for removal", "4")
    assert gone["last_edit_at"] == "2026-09-26T12:00:00Z" and gone["away_until"] == ""
    assert gone["next_action"] == "will be removed at the next run"
    assert by_name["Resting"]["away_until"] == "2026-12-04T12:00:00Z"
    assert by_name["Active"]["mentees"] == ""  # the backend does not know them


def test_rows_show_exemptions_upstreams_plan_and_an_away_past_removal() -> None:
    exempt = Exemption("Gone", "on leave", NOW + 40 * DAY)
    config = replace(BOTH, autoaway_enabled=False, warn_enabled=False, exemptions=(exempt,))
    mentors = (
        Mentor(1, "Active", None, 2, None),
        Mentor(3, "Gone", None, 4, None),
        Mentor(6, "Far", None, 2, NOW + 120 * DAY),
    )
    activity = {
        1: Activity(NOW - 2 * DAY, NOW - 900 * DAY),
        3: Activity(NOW - 60 * DAY, NOW - 900 * DAY),
        6: Activity(NOW - 1 * DAY, NOW - 900 * DAY),
    }
    upstream = UpstreamRules(remove_enabled=True, remove_days=90)
    snapshot = Snapshot(NOW, config, mentors, activity, upstream=upstream)
    rows = {row.username: row for row in state_from(snapshot, {}, NOW).rows}
    assert shown(rows["Gone"])["note"] == "exempt until 4 Jan (on leave)"
    assert rows["Gone"].status == "exempt"  # 60 days inactive, but exempt: not "active"
    assert shown(rows["Gone"])["next_action"] == ""
    assert shown(rows["Active"])["next_action"] == "will be removed by GrowthExperiments on 21 Feb"
    assert shown(rows["Far"])["note"] == "away runs past removal on 22 Feb"
    assert "away_longer_than_removal" in rows["Far"].flags
    exported = {r["username"]: r for r in csv.DictReader(io.StringIO(rows_to_csv(rows.values())))}
    assert exported["Gone"]["note"] == "exempt until 4 Jan (on leave)"
    # a Korean reader's spreadsheet says it in Korean, the days as Korean writes them
    korean = rows_to_csv(rows.values(), PageText("ko")).splitlines()
    gone = next(line for line in korean if ",Gone," in line)
    assert "1월 4일까지 예외 (on leave)" in gone and "exempt" not in gone
    assert exported["Active"]["next_action"] == "will be removed by GrowthExperiments on 21 Feb"


def test_the_chart_draws_both_thresholds() -> None:
    state = state_from(dashboard_snapshot(), {}, NOW)
    svg = str(inactivity_chart(state.rows, 10, 30))
    assert svg.startswith("<svg") and "away (10 d)" in svg and "removal (30 d)" in svg
    assert "away (" not in str(inactivity_chart(state.rows, None, 30))


def test_dates_follow_the_users_wiki_preference() -> None:
    moment = datetime(2026, 12, 3, 5, 0, tzinfo=UTC)
    assert format_date(moment, "dmy") == "3 December 2026"
    assert format_date(moment, "mdy") == "December 3, 2026"
    assert format_date(moment, "ymd") == "2026 December 3"
    assert format_date(moment, "ISO 8601") == "2026-12-03"
    assert format_date(moment, "default") == "3 December 2026"
    assert relative(NOW - 12 * DAY, NOW) == "12 days ago"
    assert relative(NOW - timedelta(hours=3), NOW) == "today"
    assert relative(None, NOW) == "never"


def test_sessions_expire() -> None:
    moments = [NOW]
    store = SessionStore(lambda: moments[0], timedelta(hours=8))
    user = WebUser(
        "k",
        "Ana",
        3,
        frozenset({"edit"}),
        "dmy",
        MediaWikiClient("http://wiki.test/api.php"),
        NOW + timedelta(hours=8),
    )
    store.keep(user)
    assert store.get("k") is user and not user.is_admin
    moments[0] = NOW + timedelta(hours=8)
    assert store.get("k") is None
    assert store.get("k") is None  # and it is gone
