"""The rules page (administrators only): mentorwatch's rules and exemptions, saved to the
wiki's rules page as the signed-in administrator (``service/edit_rules_page.py``), and left
protected: mentorwatch uses it only while only administrators may change it. The page says
whether mentorwatch uses the rules now, and stays usable to fix them (an unprotected page, a
wikitext one, text that is not JSON)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from flask import Blueprint, redirect, render_template, request, url_for

from mentorwatch.domain.config import RULES_KEYS, ConfigError, parse_config
from mentorwatch.domain.message import Message
from mentorwatch.domain.outcomes import WriteAction
from mentorwatch.service.edit_rules_page import (
    CONTENT_MODEL_RIGHT,
    RulesPageState,
    check_exempted_mentor,
    load_rules_page,
    protect_page,
    protection_after,
    save_rules_page,
)
from mentorwatch.service.preflight import rules_save_check
from mentorwatch.service.protect_rules import CANNOT_PROTECT, may_protect
from mentorwatch.service.single_write import FollowUpFailed
from mentorwatch.service.site_words import on_wiki
from mentorwatch.web.runtime.security import require_admin
from mentorwatch.web.runtime.services import services
from mentorwatch.web.runtime.sessions import WebUser
from mentorwatch.web.views.forms import (
    EXEMPTIONS,
    FormResult,
    Said,
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

#: how much of a page that holds no JSON the configuration page shows
SHOWN_TEXT = 20_000


@blueprint.route("/config", methods=["GET", "POST"])
def configuration() -> Any:
    user = require_admin()
    backend = services().wiki.backend(user.client)
    try:
        state = load_rules_page(backend, services().clock())
    except WikiError as error:
        return render_template("config.html", values={}, errors={"form": str(error)}), 502
    if request.method == "GET":
        return _page(user, state, config_form_values(state.document), {})
    action = request.form.get("action", "save")
    if action == "protect":
        return _protect(user, backend, state)
    result = _parsed(action, backend, state)
    if result.document is None:
        values = {**config_form_values(state.document), **result.values}
        return _page(user, state, values, result.errors, 422)
    return _save(user, backend, state, result, action)


def _parsed(action: str, backend: MentorListBackend, state: RulesPageState) -> FormResult:
    """The posted form as the page to save; a page holding no JSON is replaced only by the
    whole form (an exemption alone would drop what cannot be read)."""
    if action in ("exempt", "unexempt") and state.problem is not None:
        return FormResult({}, {"form": Message.of("mentorwatch-web-config-fix-first")})
    if action == "unexempt":
        return remove_exemption(request.form.get("mentor", ""), state.document)
    if action != "exempt":
        return parse_config_form(request.form, state.document)
    try:
        checked = check_exempted_mentor(backend, request.form.get("exempt_mentor", ""))
    except WikiError as error:
        said = Message.of("mentorwatch-web-config-mentor-unknown", error=str(error))
        return FormResult({}, {"form": said})
    form = {**request.form, "exempt_mentor": checked.name}
    result = parse_exemption_form(form, state.document, services().clock())
    if checked.problem is not None:
        result = FormResult(result.values, {**result.errors, "exempt_mentor": checked.problem})
    return result


def _page(
    user: WebUser,
    state: RulesPageState,
    values: dict[str, str],
    errors: Mapping[str, Said],
    status: int = 200,
) -> Any:
    stored_problem = None
    try:
        config = parse_config(state.document, RULES_KEYS)
    except ConfigError as error:
        stored_problem, config = str(error), None
    index_url = services().wiki.index_url
    now = services().clock()
    html = render_template(
        "config.html",
        values=values,
        errors=errors,
        stored_problem=stored_problem,
        saved=whole_number(request.args.get("saved", "")),
        protected_now=request.args.get("protected") == "1",
        state=state,
        page_protected=state.protected(now),
        may_protect=may_protect(user.rights),
        cannot_protect=CANNOT_PROTECT,
        may_convert=CONTENT_MODEL_RIGHT in user.rights,
        shown_text=(state.text or "")[:SHOWN_TEXT],
        now=now,
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
    """Write the valid page to the wiki as ``user``, journaled, and protect it if it is not;
    the form again if it fails."""
    document = result.document
    assert document is not None
    given = (request.form.get("summary") or "").strip() or _summary(document, action, result)
    summary = on_wiki(backend.client, Message.of("mentorwatch-summary-via", summary=given))
    found = services()
    protect = not state.protected(found.clock())  # a save leaves it protected
    check = rules_save_check(
        user.client,
        user.name,
        user.rights,
        state.title,
        exists=state.exists,
        protect=protect,
        wikitext=state.wikitext,
    )
    if not check.allowed:  # before any write: the grants or groups this sign-in lacks
        refusal = {"form": save_refusal(state.title, check)}
        return _page(user, state, result.values, refusal, 403)
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
            then=protection_after(backend, state, user, protect),
        )
    except FollowUpFailed as error:
        message = Message.of(
            "mentorwatch-web-config-saved-unprotected",
            revision=error.revision if error.revision is not None else "—",
            page=state.title,
            error=str(error.error),
        )
        found.cache.saved()
        return _page(user, _reloaded(backend, state), result.values, {"form": message}, 502)
    except WikiError as error:
        if refused(error):
            said = refusal_message(error, state.title, user.name)
            return _page(user, state, result.values, {"form": said}, 403)
        errors: dict[str, Said] = {
            "form": Message.of("mentorwatch-web-config-not-saved", error=str(error))
        }
        return _page(user, state, result.values, errors, 502)
    found.cache.saved()  # the rest catches up in the background
    return redirect(url_for("configuration.configuration", saved=revision))


def _protect(user: WebUser, backend: MentorListBackend, state: RulesPageState) -> Any:
    """Protect the existing page as the administrator (edit and move: administrators only,
    infinite), journaled; the page again with the wiki's refusal if it refuses."""
    values = config_form_values(state.document)
    if not state.exists or state.protected(services().clock()):
        return redirect(url_for("configuration.configuration"))
    if not may_protect(user.rights):
        said = Message.of("mentorwatch-web-config-cannot-protect-short", why=CANNOT_PROTECT)
        return _page(user, state, values, {"form": said}, 403)
    found = services()
    try:
        protect_page(found.writes, user, backend, state)
    except WikiError as error:
        said = Message.of("mentorwatch-web-config-not-protected", error=str(error))
        return _page(user, state, values, {"form": said}, 502)
    found.cache.saved()
    return redirect(url_for("configuration.configuration", protected="1"))


def _reloaded(backend: MentorListBackend, state: RulesPageState) -> RulesPageState:
    try:
        return load_rules_page(backend, services().clock())
    except WikiError:
        return state


def _summary(document: dict[str, Any], action: str, result: FormResult) -> Message:
    """The save's edit summary when the administrator gives none (in the wiki's language)."""
    if action == "exempt":
        mentor = str(result.values.get("exempt_mentor", ""))
        return Message.of("mentorwatch-summary-config-exempt", mentor=mentor)
    if action == "unexempt":
        mentor = request.form.get("mentor", "").strip()
        return Message.of("mentorwatch-summary-config-unexempt", mentor=mentor)
    return default_config_summary(parse_config(document, RULES_KEYS))
