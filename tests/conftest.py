"""Test-wide settings."""

from hypothesis import settings

# Properties are about behaviour, not speed: a slow CI machine must not fail them on time.
settings.register_profile("mentorwatch", deadline=None)
settings.load_profile("mentorwatch")
