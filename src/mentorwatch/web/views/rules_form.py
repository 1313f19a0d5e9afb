"""The community rules (issue 24) on the configuration form: from the stored sections to the
fields shown, and from the posted fields back to the sections, validated by the same parser as
the page (one error per bad value, under the field that holds it).

Fields: a Yes/No per rule; the edits rule's window, groups (one a line, ``namespaces =
minimum``: ``0 = 20``, ``talk = 10``, ``0, 4 = 5``), ``and``/``or`` and action; each template
rule's names (comma-separated), the retired rule's action, the wikibreak's end parameter; the
log types (comma-separated).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from mentorwatch.domain.config.community_rules import (
    DEFAULT_LOG_TYPES,
    EDITS_KEY,
    LOG_ACTIONS_KEY,
    RETIRED_KEY,
    WIKIBREAK_KEY,
)
from mentorwatch.domain.message import Message

#: what the form says about a field (as ``views/forms.py``'s errors): a catalogue message, or
#: the domain's words as given
FormErrors = dict[str, Message | str]

#: the Yes/No field of each rule
SWITCHES = {
    "edits": EDITS_KEY,
    "retired": RETIRED_KEY,
    "wikibreak": WIKIBREAK_KEY,
    "log_actions": LOG_ACTIONS_KEY,
}
#: form field -> (section, field of the section)
FIELDS = {
    "edits_window": (EDITS_KEY, "window_days"),
    "edits_groups": (EDITS_KEY, "groups"),
    "edits_combine": (EDITS_KEY, "combine"),
    "edits_action": (EDITS_KEY, "action"),
    "retired_templates": (RETIRED_KEY, "templates"),
    "retired_action": (RETIRED_KEY, "action"),
    "wikibreak_templates": (WIKIBREAK_KEY, "templates"),
    "wikibreak_end": (WIKIBREAK_KEY, "end_parameter"),
    "log_types": (LOG_ACTIONS_KEY, "types"),
}
ALL_FIELDS = (*SWITCHES, *FIELDS)
_GROUP = re.compile(r"^(?P<namespaces>[^=]+)=(?P<minimum>.+)$")


def rules_form_values(raw: Mapping[str, Any]) -> dict[str, str]:
    """What the form shows for the stored sections (an off rule proposes Korean Wikipedia's
    minimums, the usual templates, the default log types)."""
    section: dict[str, Mapping[str, Any]] = {}
    for key in SWITCHES.values():
        stored = raw.get(key)
        section[key] = stored if isinstance(stored, Mapping) else {}
    values = {
        name: "yes" if section[key].get("enabled") is True else "no"
        for name, key in SWITCHES.items()
    }
    edits, retired = section[EDITS_KEY], section[RETIRED_KEY]
    wikibreak, logs = section[WIKIBREAK_KEY], section[LOG_ACTIONS_KEY]
    values["edits_window"] = str(edits.get("window_days", 90))
    groups = edits.get("groups") or [
        {"namespaces": [0], "minimum": 20},
        {"namespaces": ["talk"], "minimum": 10},
    ]
    values["edits_groups"] = "\n".join(
        _group_line(group) for group in groups if isinstance(group, Mapping)
    )
    values["edits_combine"] = str(edits.get("combine", "and"))
    values["edits_action"] = str(edits.get("action", "removal"))
    values["retired_templates"] = _names(retired.get("templates") or ["Retired"])
    values["retired_action"] = str(retired.get("action", "removal"))
    values["wikibreak_templates"] = _names(wikibreak.get("templates") or ["Wikibreak"])
    values["wikibreak_end"] = str(wikibreak.get("end_parameter") or "")
    values["log_types"] = _names(logs.get("types") or list(DEFAULT_LOG_TYPES))
    return values


def apply_rules_form(
    form: Mapping[str, str], document: dict[str, Any], errors: FormErrors
) -> dict[str, str]:
    """Write the posted rules into ``document`` (a rule answered No keeps its other settings,
    off); format errors into ``errors``. The posted values, for the form shown again."""
    values = {name: (form.get(name) or "").strip() for name in ALL_FIELDS}
    for name, key in SWITCHES.items():
        if not values[name]:
            continue  # not on the form posted: the rule stays as stored
        if values[name] not in ("yes", "no"):
            errors[name] = Message.of("mentorwatch-web-error-yes-no")
            continue
        stored = document.get(key)
        if values[name] == "no" and stored is None:
            continue  # never turned on: the page stays without it
        section = dict(stored) if isinstance(stored, Mapping) else {}
        section["enabled"] = values[name] == "yes"
        if section["enabled"]:
            section.update(_section_fields(name, values, errors))
        document[key] = section
    return values


def _section_fields(rule: str, values: dict[str, str], errors: FormErrors) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for name, (_key, field) in FIELDS.items():
        if not name.startswith(rule.split("_")[0]):
            continue
        text = values[name]
        if field == "window_days":
            fields[field] = (
                int(text) if text.isascii() and text.isdigit() and len(text) < 9 else text
            )
        elif field == "groups":
            fields[field] = _groups(text, name, errors)
        elif field in ("templates", "types"):
            fields[field] = [part.strip() for part in text.split(",") if part.strip()]
        elif field == "end_parameter":
            fields[field] = text or None
        else:
            fields[field] = text
    return fields


def _groups(text: str, name: str, errors: FormErrors) -> list[dict[str, Any]]:
    groups: list[dict[str, Any]] = []
    for number, line in enumerate((line for line in text.splitlines() if line.strip()), 1):
        match = _GROUP.match(line.strip())
        if match is None:
            errors[name] = Message.of(
                "mentorwatch-web-rules-error-group-line",
                line=number,
                example_article="0 = 20",
                example_talk="talk = 10",
            )
            return []
        namespaces: list[int | str] = []
        for part in match["namespaces"].split(","):
            part = part.strip()
            namespaces.append(
                int(part) if part.isascii() and part.isdigit() and len(part) < 9 else part
            )
        minimum = match["minimum"].strip()
        groups.append(
            {
                "namespaces": namespaces,
                "minimum": int(minimum)
                if minimum.isascii() and minimum.isdigit() and len(minimum) < 9
                else minimum,
            }
        )
    return groups


def field_of_problem(key: str) -> str | None:
    """The form field a problem of the parser names (``EditsInWindow.groups[1].minimum`` ->
    ``edits_groups``); None for a key that is not a community rule's."""
    section, _, rest = key.partition(".")
    if section not in SWITCHES.values():
        return None
    field = re.split(r"[.\[]", rest, maxsplit=1)[0]
    if field in ("", "enabled"):
        return next(name for name, value in SWITCHES.items() if value == section)
    for name, (owner, owned) in FIELDS.items():
        if owner == section and owned == field:
            return name
    return None


def _group_line(group: Mapping[str, Any]) -> str:
    namespaces = group.get("namespaces") or []
    listed = (
        ", ".join(str(n) for n in namespaces) if isinstance(namespaces, list) else str(namespaces)
    )
    return f"{listed} = {group.get('minimum', '')}"


def _names(names: object) -> str:
    return ", ".join(str(name) for name in names) if isinstance(names, list) else ""
