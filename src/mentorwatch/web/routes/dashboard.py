"""The Mentor Status Dashboard and its exports, from the cached state (no wiki call)."""

from __future__ import annotations

import json

from flask import Blueprint, Response, redirect, render_template, request, url_for
from werkzeug.wrappers import Response as BaseResponse

from mentorwatch.domain.timeutil import format_timestamp
from mentorwatch.web import dashboard as dash
from mentorwatch.web.services import services

blueprint = Blueprint("dashboard", __name__)


def current_rows() -> tuple[dash.DashboardState | None, list[dash.Row]]:
    """The cached state and its rows, filtered and sorted as the query string asks."""
    cache = services().cache
    state = cache.get()
    if state is None:
        cache.refresh_now()  # the very first view waits for the first snapshot
        state = cache.state
    if state is None:
        return None, []
    status = request.args.get("status") or None
    rows = dash.filter_rows(state.rows, status if status in dash.STATUSES else None)
    key = request.args.get("sort", "name")
    descending = request.args.get("order") == "desc"
    return state, dash.sort_rows(rows, key if key in dash.SORT_KEYS else "name", descending)


@blueprint.get("/")
def dashboard() -> str:
    state, rows = current_rows()
    chart = None
    counts: dict[str, int] = {}
    if state is not None:
        cfg = state.snapshot.config
        chart = dash.inactivity_chart(
            state.rows,
            cfg.autoaway_after_days if cfg.autoaway_enabled else None,
            cfg.autoremove_after_days if cfg.autoremove_enabled else None,
        )
        for row in state.rows:
            counts[row.status] = counts.get(row.status, 0) + 1
    return render_template(
        "dashboard.html",
        rows=rows,
        chart=chart,
        counts=counts,
        statuses=dash.STATUSES,
        sort=request.args.get("sort", "name"),
        order=request.args.get("order", "asc"),
        status=request.args.get("status", ""),
    )


@blueprint.get("/export.csv")
def export_csv() -> Response:
    _state, rows = current_rows()
    return Response(
        dash.rows_to_csv(rows),
        mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=mentors.csv"},
    )


@blueprint.get("/export.json")
def export_json() -> Response:
    state, rows = current_rows()
    document = {
        "wiki": services().api_url,
        "as_of": format_timestamp(state.taken_at) if state else None,
        "mentors": [row.as_json() for row in rows],
    }
    return Response(json.dumps(document, indent=2, ensure_ascii=False), mimetype="application/json")


@blueprint.post("/refresh")
def refresh() -> BaseResponse:
    services().cache.refresh_in_background()
    return redirect(url_for("dashboard.dashboard"))
