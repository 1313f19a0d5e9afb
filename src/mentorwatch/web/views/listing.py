"""One page of the dashboard: sorted, filtered and paginated on the server.

Sort orders, per-status counts and the chart are computed once per state (kept in its
``memo``); a page view then slices the rows it shows, so its cost does not grow with the rows
it does not show. Links carry ``sort``, ``order``, ``status`` and ``page``: no JavaScript.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from markupsafe import Markup

from mentorwatch.web.views.chart import inactivity_chart
from mentorwatch.web.views.dashboard_state import DashboardState
from mentorwatch.web.views.mentor_rows import (
    QUESTIONS_WAITING,
    SORT_KEYS,
    STATUSES,
    Row,
    filter_rows,
    sort_rows,
)
from mentorwatch.web.views.page_text import PageText

PAGE_SIZE = 100


@dataclass(frozen=True)
class Query:
    sort: str = "name"
    order: str = "asc"
    status: str = ""
    page: int = 1

    @classmethod
    def parse(cls, args: Mapping[str, str]) -> Query:
        sort = args.get("sort", "name")
        status = args.get("status", "")
        try:
            page = max(1, int(args.get("page", "1")))
        except ValueError:
            page = 1
        return cls(
            sort if sort in SORT_KEYS else "name",
            "desc" if args.get("order") == "desc" else "asc",
            status if status in STATUSES or status == QUESTIONS_WAITING else "",
            page,
        )


@dataclass(frozen=True)
class Listing:
    rows: list[Row]  # this page's
    total: int  # rows matching the filter
    page: int
    pages: int
    first: int  # 1-based number of the first row shown (0 when none)


def matching(state: DashboardState, query: Query) -> list[Row]:
    """All rows of the state that match, in the query's order (computed once per state)."""
    key = ("rows", query.sort, query.order, query.status)
    found: list[Row] | None = state.memo.get(key)
    if found is None:
        ordered = state.memo.get(("sorted", query.sort, query.order))
        if ordered is None:
            ordered = sort_rows(state.rows, query.sort, query.order == "desc")
            state.memo[("sorted", query.sort, query.order)] = ordered
        found = filter_rows(ordered, query.status or None)
        state.memo[key] = found
    return found


def page_of(state: DashboardState, query: Query, size: int = PAGE_SIZE) -> Listing:
    rows = matching(state, query)
    pages = max(1, -(-len(rows) // size))
    page = min(query.page, pages)
    start = (page - 1) * size
    shown = rows[start : start + size]
    return Listing(shown, len(rows), page, pages, start + 1 if shown else 0)


def counts(state: DashboardState) -> dict[str, int]:
    found: dict[str, int] | None = state.memo.get("counts")
    if found is None:
        found = {}
        for row in state.rows:
            found[row.status] = found.get(row.status, 0) + 1
        state.memo["counts"] = found
    return found


def chart(state: DashboardState, text: PageText) -> Markup:
    """The chart of the state, labelled in the reader's language (once per language)."""
    found: Markup | None = state.memo.get(("chart", text.language))
    if found is None:
        cfg = state.snapshot.config
        found = inactivity_chart(
            state.rows,
            cfg.autoaway_after_days if cfg.autoaway_enabled else None,
            cfg.autoremove_after_days if cfg.autoremove_enabled else None,
            text,
        )
        state.memo[("chart", text.language)] = found
    return found
