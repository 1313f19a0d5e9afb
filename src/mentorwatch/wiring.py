"""The one place that wires mentorwatch together (its composition root).

The command line, the web app and the WSGI entry point build what they need here: a journal
from the operator's settings, a connection to a wiki with its mentor list backend, a cleanup
cycle, an undo. Nothing below this module reads settings or chooses adapters itself, so the
domain and the adapters stay free of configuration and can be tested alone.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from mentorwatch.language.wiki_words import words_for
from mentorwatch.service.cycle import Cycle, Progress, RunOptions
from mentorwatch.service.exempt_after_undo import exemption_length
from mentorwatch.service.undo import Undo
from mentorwatch.settings import Settings, SettingsError
from mentorwatch.settings_env import throwaway_journal
from mentorwatch.store.journal import Journal
from mentorwatch.wiki.api import MediaWikiClient
from mentorwatch.wiki.connect import backend_named, choose_backend, connect
from mentorwatch.wiki.etiquette import Etiquette
from mentorwatch.wiki.mentorlist import MentorListBackend
from mentorwatch.wiki.site import content_language

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    """The real time, in UTC: the only clock read in mentorwatch, passed in everywhere else."""
    return datetime.now(UTC)


@dataclass(frozen=True)
class ApiTiming:
    """How an API client waits (lag, retries, paced writes) and reads its monotonic clock."""

    sleep: Callable[[float], None] | None = None  # time.sleep
    clock: Callable[[], float] | None = None  # time.monotonic


@dataclass(frozen=True)
class WikiConnection:
    """A client for one wiki and the mentor list backend chosen for it."""

    client: MediaWikiClient
    backend: MentorListBackend
    settings: Settings

    @property
    def api_url(self) -> str:
        return self.client.api_url

    def backend_for(self, client: MediaWikiClient) -> MentorListBackend:
        """The same kind of backend, acting as another account (a signed-in web user)."""
        return backend_named(self.backend.name, client, self.settings.pages)


def open_journal(settings: Settings, *, existing: bool = False, read_only: bool = False) -> Journal:
    """The journal named by the settings (raises JournalTooNew for a newer schema).

    ``existing``: the journal must already exist (commands that read it: a mistyped path is
    an error, not a new empty journal); ``read_only``: opened read-only where it can be.
    A journal that would be thrown away with its container (Toolforge's build-service
    images) is refused, with the fix (``settings_env.throwaway_journal``).
    """
    problem = throwaway_journal(settings.database, os.environ)
    if problem is not None:
        raise SettingsError(problem)
    return Journal(
        settings.database,
        existing=existing,
        read_only=read_only,
        lease=timedelta(seconds=settings.lock_lease_seconds),
    )


def job_etiquette(settings: Settings) -> Etiquette:
    """The weekly job's API etiquette: patient with lag, paced writes (docs/operations.md)."""
    return Etiquette.job(
        lag_budget=settings.maxlag_budget_seconds, write_pause=settings.write_pause_seconds
    )


def open_wiki(
    api_url: str,
    settings: Settings,
    *,
    backend: str = "auto",
    require_login: bool,
    interactive: bool = False,
    timing: ApiTiming | None = None,
) -> WikiConnection:
    """Connect (checking it is a MediaWiki, signing in when credentials exist) and choose the
    mentor list backend (``auto``, ``growth`` or ``jsonpage``). ``interactive``: for a person
    waiting (the web app): no maxlag, no waiting on lag, no pause between writes. ``timing``:
    how the client waits and tells time (real by default; tests inject a fake clock)."""
    timing = timing or ApiTiming()
    client = connect(
        api_url,
        settings.credentials,
        contact=settings.contact,
        require_login=require_login,
        etiquette=Etiquette.interactive() if interactive else job_etiquette(settings),
        sleep=timing.sleep,
        clock=timing.clock,
    )
    return WikiConnection(client, choose_backend(client, backend, settings.pages), settings)


def make_cycle(
    wiki: WikiConnection,
    journal: Journal,
    options: RunOptions,
    *,
    clock: Clock = system_clock,
    on_progress: Progress | None = None,
) -> Cycle:
    return Cycle(
        wiki.client, wiki.backend, journal, clock=clock, options=options, on_progress=on_progress
    )


def make_undo(
    wiki: WikiConnection, journal: Journal, *, clock: Clock = system_clock, exempt: bool = True
) -> Undo:
    """An undo that, unless ``exempt`` is off, exempts the mentors it puts back until the run
    after next (now + 2 run intervals + 1 day) on the rules page."""
    interval = timedelta(days=wiki.settings.run_interval_days)
    return Undo(
        wiki.backend,
        journal,
        clock=clock,
        words=words_for(
            wiki.settings.summaries, content_language(wiki.client), wiki.backend.own_wording()
        ),
        exempt_for=exemption_length(interval) if exempt else None,
    )
