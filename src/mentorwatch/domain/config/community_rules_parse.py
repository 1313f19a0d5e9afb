"""Reading the community rules' sections of the rules page (:mod:`.community_rules`): every
problem found, one per bad value, each naming its key (``EditsInWindow.groups[1].minimum``);
nothing is taken from a section with a problem.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from mentorwatch.domain.config.community_rules import (
    EDITS_KEY,
    LOG_ACTIONS_KEY,
    RETIRED_KEY,
    WIKIBREAK_KEY,
    Combine,
    CommunityRules,
    EditsRule,
    LogActionsRule,
    NamespaceGroup,
    NamespaceSet,
    RetiredRule,
    RuleAction,
    WikibreakRule,
)
from mentorwatch.domain.config.keys import MAX_DAYS, MIN_DAYS
from mentorwatch.domain.config.problems import ConfigProblem, show
from mentorwatch.domain.message import JOIN_OR, Message, joined

MAX_MINIMUM = 100_000
MAX_NAMESPACE = 100_000
MAX_TEMPLATES = 50
MAX_LOG_TYPES = 30
MAX_GROUPS = 10
#: characters a template name cannot hold (MediaWiki's illegal title characters, and ``|``)
_BAD_TITLE = re.compile(r"[#<>\[\]{}|\x00-\x1f\x7f]")
_LOG_TYPE = re.compile(r"^[a-z][a-z0-9_-]{0,63}$")
_PARAMETER = re.compile(r"^[^|={}\[\]<>\x00-\x1f]{1,100}$")

Problems = list[ConfigProblem]


def parse_community_rules(
    sections: Mapping[str, object], problems: Problems, warns: bool
) -> CommunityRules:
    """The rules from the page's sections (absent ones stay off); problems appended.
    ``warns``: the page has warnings before removal on (the edits rule cannot remove then)."""
    parsers: dict[str, Callable[[str, Mapping[str, Any], Problems], object]] = {
        EDITS_KEY: _edits,
        RETIRED_KEY: _retired,
        WIKIBREAK_KEY: _wikibreak,
        LOG_ACTIONS_KEY: _log_actions,
    }
    found: dict[str, object] = {}
    for key, parser in parsers.items():
        if key not in sections:
            continue
        value, before = sections[key], len(problems)
        if not isinstance(value, Mapping):
            refused = Message.of("mentorwatch-config-rule-not-object", value=show(value))
            problems.append(ConfigProblem(key, refused))
            continue
        rule = parser(key, value, problems)
        if len(problems) == before:
            found[key] = rule
    rules = CommunityRules(
        **{name: found[key] for name, key in _ATTRS.items() if key in found}  # type: ignore[arg-type]
    )
    edits = rules.edits
    if warns and edits.enabled and edits.action is RuleAction.REMOVAL:
        problems.append(
            ConfigProblem(
                f"{EDITS_KEY}.action",
                Message("mentorwatch-config-rule-removal-with-warnings"),
            )
        )
    return rules


_ATTRS = {
    "edits": EDITS_KEY,
    "retired": RETIRED_KEY,
    "wikibreak": WIKIBREAK_KEY,
    "log_actions": LOG_ACTIONS_KEY,
}


def _unknown_fields(
    key: str, value: Mapping[str, Any], known: tuple[str, ...], out: Problems
) -> None:
    for extra in sorted(set(value) - set(known)):
        unknown = Message.of("mentorwatch-config-rule-unknown-field", fields=", ".join(known))
        out.append(ConfigProblem(f"{key}.{extra}", unknown))


def _enabled(key: str, value: Mapping[str, Any], out: Problems) -> bool:
    enabled = value.get("enabled", False)
    if not isinstance(enabled, bool):
        out.append(
            ConfigProblem(
                f"{key}.enabled",
                Message.of("mentorwatch-config-rule-not-boolean", value=show(enabled)),
            )
        )
        return False
    return enabled


def _whole(where: str, value: object, low: int, high: int, what: str, out: Problems) -> int:
    """A whole number from ``low`` to ``high`` (``what``: ``days``, ``edits``)."""
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        refused = Message.of(
            f"mentorwatch-config-rule-whole-{what}", value=show(value), low=low, high=high
        )
        out.append(ConfigProblem(where, refused))
        return low
    return value


E = TypeVar("E", RuleAction, Combine)


def _choice(where: str, value: object, kind: type[E], default: E, out: Problems) -> E:
    if value is None:
        return default
    choices = [str(member) for member in kind]
    if value not in choices:
        out.append(
            ConfigProblem(
                where,
                Message.of(
                    "mentorwatch-config-rule-not-choice",
                    value=show(value),
                    choices=joined([show(choice) for choice in choices], JOIN_OR),
                ),
            )
        )
        return default
    return kind(value)


def _edits(key: str, value: Mapping[str, Any], out: Problems) -> EditsRule:
    _unknown_fields(key, value, ("enabled", "window_days", "groups", "combine", "action"), out)
    enabled = _enabled(key, value, out)
    window = _whole(
        f"{key}.window_days", value.get("window_days", 90), MIN_DAYS, MAX_DAYS, "days", out
    )
    groups = _groups(f"{key}.groups", value.get("groups"), out)
    combine = _choice(f"{key}.combine", value.get("combine"), Combine, Combine.AND, out)
    action = _choice(f"{key}.action", value.get("action"), RuleAction, RuleAction.REMOVAL, out)
    return EditsRule(enabled, window, groups, combine, action)


def _groups(where: str, value: object, out: Problems) -> tuple[NamespaceGroup, ...]:
    example = '[{"namespaces": [0], "minimum": 20}, {"namespaces": ["talk"], "minimum": 10}]'
    if not isinstance(value, list) or not 1 <= len(value) <= MAX_GROUPS:
        out.append(
            ConfigProblem(
                where,
                Message.of("mentorwatch-config-rule-groups", most=MAX_GROUPS, example=example),
            )
        )
        return ()
    groups = []
    for index, item in enumerate(value):
        place = f"{where}[{index}]"
        if not isinstance(item, Mapping):
            such = Message.of("mentorwatch-config-rule-group", example=example[1:-1])
            out.append(ConfigProblem(place, such))
            continue
        _unknown_fields(place, item, ("namespaces", "minimum"), out)
        numbers, sets = _namespaces(f"{place}.namespaces", item.get("namespaces"), out)
        minimum = _whole(f"{place}.minimum", item.get("minimum"), 1, MAX_MINIMUM, "edits", out)
        groups.append(NamespaceGroup(numbers, sets, minimum))
    return tuple(groups)


def _namespaces(
    where: str, value: object, out: Problems
) -> tuple[tuple[int, ...], tuple[NamespaceSet, ...]]:
    if not isinstance(value, list) or not value:
        out.append(ConfigProblem(where, _namespaces_fix(value)))
        return (), ()
    numbers: list[int] = []
    sets: list[NamespaceSet] = []
    for item in value:
        if isinstance(item, str) and item in (str(name) for name in NamespaceSet):
            sets.append(NamespaceSet(item))
        elif isinstance(item, int) and not isinstance(item, bool) and 0 <= item <= MAX_NAMESPACE:
            numbers.append(item)
        else:
            out.append(ConfigProblem(where, _namespaces_fix(item)))
            return (), ()
    return tuple(dict.fromkeys(numbers)), tuple(dict.fromkeys(sets))


def _namespaces_fix(value: object) -> Message:
    return Message.of("mentorwatch-config-rule-namespaces", value=show(value))


def _templates_fix(value: object) -> Message:
    return Message.of("mentorwatch-config-rule-templates", value=show(value), most=MAX_TEMPLATES)


def _templates(where: str, value: object, out: Problems) -> tuple[str, ...]:
    if not isinstance(value, list) or not 1 <= len(value) <= MAX_TEMPLATES:
        out.append(ConfigProblem(where, _templates_fix(value)))
        return ()
    names: list[str] = []
    for index, item in enumerate(value):
        name = " ".join(item.replace("_", " ").split()) if isinstance(item, str) else ""
        name = name.removeprefix("Template:").strip()
        if not name or len(name) > 255 or _BAD_TITLE.search(name):
            out.append(ConfigProblem(f"{where}[{index}]", _templates_fix(item)))
            continue
        names.append(name[0].upper() + name[1:])
    return tuple(dict.fromkeys(names))


def _retired(key: str, value: Mapping[str, Any], out: Problems) -> RetiredRule:
    _unknown_fields(key, value, ("enabled", "templates", "action"), out)
    enabled = _enabled(key, value, out)
    templates = _templates(f"{key}.templates", value.get("templates"), out)
    action = _choice(f"{key}.action", value.get("action"), RuleAction, RuleAction.REMOVAL, out)
    return RetiredRule(enabled, templates, action)


def _wikibreak(key: str, value: Mapping[str, Any], out: Problems) -> WikibreakRule:
    _unknown_fields(key, value, ("enabled", "templates", "end_parameter"), out)
    enabled = _enabled(key, value, out)
    templates = _templates(f"{key}.templates", value.get("templates"), out)
    end = value.get("end_parameter")
    if end is not None and (not isinstance(end, str) or not _PARAMETER.match(end.strip())):
        out.append(
            ConfigProblem(
                f"{key}.end_parameter",
                Message.of("mentorwatch-config-rule-end-parameter", value=show(end)),
            )
        )
        end = None
    return WikibreakRule(enabled, templates, end.strip() if isinstance(end, str) else None)


def _log_actions(key: str, value: Mapping[str, Any], out: Problems) -> LogActionsRule:
    _unknown_fields(key, value, ("enabled", "types"), out)
    enabled = _enabled(key, value, out)
    types = value.get("types")
    if types is None:
        return LogActionsRule(enabled)
    if (
        not isinstance(types, list)
        or not 1 <= len(types) <= MAX_LOG_TYPES
        or not all(isinstance(t, str) and _LOG_TYPE.match(t) for t in types)
    ):
        refused = Message.of(
            "mentorwatch-config-rule-log-types", value=show(types), most=MAX_LOG_TYPES
        )
        out.append(ConfigProblem(f"{key}.types", refused))
        return LogActionsRule(enabled)
    return LogActionsRule(enabled, tuple(dict.fromkeys(types)))
