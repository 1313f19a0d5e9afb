"""Every operator setting from environment variables, and where the journal may live.

On Toolforge a job and a webservice built by the build service run with ``mount: none``:
no settings file, configuration from ``toolforge envvars``. So every setting of the file has a
variable (:data:`ENVIRONMENT`); ``MENTORWATCH_SETTINGS_TOML`` may also hold a whole settings
file (per-wiki sections included). The journal defaults to ToolsDB there, from the credentials
Toolforge injects into every job and webservice (:func:`toolsdb_url`), and a journal that would
be thrown away with the container is refused (:func:`throwaway_journal`).

How mentorwatch knows it runs on Toolforge, or in a container whose files do not last: the
environment holds ``TOOL_TOOLSDB_USER`` (injected by Toolforge's envvars service into every
tool's jobs and webservices) or ``NO_HOME`` (set by the jobs framework in build-service pods),
or the filesystem has ``/cnb`` (every image made by Cloud Native Buildpacks, as the build
service makes them). A SQLite file there is thrown away when the job or webservice ends,
unless it is on the tool's NFS home (``/data/project/``, with ``mount: all``).
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import quote

from mentorwatch.errors import InvalidInput

#: ToolsDB, as Toolforge's documentation names it for tools
TOOLSDB_HOST = "tools.db.svc.wikimedia.cloud"
#: the journal's database on ToolsDB: ``<user>__mentorwatch``
TOOLSDB_DATABASE = "{user}__mentorwatch"

#: the settings file's keys that a variable sets, with the variable (and its type)
ENVIRONMENT: Mapping[str, tuple[str, type]] = {
    "MENTORWATCH_RUN_INTERVAL_DAYS": ("run_interval_days", float),
    "MENTORWATCH_LOCK_LEASE_SECONDS": ("lock_lease_seconds", float),
    "MENTORWATCH_MAXLAG_BUDGET_SECONDS": ("maxlag_budget_seconds", float),
    "MENTORWATCH_WRITE_PAUSE_SECONDS": ("write_pause_seconds", float),
    "MENTORWATCH_WRITE_PAUSE": ("write_pause_seconds", float),  # the older name
    "MENTORWATCH_RULES_PAGE": ("rules_page", str),
    "MENTORWATCH_LIST_PAGE": ("list_page", str),
    "MENTORWATCH_CONFIG_PAGE": ("config_page", str),
}
#: ``MENTORWATCH_SUMMARY_REMOVE`` sets ``[summaries] remove``, and so on
SUMMARY_PREFIX = "MENTORWATCH_SUMMARY_"


class EnvironmentSettingError(InvalidInput):
    """An environment variable's value cannot be used (the message names it)."""


def from_env(env: Mapping[str, str]) -> dict[str, Any]:
    """The settings the environment gives, shaped as the settings file (``wikis``, ``summaries``
    and the keys of :data:`ENVIRONMENT`)."""
    found: dict[str, Any] = {}
    for variable, (key, kind) in ENVIRONMENT.items():
        text = env.get(variable, "").strip()
        if text:
            found[key] = _typed(variable, text, kind)
    summaries = {
        variable.removeprefix(SUMMARY_PREFIX).lower(): text
        for variable, text in env.items()
        if variable.startswith(SUMMARY_PREFIX) and text
    }
    if summaries:
        found["summaries"] = summaries
    wikis = _wikis(env.get("MENTORWATCH_WIKIS", ""))
    if wikis:
        found["wikis"] = wikis
    return found


def toml_from_env(env: Mapping[str, str]) -> dict[str, Any]:
    """A whole settings file in ``MENTORWATCH_SETTINGS_TOML`` (empty when unset)."""
    text = env.get("MENTORWATCH_SETTINGS_TOML", "")
    if not text.strip():
        return {}
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise EnvironmentSettingError(
            f"MENTORWATCH_SETTINGS_TOML: invalid TOML: {error}"
        ) from error


def over(base: Mapping[str, Any], top: Mapping[str, Any]) -> dict[str, Any]:
    """``top`` over ``base``; ``wikis`` sections and ``summaries`` merged key by key."""
    merged = {**base, **top}
    for key in ("wikis", "summaries"):
        below, above = _as_sections(base.get(key)), _as_sections(top.get(key))
        if below or above:
            merged[key] = {
                name: {**below.get(name, {}), **above.get(name, {})}
                if isinstance(below.get(name), Mapping) and isinstance(above.get(name), Mapping)
                else above.get(name, below.get(name))
                for name in {**below, **above}
            }
    return merged


def toolsdb_url(env: Mapping[str, str]) -> str | None:
    """The journal on ToolsDB from the credentials Toolforge injects (None: not there)."""
    user, password = env.get("TOOL_TOOLSDB_USER"), env.get("TOOL_TOOLSDB_PASSWORD")
    if not user or not password:
        return None
    database = TOOLSDB_DATABASE.format(user=user)
    return f"mysql://{quote(user, safe='')}:{quote(password, safe='')}@{TOOLSDB_HOST}/{database}"


def ephemeral_container(env: Mapping[str, str], root: Path = Path("/")) -> str | None:
    """Where mentorwatch runs if its files there do not last (None: an ordinary machine)."""
    if env.get("TOOL_TOOLSDB_USER") or env.get("NO_HOME"):
        return "on Toolforge (TOOL_TOOLSDB_USER or NO_HOME is set)"
    if (root / "cnb").is_dir():
        return "in a container made by buildpacks (/cnb exists)"
    return None


def throwaway_journal(database: str, env: Mapping[str, str], root: Path = Path("/")) -> str | None:
    """Why a journal at ``database`` would be thrown away with its container, with the fix
    (None: it lasts, or mentorwatch does not run in such a container)."""
    if not database.startswith("sqlite"):
        return None
    where = ephemeral_container(env, root)
    path = database.split("///", 1)[1] if "///" in database else ":memory:"
    if where is None or path.startswith("/data/project/"):
        return None
    return (
        f"the journal would be SQLite at {path} {where}, where files are thrown away when the "
        "job or webservice ends: undo, pauses and warnings would be lost. Leave "
        "MENTORWATCH_DATABASE unset on Toolforge (the journal is then ToolsDB's "
        f"<user>__mentorwatch on {TOOLSDB_HOST}, from TOOL_TOOLSDB_USER and "
        "TOOL_TOOLSDB_PASSWORD), or set it to a database that lasts"
    )


def _typed(variable: str, text: str, kind: type) -> Any:
    if kind is str:
        return text
    try:
        return float(text)
    except ValueError:
        raise EnvironmentSettingError(f"{variable}: {text!r} is not a number") from None


def _wikis(text: str) -> dict[str, dict[str, str]]:
    """``MENTORWATCH_WIKIS``: addresses separated by spaces or commas, each ``URL`` or
    ``NAME=URL`` (its path on a webservice serving several)."""
    wikis: dict[str, dict[str, str]] = {}
    for item in text.replace(",", " ").split():
        name, _, url = item.rpartition("=") if "=" in item.split("://", 1)[0] else ("", "", item)
        if not url.startswith(("http://", "https://")):
            raise EnvironmentSettingError(
                f"MENTORWATCH_WIKIS: {item!r}: use the api.php URL, or NAME=URL"
            )
        wikis[url] = {"name": name} if name else {}
    return wikis


def _as_sections(value: Any) -> dict[str, Any]:
    """``wikis = ["URL", ...]`` as sections; sections as they are."""
    if isinstance(value, list):
        return {str(url): {} for url in value}
    return dict(value) if isinstance(value, Mapping) else {}
