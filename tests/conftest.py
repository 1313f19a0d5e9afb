"""Test-wide settings; the journal database fixtures live in tests/databases.py.

Hypothesis runs deterministically by default (the ``mentorwatch`` profile): derandomised, so
every run tries the same examples and a failure reproduces by running the test again, with no
example database to carry around; nobody's run passes or fails by luck. Counterexamples are
pinned with ``@example`` next to the property.

To look for new counterexamples, opt in to the ``explore`` profile, with
``--hypothesis-profile=explore`` or ``MENTORWATCH_HYPOTHESIS_PROFILE=explore``: new random
examples each run, failures kept in ``.hypothesis/`` and tried first next time. Pin what it
finds with ``@example``.
"""

import os

from hypothesis import settings
from hypothesis.database import DirectoryBasedExampleDatabase

pytest_plugins = ["tests.databases"]

# Writes are paced 1 s apart by default (the bot policy); the tests do not wait for it.
# Subprocesses (the CLI, killed runs) inherit this.
os.environ.setdefault("MENTORWATCH_WRITE_PAUSE", "0")

# Properties are about behaviour, not speed: a slow machine must not fail them on time.
settings.register_profile("mentorwatch", deadline=None, derandomize=True, database=None)
settings.register_profile(
    "explore", deadline=None, database=DirectoryBasedExampleDatabase(".hypothesis/examples")
)
settings.load_profile(os.environ.get("MENTORWATCH_HYPOTHESIS_PROFILE", "mentorwatch"))
