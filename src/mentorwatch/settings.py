"""The operator's settings: credentials, database, cadence, summaries. Never in the repo.

Read from a TOML file (``--settings FILE`` or ``$MENTORWATCH_SETTINGS``) and from environment
variables, which win. Secrets come only from there, never from command-line arguments (which
any user sees in ``ps``)::

    username = "MentorwatchBot@mentorwatch"     # a bot password's login name
    password_file = "/etc/mentorwatch/password" # or password = "..." (file mode 600)
    # oauth_token_file = "..."                  # an OAuth 2 owner-only token instead
    database = "sqlite:////var/lib/mentorwatch/journal.db"
    contact = "User:Example"                    # goes into the User-Agent
    run_interval_days = 7
    lock_lease_seconds = 600                    # a dead run's lock expires after this
    maxlag_budget_seconds = 600                 # how long a request waits out replication lag
    write_pause_seconds = 1                     # the least time between two edits
    rules_page = "Project:Mentorwatch/Rules.json"  # the default; admins edit it

    [summaries]                                 # defaults: upstream's wording
    remove = "Removing mentor $1, inactive for $2 days"

    [wikis."https://ko.wikipedia.org/w/api.php"]
    name = "kowiki"                             # its path on a webservice serving several

    [wikis."https://ko.wikipedia.org/w/api.php".summaries]
    remove = "..."                              # per-wiki override

``run --all`` runs every wiki named by a ``[wikis."URL"]`` section (or by a top-level list
``wikis = ["URL", ...]`` when no wiki needs its own settings).

Environment: ``MENTORWATCH_USERNAME``, ``MENTORWATCH_PASSWORD``, ``MENTORWATCH_OAUTH_TOKEN``,
``MENTORWATCH_DATABASE``, ``MENTORWATCH_CONTACT``, ``MENTORWATCH_WRITE_PAUSE`` (seconds).
"""

from __future__ import annotations

import os
import stat
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mentorwatch.domain.snapshot import MAX_RUN_INTERVAL_DAYS
from mentorwatch.domain.wiki_texts import Summaries
from mentorwatch.errors import InvalidInput
from mentorwatch.wiki.connect import Credentials, Pages


def default_database_url() -> str:
    """SQLite under the user's state directory (``$XDG_STATE_HOME/mentorwatch``)."""
    base = Path(os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state")
    return f"sqlite:///{base / 'mentorwatch' / 'mentorwatch.db'}"


class SettingsError(InvalidInput):
    """The operator's settings (file or environment) cannot be used."""


@dataclass(frozen=True)
class Settings:
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    oauth_token: str | None = field(default=None, repr=False)
    database: str = field(default_factory=default_database_url)
    contact: str | None = None
    run_interval_days: float = 7
    #: a run's lock lives this long without a heartbeat (the run renews it every quarter)
    lock_lease_seconds: float = 600
    #: the job's retry budget in time for maxlag/ratelimited/readonly (docs/operations.md)
    maxlag_budget_seconds: float = 600
    #: the least time between two writes of the job (the bot policy's pacing)
    write_pause_seconds: float = 1.0
    summaries: Summaries = field(default_factory=Summaries)
    list_page: str = "MediaWiki:GrowthMentors.json"
    config_page: str = "MediaWiki:GrowthExperimentsMentorship.json"
    #: mentorwatch's own rules page (admins edit it; docs/config.md)
    rules_page: str = "Project:Mentorwatch/Rules.json"
    warnings: tuple[str, ...] = ()
    #: the wikis the operator named (``[wikis."URL"]`` sections, ``$MENTORWATCH_WIKI``)
    wikis: tuple[str, ...] = ()
    #: this wiki's name on a webservice serving several (``name`` in its ``[wikis."URL"]``
    #: section; ``web/runtime/several_wikis.py`` derives one from the address when it is not given)
    name: str | None = None

    @property
    def credentials(self) -> Credentials:
        return Credentials(self.username, self.password, self.oauth_token)

    @property
    def pages(self) -> Pages:
        return Pages(self.list_page, self.config_page, self.rules_page)


def load_settings(
    path: Path | None, wiki: str | None = None, env: Mapping[str, str] | None = None
) -> Settings:
    """The settings for ``wiki`` (its ``[wikis."URL"]`` section over the file's top level),
    with the environment's variables winning over both."""
    env = os.environ if env is None else env
    if path is None and env.get("MENTORWATCH_SETTINGS"):
        path = Path(env["MENTORWATCH_SETTINGS"])
    data, warnings = _read_file(path) if path is not None else ({}, [])
    per_wiki = _wiki_section(data, wiki)
    summaries = _summaries(path, data, per_wiki)
    merged = {**data, **{k: v for k, v in per_wiki.items() if k not in ("summaries", "name")}}
    interval = _run_interval_days(merged.get("run_interval_days", 7))
    return Settings(
        username=env.get("MENTORWATCH_USERNAME") or merged.get("username"),
        password=_secret(data, env, "password", "MENTORWATCH_PASSWORD"),
        oauth_token=_secret(data, env, "oauth_token", "MENTORWATCH_OAUTH_TOKEN"),
        database=env.get("MENTORWATCH_DATABASE")
        or merged.get("database")
        or default_database_url(),
        contact=env.get("MENTORWATCH_CONTACT") or merged.get("contact"),
        run_interval_days=interval,
        **_timings(merged, env),
        summaries=summaries,
        list_page=str(merged.get("list_page", Settings.list_page)),
        config_page=str(merged.get("config_page", Settings.config_page)),
        rules_page=str(merged.get("rules_page", Settings.rules_page)),
        warnings=tuple(warnings),
        wikis=_named_wikis(data, env),
        name=str(per_wiki["name"]) if "name" in per_wiki else None,
    )


def _read_file(path: Path) -> tuple[dict[str, Any], list[str]]:
    """The settings file's TOML, and what the operator should be warned of."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise SettingsError(f"{path}: no such settings file") from error
    except tomllib.TOMLDecodeError as error:
        raise SettingsError(f"{path}: invalid TOML: {error}") from error
    warnings = []
    if ("password" in data or "oauth_token" in data) and path.stat().st_mode & (
        stat.S_IRGRP | stat.S_IROTH
    ):
        warnings.append(f"{path} holds a secret and is readable by others: chmod 600 it")
    return data, warnings


def _wiki_section(data: Mapping[str, Any], wiki: str | None) -> Mapping[str, Any]:
    """The wiki's own ``[wikis."URL"]`` section (empty when it has none)."""
    sections = data.get("wikis", {})
    return sections.get(wiki, {}) if wiki and isinstance(sections, Mapping) else {}


def _summaries(
    path: Path | None, data: Mapping[str, Any], per_wiki: Mapping[str, Any]
) -> Summaries:
    """The edit summaries: the file's ``[summaries]``, the wiki's own over them."""
    try:
        return Summaries.from_mapping(
            {**data.get("summaries", {}), **per_wiki.get("summaries", {})}
        )
    except ValueError as error:
        raise SettingsError(f"{path}: [summaries]: {error}") from error


def _secret(data: Mapping[str, Any], env: Mapping[str, str], key: str, env_key: str) -> str | None:
    """A secret from the environment, the file, or the file the file names (``KEY_file``)."""
    if env.get(env_key):
        return env[env_key]
    if key in data:
        return str(data[key])
    if f"{key}_file" in data:
        try:
            return Path(data[f"{key}_file"]).read_text(encoding="utf-8").strip()
        except OSError as error:
            raise SettingsError(f"{key}_file: cannot read: {error.strerror}") from error
    return None


def _named_wikis(data: Mapping[str, Any], env: Mapping[str, str]) -> tuple[str, ...]:
    named = data.get("wikis", {})  # [wikis."URL"] sections, or a list: wikis = ["URL", ...]
    wikis = [str(key) for key in named] if isinstance(named, Mapping | list) else []
    if env.get("MENTORWATCH_WIKI"):
        wikis.append(env["MENTORWATCH_WIKI"])
    return tuple(wikis)


def _run_interval_days(interval: object) -> float:
    if (
        isinstance(interval, bool)
        or not isinstance(interval, int | float)
        or not 0 < interval <= MAX_RUN_INTERVAL_DAYS
    ):
        raise SettingsError(
            f"run_interval_days: {interval!r}; use a number of days above 0, "
            f"at most {MAX_RUN_INTERVAL_DAYS}"
        )
    return float(interval)


def _timings(merged: Mapping[str, Any], env: Mapping[str, str]) -> dict[str, float]:
    """The lease, the lag budget and the write pause, checked (seconds)."""
    pause = _number(env.get("MENTORWATCH_WRITE_PAUSE"), merged.get("write_pause_seconds", 1.0))
    return {
        "lock_lease_seconds": _positive(
            "lock_lease_seconds", merged.get("lock_lease_seconds", 600)
        ),
        "maxlag_budget_seconds": _positive(
            "maxlag_budget_seconds", merged.get("maxlag_budget_seconds", 600), zero=True
        ),
        "write_pause_seconds": _positive("write_pause_seconds", pause, zero=True),
    }


def _positive(key: str, value: object, *, zero: bool = False) -> float:
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or value < 0
        or (value == 0 and not zero)
    ):
        least = "0 or more" if zero else "above 0"
        raise SettingsError(f"{key}: {value!r}; use a number of seconds {least}")
    return float(value)


def _number(text: str | None, default: object) -> object:
    """An environment variable's number (the settings' value when it is unset)."""
    if not text:
        return default
    try:
        return float(text)
    except ValueError:
        return text  # refused by the check, naming the value
