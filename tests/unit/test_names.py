"""User names and titles as MediaWiki spells them (issue 23)."""

from __future__ import annotations

from mentorwatch.domain.names import canonical_name, canonical_title, same_user
from mentorwatch.web.runtime.sign_in_limits import account_name


def test_underscores_spaces_and_the_first_letter() -> None:
    assert canonical_name("jürgen_Müller__Test ") == "Jürgen Müller Test"
    assert canonical_name("\u200eÖzge\u00a0Ak") == "Özge Ak"  # a direction mark, a no-break space
    assert canonical_name("ßeta") == "ßeta"  # no one-letter capital: kept, as MediaWiki keeps it
    assert canonical_name("иван") == "Иван" and canonical_name("한국어") == "한국어"
    assert same_user("Jürgen Müller_Test", "jürgen Müller Test")
    assert not same_user("Jürgen Müller", "Jürgen müller")  # only the first letter folds


def test_titles_follow_the_wikis_case_rule() -> None:
    assert canonical_title("wiktionary_page", "case-sensitive") == "wiktionary page"
    assert canonical_title("page_name") == "Page name"


def test_sign_in_counts_attempts_per_account_as_the_wiki_names_it() -> None:
    assert account_name("jürgen_müller@phone") == "Jürgen müller"
