"""Counted nouns as English says them: "1 mentor", "2 mentors" (never "1 mentors" nor
"mentor(s)"). One place, so a later message catalogue replaces it with real plural rules."""

from __future__ import annotations


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """``count`` and the noun, singular for exactly one (``nouns``: an irregular plural)."""
    return f"{count} {noun if count == 1 else (nouns or noun + 's')}"
