"""Sharing a long list of wikis among N scheduled jobs: ``run --all --shard K/N``.

Each wiki belongs to one shard, picked by a hash of its address (not its position in the
list), so the shards have no overlap and no gap, and adding or removing a wiki moves no other
wiki to another shard. Each wiki still runs under its own lease, so two jobs never work on one
wiki at once even if their lists overlapped.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from mentorwatch.errors import InvalidInput

MAX_SHARDS = 64


class ShardError(InvalidInput):
    """A ``--shard`` that is not K/N with 1 <= K <= N."""


@dataclass(frozen=True)
class Shard:
    """The K-th of N shares (K from 1)."""

    index: int
    count: int

    @classmethod
    def parse(cls, text: str) -> Shard:
        """``"2/3"``: the second of three."""
        index, slash, count = text.strip().partition("/")
        if not slash or not index.isdigit() or not count.isdigit():
            raise ShardError(f"--shard {text!r}: use K/N, such as 1/3 (the first of three)")
        shard = cls(int(index), int(count))
        if not 1 <= shard.index <= shard.count <= MAX_SHARDS:
            raise ShardError(f"--shard {text!r}: K must be from 1 to N, and N at most {MAX_SHARDS}")
        return shard

    def holds(self, wiki: str) -> bool:
        return shard_of(wiki, self.count) == self.index

    def select(self, wikis: Iterable[str]) -> list[str]:
        """This shard's wikis, in the order given."""
        return [wiki for wiki in wikis if self.holds(wiki)]

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"


def shard_of(wiki: str, count: int) -> int:
    """The shard (1 to ``count``) of a wiki's address: its SHA-256, lowercased, modulo."""
    digest = hashlib.sha256(wiki.strip().rstrip("/").lower().encode()).digest()
    return int.from_bytes(digest[:8], "big") % count + 1
