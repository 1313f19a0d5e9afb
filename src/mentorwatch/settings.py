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

    [summaries]                                 # defaults: the wiki's language
    remove = "Removing mentor $1, inactive for $2 days"

    [wikis."https://ko.wikipedia.org/w/api.php"]
    name = "kowiki"                             # its path on a webservice serving several

    [wikis."https://ko.wikipedia.org/w/api.php".summaries]
    remove = "..."                              # per-wiki override

``run --all`` runs every wiki named by a ``[wikis."URL"]`` section (or by a top-level list
``wikis = ["URL", ...]`` when no wiki needs its own settings).

Environment: ``MENTORWATCH_USERNAME``, ``MENTORWATCH_PASSWORD``, ``MENTORWATCH_OAUTH_TOKEN``,
``MENTORWATCH_DATABASE``, ``MENTORWATCH_CONTACT``, ``MENTORWATCH_WIKIS`` and every other key
as a variable of its own, or a whole file in ``MENTORWATCH_SETTINGS_TOML``
(:mod:`mentorwatch.settings_env`); without a database anywhere, ToolsDB on Toolforge.

The settings are input and checked as such: every problem is reported, one line each naming
the key and the fix, and nothing is done (:class:`SettingsError`, exit 2). Numbers are finite
and within bounds; texts that go into HTTP headers or requests (``contact``, ``username``) are
one line without control characters; files (the settings file, ``*_file`` secrets) are read
only if they are regular files of a bounded size (:mod:`mentorwatch.input_files`).
"""

from __future__ import annotations

import math
import os
import re
import stat
import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from mentorwatch.domain.snapshot import MAX_RUN_INTERVAL_DAYS
from mentorwatch.domain.wiki_texts import Summaries
from mentorwatch.errors import InvalidInput
from mentorwatch.input_files import KIB, MIB, InputFileError, read_text_file
from mentorwatch.settings_env import from_env as _from_env
from mentorwatch.settings_env import over as _over
from mentorwatch.settings_env import toml_from_env as _toml_from_env
from mentorwatch.settings_env import toolsdb_url
from mentorwatch.wiki.connect import Credentials, Pages

T = TypeVar("T")

#: the largest settings file and secret file read
MAX_SETTINGS_FILE = MIB
MAX_SECRET_FILE = 64 * KIB
#: the most seconds each timing may be (a day; a write pause of an hour)
MOST_SECONDS = {
    "lock_lease_seconds": 86400.0,
    "maxlag_budget_seconds": 86400.0,
    "write_pause_seconds": 3600.0,
}
#: the least lease: a heartbeat every quarter of it must be able to reach the journal
LEAST_LEASE_SECONDS = 1.0
#: line breaks, control characters, and the invisible ones (bidi, zero width): never in a
#: header or a user name
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")
MAX_TEXT = 300


def default_database_url() -> str:
    """SQLite under the user's state directory (``$XDG_STATE_HOME/mentorwatch``)."""
    base = Path(os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state")
    return f"sqlite:///{base / 'mentorwatch' / 'mentorwatch.db'}"


class SettingsError(InvalidInput):
    """The operator's settings (file or environment) cannot be used; ``problems``: one line
    per problem, each naming the key and the fix."""

    def __init__(self, message: str, problems: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.problems = tuple(problems) or (message,)


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
    """The settings for ``wiki`` (its ``[wikis."URL"]`` section over the top level), from the
    file, then ``MENTORWATCH_SETTINGS_TOML``, then the other environment variables: each
    source over the one before (:data:`ENVIRONMENT` lists them). Every problem is collected
    and raised together (:class:`SettingsError`)."""
    env = os.environ if env is None else env
    if path is None and env.get("MENTORWATCH_SETTINGS"):
        path = Path(env["MENTORWATCH_SETTINGS"])
    data, warnings = _read_file(path) if path is not None else ({}, [])
    data = _over(_over(data, _toml_from_env(env)), _from_env(env))
    per_wiki = _wiki_section(data, wiki)
    merged = {**data, **{k: v for k, v in per_wiki.items() if k not in ("summaries", "name")}}
    checks = _Checks()
    settings = Settings(
        username=checks.take(
            lambda: _one_line("username", env.get("MENTORWATCH_USERNAME") or merged.get("username"))
        ),
        password=checks.take(lambda: _secret(data, env, "password", "MENTORWATCH_PASSWORD")),
        oauth_token=checks.take(
            lambda: _secret(data, env, "oauth_token", "MENTORWATCH_OAUTH_TOKEN")
        ),
        database=env.get("MENTORWATCH_DATABASE")
        or merged.get("database")
        or toolsdb_url(env)
        or default_database_url(),
        contact=checks.take(
            lambda: _one_line("contact", env.get("MENTORWATCH_CONTACT") or merged.get("contact"))
        ),
        run_interval_days=checks.take(
            lambda: _run_interval_days(merged.get("run_interval_days", 7)), 7.0
        ),
        **_timings(merged, checks),
        summaries=checks.take(lambda: _summaries(path, data, per_wiki), Summaries()),
        list_page=str(merged.get("list_page", Settings.list_page)),
        config_page=str(merged.get("config_page", Settings.config_page)),
        rules_page=str(merged.get("rules_page", Settings.rules_page)),
        warnings=tuple(warnings),
        wikis=_named_wikis(data, env),
        name=str(per_wiki["name"]) if "name" in per_wiki else None,
    )
    checks.raise_any()
    return settings


class _Checks:
    """Every settings problem, collected: the operator fixes them all at once."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def take(self, compute: Callable[[], T], fallback: Any = None) -> T:
        """``compute()``, or ``fallback`` with its :class:`SettingsError` kept."""
        try:
            return compute()
        except SettingsError as error:
            self.problems.extend(error.problems)
            return fallback  # type: ignore[no-any-return]

    def raise_any(self) -> None:
        if self.problems:
            raise SettingsError("; ".join(self.problems), self.problems)


def _read_file(path: Path) -> tuple[dict[str, Any], list[str]]:
    """The settings file's TOML, and what the operator should be warned of."""
    try:
        text = read_text_file(path, limit=MAX_SETTINGS_FILE, what="settings file")
        data = tomllib.loads(text)
    except InputFileError as error:
        raise SettingsError(str(error)) from error
    except tomllib.TOMLDecodeError as error:
        raise SettingsError(f"{path}: invalid TOML: {error}") from error
    except RecursionError as error:
        raise SettingsError(
            f"{path}: values nested too deeply for a settings file; use plain keys, tables "
            "and lists"
        ) from error
    warnings = []
    if ("password" in data or "oauth_token" in data) and path.stat().st_mode & (
        stat.S_IRGRP | stat.S_IROTH
    ):
        warnings.append(f"{path} holds a secret and is readable by others: chmod 600 it")
    return data, warnings


def _one_line(key: str, value: object) -> str | None:
    """A text that goes into a request or a header: one line, printable, not too long."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise SettingsError(f"{key}: {value!r} is not a text; write it in quotes")
    if _UNPRINTABLE.search(value) or len(value) > MAX_TEXT:
        raise SettingsError(
            f"{key}: {value[:60]!r} holds a line break, a control or an invisible character, "
            f"or is over {MAX_TEXT} characters; use one plain line (e.g. a user page or an "
            "e-mail address)"
        )
    return value


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
        named = data[f"{key}_file"]
        if not isinstance(named, str) or not named:
            raise SettingsError(f"{key}_file: {named!r}; write the file's path in quotes")
        try:
            secret = read_text_file(Path(named), limit=MAX_SECRET_FILE, what="file")
        except InputFileError as error:
            raise SettingsError(f"{key}_file: {error}") from error
        return secret.strip()
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


def _timings(merged: Mapping[str, Any], checks: _Checks) -> dict[str, float]:
    """The lease, the lag budget and the write pause, checked (seconds)."""
    pause = merged.get("write_pause_seconds", 1.0)
    given = {
        "lock_lease_seconds": (merged.get("lock_lease_seconds", 600), 600.0),
        "maxlag_budget_seconds": (merged.get("maxlag_budget_seconds", 600), 600.0),
        "write_pause_seconds": (pause, 1.0),
    }
    return {
        key: checks.take(partial(_seconds, key, value), fallback)
        for key, (value, fallback) in given.items()
    }


def _seconds(key: str, value: object) -> float:
    """A finite number of seconds within the key's bounds (only the lease may not be 0)."""
    least = LEAST_LEASE_SECONDS if key == "lock_lease_seconds" else 0.0
    most = MOST_SECONDS[key]
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or not least <= value <= most
    ):
        raise SettingsError(f"{key}: {value!r}; use a number of seconds from {least:g} to {most:g}")
    return float(value)
