"""The Mentor Status Dashboard and its exports, from the cached state (no wiki call).

No view waits on the wiki: without a snapshot yet the page says "refreshing…" and the first
one is read in the background. The page carries an ETag and Last-Modified made from what it
shows (the state's version and time, the user, the query), so a reload answers 304 without
rendering.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from flask import Blueprint, Response, redirect, render_template, request, session, url_for
from markupsafe import Markup
from werkzeug.wrappers import Response as BaseResponse

from mentorwatch.domain.timeutil import format_timestamp
from mentorwatch.web.runtime.reader_language import current_text
from mentorwatch.web.runtime.services import services
from mentorwatch.web.views import listing
from mentorwatch.web.views.dashboard_state import DashboardState
from mentorwatch.web.views.exports import csv_file, rows_to_csv
from mentorwatch.web.views.mentor_rows import STATUSES, Row

blueprint = Blueprint("dashboard", __name__)

#: seconds an export waits for the first snapshot after start
EXPORT_WAIT = 120.0
#: rendered pages of rows kept per state (about 80 KiB each)
MAX_PAGES_KEPT = 200


def current_rows() -> tuple[DashboardState | None, list[Row]]:
    """The cached state and all its rows, filtered and sorted as the query string asks (an
    export waits a while for the first snapshot rather than answer empty)."""
    state = services().cache.first_state(EXPORT_WAIT)
    if state is None:
        return None, []
    return state, listing.matching(state, listing.Query.parse(request.args))


def _etag(state: DashboardState | None) -> str:
    found = services()
    cache = found.cache
    hour = _hour()
    parts = (
        cache.version,
        state.taken_at.isoformat() if state else "",
        cache.refreshing,
        cache.error,
        session.get("key", ""),
        session.get("csrf", ""),
        request.headers.get("Accept-Language", ""),
        request.full_path,
        hour,
    )
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


@blueprint.get("/")
def dashboard() -> BaseResponse:
    state = services().cache.get()
    etag = _etag(state)
    if request.if_none_match.contains(etag):
        response = Response(status=304)
    else:
        query = listing.Query.parse(request.args)
        shown = listing.page_of(state, query) if state is not None else None
        html = render_template(
            "dashboard.html",
            listing=shown,
            rows_html=_rows_html(state, query, shown),
            chart=listing.chart(state, current_text()) if state is not None else None,
            counts=listing.counts(state) if state is not None else {},
            statuses=STATUSES,
            sort=query.sort,
            order=query.order,
            status=query.status,
        )
        response = Response(html, mimetype="text/html")
    response.set_etag(etag)
    if state is not None:
        response.last_modified = state.taken_at
    response.cache_control.private = True
    response.cache_control.no_cache = True
    return response


def _rows_html(
    state: DashboardState | None, query: listing.Query, shown: listing.Listing | None
) -> Markup:
    """The table rows of this page, rendered once per state, page, reader (language, date
    format, time zone) and hour."""
    if state is None or shown is None:
        return Markup("")
    text = current_text()
    key = (query, shown.page, text.language, text.dates, _hour())
    pages: dict[Any, Markup] = state.memo.setdefault("pages", {})
    html = pages.get(key)
    if html is None:
        if len(pages) >= MAX_PAGES_KEPT:
            pages.clear()
        html = Markup(render_template("dashboard_rows.html", rows=shown.rows))
        pages[key] = html
    return html


def _hour() -> str:
    return services().clock().strftime("%Y%m%d%H")  # "3 days ago" moves on without a refresh


@blueprint.get("/export.csv")
def export_csv() -> Response:
    _state, rows = current_rows()
    return Response(
        csv_file(rows_to_csv(rows, current_text())),
        mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=mentors.csv"},
    )


@blueprint.get("/export.json")
def export_json() -> Response:
    state, rows = current_rows()
    document = {
        # the journal's key for the wiki (as it names itself), as the command line's output
        "wiki": (state.snapshot.wiki if state else None) or services().api_url,
        "api_url": services().api_url,
        "as_of": format_timestamp(state.taken_at) if state else None,
        "mentors": [row.as_json() for row in rows],
    }
    return Response(json.dumps(document, indent=2, ensure_ascii=False), mimetype="application/json")


@blueprint.post("/refresh")
def refresh() -> BaseResponse:
    services().cache.refresh_in_background()
    return redirect(url_for("dashboard.dashboard"))
