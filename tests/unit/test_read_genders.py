"""The mentors' gender preference, read for ``{{GENDER:}}`` (``wiki/users.py`` ``read_genders``):
50 names a request, MediaWiki's answer mapped as the catalogue reads it."""

from __future__ import annotations

from typing import Any

from mentorwatch.wiki.api import MediaWikiClient
from mentorwatch.wiki.users import read_genders

#: what the wiki's users chose (Special:Preferences); anyone else has said nothing
CHOSEN = {"Anna": "female", "Bernd": "male"}


class UsersWiki(MediaWikiClient):
    """Answers ``list=users&usprop=gender`` as MediaWiki does, and counts the requests."""

    def __init__(self) -> None:
        super().__init__("http://wiki.test/w/api.php")
        self.asked: list[list[str]] = []

    def get(self, **params: Any) -> dict[str, Any]:
        assert params["list"] == "users" and params["usprop"] == "gender"
        names = str(params["ususers"]).split("|")
        self.asked.append(names)
        users = [
            {"name": name, "missing": ""}
            if name.startswith("Nobody")
            else {"userid": 1, "name": name, "gender": CHOSEN.get(name, "unknown")}
            for name in names
        ]
        return {"query": {"users": users}}


def test_the_preference_as_gender_reads_it() -> None:
    wiki = UsersWiki()
    assert read_genders(wiki, ["Anna", "Bernd", "Chris", "Nobody", "Anna"]) == {
        "Anna": "f",
        "Bernd": "m",
        "Chris": "n",
    }
    assert wiki.asked == [["Anna", "Bernd", "Chris", "Nobody"]]  # once each, one request


def test_fifty_names_a_request_and_none_for_no_one() -> None:
    wiki = UsersWiki()
    found = read_genders(wiki, [f"Mentor {n}" for n in range(120)])
    assert len(found) == 120 and [len(batch) for batch in wiki.asked] == [50, 50, 20]
    assert read_genders(wiki, []) == {} and len(wiki.asked) == 3
