"""Test-wide settings; the journal database fixtures live in tests/databases.py.

Hypothesis runs two profiles. ``mentorwatch`` (the default, for development) draws new
examples each run and keeps failures in ``.hypothesis/``, so a counterexample found once is
tried first next time. ``ci`` (selected when ``CI`` is set, or with
``--hypothesis-profile=ci``) is derandomised: the same examples every run, so CI never passes or
fails by luck; counterexamples found in development are pinned with ``@example``.
"""

import os

from hypothesis import settings
from hypothesis.database import DirectoryBasedExampleDatabase

pytest_plugins = ["tests.databases"]

# Writes are paced 1 s apart by default (the bot policy); the tests do not wait for it.
# Subprocesses (the CLI, killed runs) inherit this.
os.environ.setdefault("MENTORWATCH_WRITE_PAUSE", "0")

# Properties are about behaviour, not speed: a slow CI machine must not fail them on time.
settings.register_profile(
    "mentorwatch", deadline=None, database=DirectoryBasedExampleDatabase(".hypothesis/examples")
)
settings.register_profile("ci", deadline=None, derandomize=True, database=None)
settings.load_profile("ci" if os.environ.get("CI") else "mentorwatch")
