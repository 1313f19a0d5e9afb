"""A mentor's own away settings: away for N days or until a date, or back now; written to the
mentor's own entry as the signed-in mentor."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import Blueprint, abort, redirect, render_template, request, url_for

from mentorwatch.domain.away import max_self_away_days
from mentorwatch.domain.config import CommunityConfig, ConfigError
from mentorwatch.domain.mentors import MentorListError, decode_mentor
from mentorwatch.domain.notices import human_date
from mentorwatch.domain.outcomes import WriteAction
from mentorwatch.domain.timeutil import TimestampError, format_timestamp, parse_timestamp
from mentorwatch.web.auth import WebUser
from mentorwatch.web.away_limit import (
    away_rules,
    may_save_on_behalf,
    on_behalf_summary,
    removal_date,
)
from mentorwatch.web.forms import parse_away_form
from mentorwatch.web.incremental import with_away
from mentorwatch.web.rules import refusal_message, refused
from mentorwatch.web.security import current_user
from mentorwatch.web.services import services
from mentorwatch.wiki.errors import WikiError
from mentorwatch.wiki.mentorlist import EntryChanged, MentorListBackend, RawEntry, away_until_of

blueprint = Blueprint("away", __name__)

ENTRY_CHANGED = "Your entry changed meanwhile; reload and try again."


@blueprint.route("/away", methods=["GET", "POST"])
def away() -> Any:
    user = current_user()
    backend = services().wiki.backend(user.client)
    key = str(user.user_id)
    try:
        entry = backend.read_list().entries.get(key)
        config = away_rules(backend)
        if entry is not None:  # an entry the page holds in a shape we cannot change safely
            decode_mentor(key, entry, f"Mentors.{key}", {user.user_id: user.name})
    except (WikiError, ConfigError, MentorListError) as error:
        return render_template("away.html", entry=None, errors={"form": str(error)}), 502
    if entry is None:
        abort(403, f"{user.name} is not on this wiki's mentor list.")
    now = services().clock()
    context = _page(backend, entry, config, now)
    context["removal"] = removal_date(config, backend.client, user.name, now)
    if request.method == "GET":
        return render_template("away.html", **context)
    if request.form.get("action") == "back":
        return _come_back(user, backend, entry, context)
    return _go_away(user, backend, entry, config, now, context)


def _page(
    backend: MentorListBackend, entry: RawEntry, config: CommunityConfig, now: datetime
) -> dict[str, Any]:
    """What the page shows: the mentor's away status and the limits of this wiki."""
    away_until = away_until_of(entry)
    if away_until is not None and away_until <= now:
        away_until = None
    is_away = away_until is not None
    if not is_away:
        # REL1_39 keeps a mentor's own away in their preferences, without the date
        is_away = backend.own_away_status() is True
    return {
        "entry": entry,
        "away_until": away_until,
        "is_away": is_away,
        "community": config,
        "errors": {},
        "values": {"mode": "days", "days": "", "until": ""},
        "saved": _saved(request.args.get("saved", "")),
        "max_days": max_self_away_days(config),
    }


def _saved(text: str) -> str | None:
    """The page's "saved" note: "back", or the date the away was saved until (nothing else
    from the address is shown)."""
    if text == "back":
        return text
    try:
        return format_timestamp(parse_timestamp(text))
    except TimestampError:
        return None


def _come_back(
    user: WebUser, backend: MentorListBackend, entry: RawEntry, context: dict[str, Any]
) -> Any:
    if not context["is_away"]:
        return redirect(url_for("away.away"))
    back = {key: value for key, value in entry.items() if key != "awayTimestamp"}
    summary = f"{user.name} is back from away (via mentorwatch)"

    def come_back() -> int | None:
        return backend.set_own_active(user.user_id, user.name, entry, summary).revision_id

    found = services()
    try:
        found.writes.by_user(
            WriteAction.SELF_BACK,
            user,
            backend,
            page=backend.list_page,
            before=entry,
            intended=back,
            summary=summary,
            perform=come_back,
        )
    except WikiError as error:
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
        context["errors"] = {asked.field: asked.error or "Choose when you will be back."}
        return render_template("away.html", **context), 422
    warning = context["removal"].warning(asked.until)
    if warning is not None and request.form.get("confirm") != "yes":
        context["confirm"] = warning
        return render_template("away.html", **context)
    try:
        until = _save_away(user, backend, entry, asked.until)
    except EntryChanged:
        context["errors"] = {"form": ENTRY_CHANGED}
        return render_template("away.html", **context), 409
    except WikiError as error:
        return _failed(error, user, backend, context)
    services().cache.saved(with_away(user.user_id, until))
    return redirect(url_for("away.away", saved=format_timestamp(until)))


def _save_away(
    user: WebUser, backend: MentorListBackend, entry: RawEntry, until: datetime
) -> datetime:
    """Save as the mentor; where the wiki refuses them, as mentorwatch's own account on
    their behalf (their own entry, away only, within the limit checked already)."""
    summary = f"{user.name} is away until {human_date(until)} (via mentorwatch)"
    try:
        return _write_away(user, backend, entry, until, summary)
    except WikiError as error:
        if not refused(error):
            raise
        try:
            operator = services().wiki.operator_backend()
        except WikiError:
            raise error from None
        if not may_save_on_behalf(operator):
            raise
    current = operator.read_list().entries.get(str(user.user_id))
    if current != entry:
        raise EntryChanged(f"the list entry of mentor #{user.user_id} changed since it was read")
    return _write_away(
        user, operator, entry, until, on_behalf_summary(user.name, until, operator.list_page)
    )


def _write_away(
    user: WebUser, backend: MentorListBackend, entry: RawEntry, until: datetime, summary: str
) -> datetime:
    """One journaled write of the mentor's away (as ``backend``'s account), by them."""
    written_until = until

    def go_away() -> int | None:
        nonlocal written_until
        written = backend.set_own_away(user.user_id, user.name, entry, until, summary)
        written_until = away_until_of(written.entry or {}) or until
        return written.revision_id

    services().writes.by_user(
        WriteAction.SELF_AWAY,
        user,
        backend,
        page=backend.list_page,
        before=entry,
        intended={**entry, "awayTimestamp": format_timestamp(until)},
        summary=summary,
        perform=go_away,
    )
    return written_until


def _failed(
    error: WikiError, user: WebUser, backend: MentorListBackend, context: dict[str, Any]
) -> Any:
    """The page again with what went wrong: the wiki's refusal said plainly (403), or 502."""
    if refused(error):
        context["errors"] = {"form": refusal_message(error, backend.list_page, user.name)}
        return render_template("away.html", **context), 403
    context["errors"] = {"form": f"The wiki did not save it: {error}"}
    return render_template("away.html", **context), 502
