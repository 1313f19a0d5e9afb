"""``run --all --shard K/N``: N jobs share the wikis with no overlap and no gap, each wiki's
shard picked by its address (adding a wiki moves no other)."""

from __future__ import annotations

import pytest

from mentorwatch.domain.shards import Shard, ShardError, shard_of

WIKIS = [f"https://{code}.wikipedia.org/w/api.php" for code in range(300)]


@pytest.mark.parametrize("count", [1, 2, 3, 5, 8])
def test_the_shards_split_the_wikis_with_no_overlap_and_no_gap(count: int) -> None:
    shares = [Shard(index, count).select(WIKIS) for index in range(1, count + 1)]
    assert sorted(wiki for share in shares for wiki in share) == sorted(WIKIS)
    assert sum(len(share) for share in shares) == len(WIKIS)  # none in two shares
    assert all(share for share in shares)  # every job has work
    assert max(map(len, shares)) < 2 * len(WIKIS) / count  # and none most of it


def test_adding_wikis_moves_none_of_the_others_and_order_does_not_matter() -> None:
    before = {wiki: shard_of(wiki, 3) for wiki in WIKIS}
    more = [f"https://{code}.wiktionary.org/w/api.php" for code in range(50)] + WIKIS[::-1]
    assert {wiki: shard_of(wiki, 3) for wiki in WIKIS} == before
    assert Shard(2, 3).select(more)[-1] in WIKIS  # the order given is kept
    assert shard_of("HTTPS://De.Wikipedia.org/w/api.php/", 3) == shard_of(
        "https://de.wikipedia.org/w/api.php", 3
    )


@pytest.mark.parametrize("text", ["0/3", "4/3", "3", "a/b", "1/0", "1/65", ""])
def test_a_bad_shard_is_refused_naming_the_form(text: str) -> None:
    with pytest.raises(ShardError, match="--shard"):
        Shard.parse(text)
    assert str(Shard.parse(" 2/3 ")) == "2/3"
