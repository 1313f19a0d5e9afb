"""A mentor's own away settings: away for N days or until a date, or back now; written to the
mentor's own entry as the signed-in mentor (``service/own_away.py``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import Blueprint, abort, redirect, render_template, request, url_for

from mentorwatch.domain.away import max_self_away_days
from mentorwatch.domain.config import CommunityConfig, ConfigError
from mentorwatch.domain.mentors import MentorListError
from mentorwatch.domain.message import Message
from mentorwatch.domain.timeutil import TimestampError, format_timestamp, parse_timestamp
from mentorwatch.service.own_away import (
    NotSavedForThem,
    away_status,
    come_back,
    read_own_entry,
    read_removal_forecast,
    save_own_away,
)
from mentorwatch.web.runtime.dashboard_refresh import with_away
from mentorwatch.web.runtime.reader_language import current_text
from mentorwatch.web.runtime.security import current_user
from mentorwatch.web.runtime.services import services
from mentorwatch.web.runtime.sessions import WebUser
from mentorwatch.web.views.forms import parse_away_form
from mentorwatch.web.views.texts import (
    not_on_behalf_message,
    refusal_message,
    removal_note,
    removal_warning,
)
from mentorwatch.wiki.errors import WikiError
from mentorwatch.wiki.mentorlist import EntryChanged, MentorListBackend, RawEntry
from mentorwatch.wiki.refusals import refused

blueprint = Blueprint("away", __name__)

ENTRY_CHANGED = Message.of("mentorwatch-web-entry-changed")


@blueprint.route("/away", methods=["GET", "POST"])
def away() -> Any:
    user = current_user()
    backend = services().wiki.backend(user.client)
    now = services().clock()
    try:
        own = read_own_entry(backend, user, now)
    except (WikiError, ConfigError, MentorListError) as error:
        return render_template("away.html", entry=None, errors={"form": str(error)}), 502
    if own.entry is None:
        abort(403, current_text().text("mentorwatch-web-not-a-mentor", user=user.name))
    context = _page(backend, own.entry, own.rules, now)
    context["removal"] = read_removal_forecast(own.rules, backend, user, now)
    context["removal_note"] = removal_note(context["removal"])
    context["waiting_diffs"] = _own_waiting(user.name)
    if request.method == "GET":
        return render_template("away.html", **context)
    if request.form.get("action") == "back":
        return _come_back(user, backend, own.entry, context)
    return _go_away(user, backend, own.entry, own.rules, now, context)


def _own_waiting(name: str) -> tuple[str, ...]:
    """The signed-in mentor's questions waiting (their diffs), from the dashboard's cached
    state (no wiki call; none until it is loaded)."""
    state = services().cache.get()
    if state is None:
        return ()
    return next((row.waiting_diffs for row in state.rows if row.username == name), ())


def _page(
    backend: MentorListBackend, entry: RawEntry, config: CommunityConfig, now: datetime
) -> dict[str, Any]:
    """What the page shows: the mentor's away status and the limits of this wiki."""
    status = away_status(backend, entry, now)
    return {
        "entry": entry,
        "away_until": status.away_until,
        "is_away": status.is_away,
        "community": config,
        "errors": {},
        "values": {"mode": "days", "days": "", "until": ""},
        "saved": _saved(request.args.get("saved", "")),
        "max_days": max_self_away_days(config),
    }


def _saved(text: str) -> str | datetime | None:
    """The page's "saved" note: "back", or the moment the away was saved until (nothing else
    from the address is shown)."""
    if text == "back":
        return text
    try:
        return parse_timestamp(text)
    except TimestampError:
        return None


def _come_back(
    user: WebUser, backend: MentorListBackend, entry: RawEntry, context: dict[str, Any]
) -> Any:
    if not context["is_away"]:
        return redirect(url_for("away.away"))
    found = services()
    try:
        come_back(found.writes, user, backend, entry, found.wiki.operator_backend)
    except EntryChanged:
        context["errors"] = {"form": ENTRY_CHANGED}
        return render_template("away.html", **context), 409
    except (WikiError, NotSavedForThem) as error:
        return _failed(error, user, backend, context)
    found.cache.saved(with_away(user.user_id, None))
    return redirect(url_for("away.away", saved="back"))


def _go_away(
    user: WebUser,
    backend: MentorListBackend,
    entry: RawEntry,
    config: CommunityConfig,
    now: datetime,
    context: dict[str, Any],
) -> Any:
    context["values"] = {key: request.form.get(key, "") for key in ("mode", "days", "until")}
    asked = parse_away_form(request.form, config, now)
    if asked.error is not None or asked.until is None:
        context["errors"] = {asked.field: asked.error or Message.of("mentorwatch-web-choose-when")}
        return render_template("away.html", **context), 422
    warning = removal_warning(context["removal"], asked.until)
    if warning is not None and request.form.get("confirm") != "yes":
        context["confirm"] = warning
        return render_template("away.html", **context)
    found = services()
    try:
        saved = save_own_away(
            found.writes, user, backend, entry, asked.until, found.wiki.operator_backend
        )
    except EntryChanged:
        context["errors"] = {"form": ENTRY_CHANGED}
        return render_template("away.html", **context), 409
    except (WikiError, NotSavedForThem) as error:
        return _failed(error, user, backend, context)
    found.cache.saved(with_away(user.user_id, saved.until))
    return redirect(url_for("away.away", saved=format_timestamp(saved.until)))


def _failed(
    error: WikiError | NotSavedForThem,
    user: WebUser,
    backend: MentorListBackend,
    context: dict[str, Any],
) -> Any:
    """The page again with what went wrong: the wiki's refusal said plainly (403), why
    nothing was saved on the mentor's behalf (403), or 502."""
    if isinstance(error, NotSavedForThem):
        message = not_on_behalf_message(error.standing, backend.list_page, user.name)
        context["errors"] = {"form": message}
        return render_template("away.html", **context), 403
    if refused(error):
        context["errors"] = {"form": refusal_message(error, backend.list_page, user.name)}
        return render_template("away.html", **context), 403
    context["errors"] = {"form": Message.of("mentorwatch-web-wiki-did-not-save", error=str(error))}
    return render_template("away.html", **context), 502
