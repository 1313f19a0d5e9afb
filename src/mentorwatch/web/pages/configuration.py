"""The rules page (administrators only): mentorwatch's rules and exemptions, saved to the
wiki's rules page as the signed-in administrator (``service/edit_rules_page.py``)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from flask import Blueprint, redirect, render_template, request, url_for

from mentorwatch.domain.config import RULES_KEYS, ConfigError, parse_config
from mentorwatch.domain.outcomes import WriteAction
from mentorwatch.service.edit_rules_page import RulesPageState, load_rules_page, save_rules_page
from mentorwatch.service.preflight import rules_save_check
from mentorwatch.web.runtime.security import require_admin
from mentorwatch.web.runtime.services import services
from mentorwatch.web.runtime.sessions import WebUser
from mentorwatch.web.views.forms import (
    EXEMPTIONS,
    FormResult,
    config_form_values,
    default_config_summary,
    parse_config_form,
    parse_exemption_form,
    remove_exemption,
    whole_number,
)
from mentorwatch.web.views.texts import refusal_message, save_refusal, upstream_notes
from mentorwatch.wiki.errors import WikiError
from mentorwatch.wiki.mentorlist import MentorListBackend
from mentorwatch.wiki.refusals import refused

blueprint = Blueprint("configuration", __name__)


@blueprint.route("/config", methods=["GET", "POST"])
def configuration() -> Any:
    user = require_admin()
    backend = services().wiki.backend(user.client)
    try:
        state = load_rules_page(backend)
    except WikiError as error:
        return render_template("config.html", values={}, errors={"form": str(error)}), 502
    if request.method == "GET":
        return _page(state, config_form_values(state.document), {})
    action = request.form.get("action", "save")
    if action == "exempt":
        result = parse_exemption_form(request.form, state.document)
    elif action == "unexempt":
        result = remove_exemption(request.form.get("mentor", ""), state.document)
    else:
        result = parse_config_form(request.form, state.document)
    if result.document is None:
        values = {**config_form_values(state.document), **result.values}
        return _page(state, values, result.errors, 422)
    return _save(user, backend, state, result, action)


def _page(
    state: RulesPageState, values: dict[str, str], errors: dict[str, str], status: int = 200
) -> Any:
    stored_problem = None
    try:
        config = parse_config(state.document, RULES_KEYS)
    except ConfigError as error:
        stored_problem, config = str(error), None
    index_url = services().wiki.index_url
    html = render_template(
        "config.html",
        values=values,
        errors=errors,
        stored_problem=stored_problem,
        saved=whole_number(request.args.get("saved", "")),
        state=state,
        upstream_notes=upstream_notes(state.upstream),
        exemptions=config.exemptions if config else (),
        raw_exemptions=state.document.get(EXEMPTIONS) if config is None else None,
        page_url=f"{index_url}?title={quote(state.title)}",
        protect_url=f"{index_url}?title={quote(state.title)}&action=protect",
    )
    return html, status


def _save(
    user: WebUser,
    backend: MentorListBackend,
    state: RulesPageState,
    result: FormResult,
    action: str,
) -> Any:
    """Write the valid page to the wiki as ``user``, journaled; the form again if it fails."""
    document = result.document
    assert document is not None
    summary = (request.form.get("summary") or "").strip() or _summary(document, action)
    summary += " (via mentorwatch)"
    found = services()
    check = rules_save_check(user.client, user.name, user.rights, state.title, exists=state.exists)
    if not check.allowed:  # before any write: the grants or groups this sign-in lacks
        return _page(
            state, result.values, {"form": save_refusal(state.title, check.missing())}, 403
        )
    try:
        revision = found.writes.by_user(
            WriteAction.SET_CONFIG,
            user,
            backend,
            page=state.title,
            before=state.document if state.exists else None,
            intended=document,
            summary=summary,
            perform=lambda: save_rules_page(backend, state, document, summary),
        )
    except WikiError as error:
        if refused(error):
            message = refusal_message(error, state.title, user.name)
            return _page(state, result.values, {"form": message}, 403)
        errors = {"form": f"The wiki did not save the rules: {error}"}
        return _page(state, result.values, errors, 502)
    found.cache.saved()  # the rest catches up in the background
    return redirect(url_for("configuration.configuration", saved=revision))


def _summary(document: dict[str, Any], action: str) -> str:
    if action == "exempt":
        return f"Mentorship rules: exemption of {request.form.get('exempt_mentor', '').strip()}"
    if action == "unexempt":
        return f"Mentorship rules: exemption of {request.form.get('mentor', '').strip()} removed"
    return default_config_summary(parse_config(document, RULES_KEYS))
