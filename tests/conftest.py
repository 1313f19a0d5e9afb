"""Test-wide settings; the journal database fixtures live in tests/databases.py."""

from hypothesis import settings

pytest_plugins = ["tests.databases"]

# Properties are about behaviour, not speed: a slow CI machine must not fail them on time.
settings.register_profile("mentorwatch", deadline=None)
settings.load_profile("mentorwatch")
