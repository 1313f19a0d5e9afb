"""The community configuration page (administrators only): the cleanup's rules, saved to the
wiki as the signed-in administrator."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, redirect, render_template, request, url_for

from mentorwatch.domain.config import ConfigError, parse_config
from mentorwatch.domain.outcomes import WriteAction
from mentorwatch.web.auth import WebUser
from mentorwatch.web.forms import (
    FormResult,
    config_form_values,
    default_config_summary,
    parse_config_form,
    whole_number,
)
from mentorwatch.web.security import require_admin
from mentorwatch.web.services import services
from mentorwatch.wiki.errors import WikiError
from mentorwatch.wiki.mentorlist import MentorListBackend

blueprint = Blueprint("configuration", __name__)


@blueprint.route("/config", methods=["GET", "POST"])
def configuration() -> Any:
    user = require_admin()
    backend = services().wiki.backend(user.client)
    try:
        raw = backend.read_config()
    except WikiError as error:
        return render_template("config.html", values={}, errors={"form": str(error)}), 502
    stored_problem = None
    try:
        parse_config(raw)
    except ConfigError as error:
        stored_problem = str(error)
    if request.method == "GET":
        return render_template(
            "config.html",
            values=config_form_values(raw),
            errors={},
            stored_problem=stored_problem,
            saved=whole_number(request.args.get("saved", "")),
        )
    result = parse_config_form(request.form, raw)
    if result.document is None:
        return (
            render_template(
                "config.html",
                values=result.values,
                errors=result.errors,
                stored_problem=stored_problem,
            ),
            422,
        )
    return _save(user, backend, raw, result)


def _save(
    user: WebUser, backend: MentorListBackend, raw: dict[str, Any], result: FormResult
) -> Any:
    """Write the valid form to the wiki as ``user``, journaled; the form again if it fails."""
    document = result.document
    assert document is not None
    summary = (request.form.get("summary") or "").strip() or default_config_summary(
        parse_config(document)
    )
    summary += " (via mentorwatch)"
    found = services()
    try:
        revision = found.writes.by_user(
            WriteAction.SET_CONFIG,
            user,
            backend,
            page=backend.config_page,
            before=raw,
            intended=document,
            summary=summary,
            perform=lambda: backend.write_config(document, summary),
        )
    except WikiError as error:
        errors = {"form": f"The wiki did not save the configuration: {error}"}
        return render_template("config.html", values=result.values, errors=errors), 502
    found.cache.saved()  # the rest catches up in the background
    return redirect(url_for("configuration.configuration", saved=revision))
