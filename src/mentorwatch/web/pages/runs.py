"""Runs from the journal: the cleanup's, the web app's saves and undos, for this wiki."""

from __future__ import annotations

import re
from dataclasses import replace

from flask import Blueprint, abort, render_template

from mentorwatch.domain.message import Message
from mentorwatch.language.render import sentences_text, stored_text
from mentorwatch.store.journal import UnknownRun
from mentorwatch.web.runtime.reader_language import current_text
from mentorwatch.web.runtime.services import services
from mentorwatch.wiki.errors import WikiError

blueprint = Blueprint("runs", __name__)

#: a run id in an address: digits, no more than a database integer has
RUN_ID = re.compile(r"[0-9]{1,19}")


@blueprint.get("/runs")
def runs() -> str:
    found = services()
    runs = found.journal.runs.recent(_wiki_key(), limit=100)
    return render_template("runs.html", runs=[run.to_json() for run in runs])


def _wiki_key() -> str:
    """The journal's key for this wiki: the wiki's own name for itself, so known only once
    it has answered."""
    try:
        return services().wiki_key
    except WikiError as error:
        abort(503, current_text().text("mentorwatch-web-wiki-unreachable", error=str(error)))


@blueprint.get("/runs/<run_id>")
def run_page(run_id: str) -> str:
    # not <int:run_id>: Werkzeug's converter fails with a 500 on thousands of digits
    if not RUN_ID.fullmatch(run_id):
        abort(404, current_text().text("mentorwatch-web-no-such-run"))
    return _run_page(int(run_id))


def _run_page(run_id: int) -> str:
    journal = services().journal
    try:
        run = journal.runs.get(run_id)
    except UnknownRun:
        abort(404, current_text().text("mentorwatch-web-no-run", run=run_id))
    if run.wiki != _wiki_key():
        abort(404, current_text().text("mentorwatch-web-run-elsewhere", run=run_id))
    # reasons and outcomes' details journaled as messages, rendered in the reader's language
    # (prose journaled before them, as it is)
    style = current_text().style
    actions = [
        replace(
            action,
            reason=stored_text(action.reason, style),
            detail=action.detail and stored_text(action.detail, style),
        )
        for action in journal.actions.find(run_id=run_id)
    ]
    decisions = [
        {**decision, "reason": stored_text(decision["reason"], style)}
        for decision in journal.runs.decisions(run_id)
    ]
    shown = run.to_json()
    summary = shown.get("summary") or {}
    if summary.get("refused"):  # the refusal in the reader's language, where journaled as such
        said = [Message.from_json(item) for item in summary.get("refused_messages") or ()]
        refused = sentences_text(said, style) if said else str(summary["refused"])
        shown["summary"] = {**summary, "refused": refused}
    return render_template("run.html", run=shown, actions=actions, decisions=decisions)
