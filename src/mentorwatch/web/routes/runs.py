"""Runs from the journal: the cleanup's, the web app's saves and undos, for this wiki."""

from __future__ import annotations

from flask import Blueprint, abort, render_template

from mentorwatch.store.journal import UnknownRun
from mentorwatch.web.services import services

blueprint = Blueprint("runs", __name__)


@blueprint.get("/runs")
def runs() -> str:
    found = services()
    return render_template("runs.html", runs=found.journal.runs(found.api_url, limit=100))


@blueprint.get("/runs/<int:run_id>")
def run_page(run_id: int) -> str:
    journal = services().journal
    try:
        run = journal.run(run_id)
    except UnknownRun:
        abort(404, f"There is no run #{run_id}.")
    if run["wiki"] != services().api_url:
        abort(404, f"Run #{run_id} was on another wiki.")
    return render_template(
        "run.html",
        run=run,
        actions=journal.actions(run_id=run_id),
        decisions=journal.decisions(run_id),
    )
