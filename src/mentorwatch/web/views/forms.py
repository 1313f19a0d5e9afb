"""The configuration and away forms: from posted fields to validated values, errors by field."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from mentorwatch.domain import config as cfg
from mentorwatch.domain.away import check_self_away
from mentorwatch.domain.config import CommunityConfig, ConfigError, RuleDescription, parse_config
from mentorwatch.domain.message import JOIN_SENTENCES, Message, joined
from mentorwatch.domain.names import same_user
from mentorwatch.domain.timeutil import format_timestamp, shifted
from mentorwatch.web.views.rules_form import apply_rules_form, field_of_problem, rules_form_values

#: the rules page's key names (the form edits mentorwatch's rules page)
KEYS = cfg.RULES_KEYS
#: form field -> rules page key; the yes/no fields first.
YES_NO = {
    "autoaway": KEYS.key("autoaway_enabled"),
    "autoremove": KEYS.key("autoremove_enabled"),
    "warn": KEYS.key("warn_enabled"),
    "notify": KEYS.key("notify_enabled"),
}
DAYS = {
    "autoaway_days": (KEYS.key("autoaway_after_days"), "autoaway", cfg.DEFAULT_AUTOAWAY_DAYS),
    "autoremove_days": (
        KEYS.key("autoremove_after_days"),
        "autoremove",
        cfg.DEFAULT_AUTOREMOVE_DAYS,
    ),
    "warn_days": (KEYS.key("warn_days_before_removal"), "warn", cfg.DEFAULT_WARN_DAYS),
}
TEXTS = {"warning_heading": KEYS.key("warning_heading"), "warning_text": KEYS.key("warning_text")}
EXEMPTION_FIELDS = ("exempt_mentor", "exempt_reason", "exempt_until")
EXEMPTIONS = KEYS.exemptions or "Exemptions"
FIELD_OF_KEY = {
    **{key: name for name, key in YES_NO.items()},
    **{key: name for name, (key, _switch, _default) in DAYS.items()},
    **{key: name for name, key in TEXTS.items()},
}


#: a whole number as a form may hold one: ASCII digits only (``"²".isdigit()`` is true, and
#: ``int`` refuses thousands of digits), short enough to be a count of days
WHOLE_NUMBER = re.compile(r"[0-9]{1,9}")


def whole_number(text: str) -> int | None:
    """The number typed in a field, or None if it is not a plain whole number."""
    text = text.strip()
    return int(text) if WHOLE_NUMBER.fullmatch(text) else None


#: what a form says about a field: a catalogue message, or the domain's words as given
Said = Message | str


@dataclass
class FormResult:
    values: dict[str, str]
    errors: dict[str, Said] = field(default_factory=dict)
    document: dict[str, Any] | None = None  # the page to save, when valid


def config_form_values(raw: Mapping[str, Any]) -> dict[str, str]:
    """What the form shows for a stored configuration; off rules propose the default days."""
    values = {name: "yes" if raw.get(key) is True else "no" for name, key in YES_NO.items()}
    for name, (key, _switch, default) in DAYS.items():
        stored = raw.get(key)
        values[name] = str(stored if isinstance(stored, int) and stored > 0 else default)
    for name, key in TEXTS.items():
        values[name] = str(raw.get(key) or "")
    return {**values, **rules_form_values(raw)}


def parse_config_form(form: Mapping[str, str], raw: Mapping[str, Any]) -> FormResult:
    """Validate the posted form against the stored page; the document is set only if valid."""
    values = {name: (form.get(name) or "").strip() for name in (*YES_NO, *DAYS, *TEXTS)}
    errors: dict[str, Said] = {}
    document = dict(raw)
    for name, key in YES_NO.items():
        if values[name] not in ("yes", "no"):
            errors[name] = Message.of("mentorwatch-web-error-yes-no")
            continue
        document[key] = values[name] == "yes"
    for name, (key, switch, _default) in DAYS.items():
        if values.get(switch) != "yes":
            continue  # the rule is off: its days are kept as stored
        days = whole_number(values[name])
        if days is None:
            errors[name] = Message.of(
                "mentorwatch-web-error-days-range", low=cfg.MIN_DAYS, high=cfg.MAX_DAYS
            )
            continue
        document[key] = days
    for name, key in TEXTS.items():
        if values[name]:
            document[key] = form.get(name, "").replace("\r\n", "\n").strip()
        else:
            document.pop(key, None)
    values.update(apply_rules_form(form, document, errors))
    if not errors:
        try:
            parse_config(document, KEYS)
        except ConfigError as error:
            errors.update(errors_by_field(error))
    return FormResult(values, errors, None if errors else document)


def errors_by_field(error: ConfigError) -> dict[str, Said]:
    """The core's problems by form field: each names its key and the fix (in the reader's
    language: the problems are messages), several in one field one after the other."""
    found: dict[str, list[Said]] = {}
    for problem in error.problems:
        name = FIELD_OF_KEY.get(problem.key, "form")
        section_field = field_of_problem(problem.key)
        if section_field is not None:  # said with its key: a field holds several values
            found.setdefault(section_field, []).append(problem.said)
            continue
        if problem.key.startswith(f"{EXEMPTIONS}["):
            name = "exempt_" + problem.key.rsplit(".", 1)[-1]
            if name not in ("exempt_mentor", "exempt_reason", "exempt_until"):
                name = "form"
        found.setdefault(name, []).append(problem.said if name == "form" else problem.message)
    return {name: joined(said, JOIN_SENTENCES) for name, said in found.items()}


def parse_exemption_form(
    form: Mapping[str, str], raw: Mapping[str, Any], now: datetime
) -> FormResult:
    """Add (or replace) one mentor's exemption: mentor, reason, optional end date (the start
    of that day, UTC, which must be after ``now``)."""
    values = {name: (form.get(name) or "").strip() for name in EXEMPTION_FIELDS}
    until: str | None = None
    if values["exempt_until"]:
        try:
            day = datetime.strptime(values["exempt_until"], "%Y-%m-%d").replace(tzinfo=UTC)
        except ValueError:
            said = Message.of("mentorwatch-web-error-exempt-date")
            return FormResult(values, {"exempt_until": said})
        if day <= now:
            said = Message.of("mentorwatch-web-error-exempt-begun", day=values["exempt_until"])
            return FormResult(values, {"exempt_until": said})
        until = format_timestamp(day)
    added = {"mentor": values["exempt_mentor"], "reason": values["exempt_reason"], "until": until}
    kept = [
        item
        for item in _exemption_items(raw)
        if not same_user(str(item.get("mentor", "")), values["exempt_mentor"])
    ]
    document = {**raw, EXEMPTIONS: [*kept, added]}
    return _checked(values, document)


def remove_exemption(mentor: str, raw: Mapping[str, Any]) -> FormResult:
    """The page without ``mentor``'s exemption."""
    kept = [
        item for item in _exemption_items(raw) if not same_user(str(item.get("mentor", "")), mentor)
    ]
    return _checked({}, {**raw, EXEMPTIONS: kept})


def _exemption_items(raw: Mapping[str, Any]) -> list[dict[str, Any]]:
    items = raw.get(EXEMPTIONS)
    return (
        [dict(item) for item in items if isinstance(item, dict)] if isinstance(items, list) else []
    )


def _checked(values: dict[str, str], document: dict[str, Any]) -> FormResult:
    try:
        parse_config(document, KEYS)
    except ConfigError as error:
        return FormResult(values, errors_by_field(error))
    return FormResult(values, {}, document)


def default_config_summary(config: CommunityConfig) -> Message:
    """The edit summary of a saved configuration when the administrator gives none (rendered
    in the wiki's content language)."""
    away, removal = config.describe_rules()
    return Message.of(
        "mentorwatch-summary-config", away=_rule_state(away), removal=_rule_state(removal)
    )


def _rule_state(rule: RuleDescription) -> Message:
    """'after 30 days', or 'off'."""
    if not rule.enabled:
        return Message("mentorwatch-summary-rule-off")
    return Message.of("mentorwatch-summary-rule-after", num_days=rule.after_days)


@dataclass
class AwayRequest:
    until: datetime | None
    field: str  # which field the error belongs to
    error: Message | None = None


def parse_away_form(form: Mapping[str, str], config: CommunityConfig, now: datetime) -> AwayRequest:
    """'until a date' (back on that day, 00:00 UTC) or 'for N days'; checked by the rule."""
    mode = form.get("mode", "days")
    if mode == "until":
        text = (form.get("until") or "").strip()
        try:
            until = datetime.strptime(text, "%Y-%m-%d").replace(tzinfo=UTC)
        except ValueError:
            return AwayRequest(None, "until", Message.of("mentorwatch-web-error-date"))
        field_name = "until"
    else:
        days = whole_number(form.get("days") or "")
        if days is None or days < 1:
            return AwayRequest(None, "days", Message.of("mentorwatch-web-error-days"))
        if days > cfg.MAX_DAYS:  # the days fields' bound; the rule below says the limit
            said = Message.of(
                "mentorwatch-web-error-days-bound", low=cfg.MIN_DAYS, high=cfg.MAX_DAYS
            )
            return AwayRequest(None, "days", said)
        until = shifted(now, timedelta(days=days))
        field_name = "days"
    verdict = check_self_away(config, now, until)
    return AwayRequest(until, field_name, None if verdict.allowed else verdict.message)
