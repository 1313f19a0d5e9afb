"""Newcomers and their mentors on GrowthExperiments wikis (``growthmentormentee``,
``growthsetmentor``). ``geaction=remove`` leaves a removed mentor's mentees with them, and
``growthsetmentor`` accepts any target: choosing an available mentor is the caller's job."""

from __future__ import annotations

from mentorwatch.wiki.api import MediaWikiClient
from mentorwatch.wiki.errors import ApiError


def mentee_counts(client: MediaWikiClient, usernames: list[str]) -> dict[str, int]:
    """How many mentees each mentor has: one request per mentor, a few at a time."""
    answers = client.map_get(
        [
            {"action": "query", "list": "growthmentormentee", "gemmmentor": name}
            for name in usernames
        ]
    )
    return {
        name: len(answer["growthmentormentee"]["mentees"])
        for name, answer in zip(usernames, answers, strict=True)
    }


def mentees_of(client: MediaWikiClient, username: str) -> list[tuple[int, str]]:
    result = client.get(action="query", list="growthmentormentee", gemmmentor=username)
    return [
        (int(mentee["id"]), str(mentee["name"]))
        for mentee in result["growthmentormentee"]["mentees"]
    ]


def set_mentor(client: MediaWikiClient, mentee: str, mentor: str, reason: str) -> None:
    try:
        client.post_with_token(
            action="growthsetmentor", mentee=mentee, mentor=mentor, reason=reason
        )
    except ApiError as error:
        if error.code != "growthexperiments-homepage-claimmentee-already-mentor":
            raise  # already theirs (a retried request): nothing to do
