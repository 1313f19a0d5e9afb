"""Signed-in users: who they are on the wiki, their rights, and the sessions that hold them.

A user signs in with their wiki account (``wiki/sign_in.py``: OAuth 2 where the wiki has the
OAuth extension and mentorwatch is registered as a consumer, otherwise one of their bot
passwords, used once to log in and never kept). The server keeps the user's logged-in wiki
session (cookies, or the OAuth token) in memory and, encrypted, in the journal's database
(``runtime/sealed_sessions.py``: so every worker process serves it, and it survives a
restart), under a random key held in a signed, expiring browser cookie. Every write is made
through that session, so the wiki's history shows who did what. Rights come from the wiki
(``meta=userinfo``, ``wiki/users.py``), read at sign-in.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from mentorwatch.web.runtime.sealed_sessions import SharedSessions
from mentorwatch.wiki.api import MediaWikiClient
from mentorwatch.wiki.users import describe_account

#: Rights that make a user an administrator of the Mentorship configuration.
ADMIN_RIGHTS = frozenset({"editsitejson", "managementors"})


@dataclass
class WebUser:
    key: str
    name: str
    user_id: int
    rights: frozenset[str]
    date_format: str
    client: MediaWikiClient
    expires_at: datetime

    @property
    def is_admin(self) -> bool:
        return bool(ADMIN_RIGHTS & self.rights)


class SessionStore:
    """Signed-in users by session key, in memory; expired sessions are dropped."""

    def __init__(
        self,
        clock: Callable[[], datetime],
        lifetime: timedelta,
        shared: SharedSessions | None = None,
    ) -> None:
        self.clock = clock
        self.lifetime = lifetime
        self.shared = shared
        self._users: dict[str, WebUser] = {}
        self._lock = threading.Lock()

    def add(self, client: MediaWikiClient) -> WebUser:
        account = describe_account(client)
        user = WebUser(
            key=secrets.token_urlsafe(32),
            name=account.name,
            user_id=account.user_id,
            rights=account.rights,
            date_format=account.date_format,
            client=client,
            expires_at=self.clock() + self.lifetime,
        )
        self.keep(user)
        if self.shared is not None:
            self.shared.save(user.key, _fields(user), client)
        return user

    def keep(self, user: WebUser) -> None:
        """Hold a session made elsewhere (the benchmark's, which needs no wiki)."""
        with self._lock:
            self._users[user.key] = user

    def get(self, key: str | None) -> WebUser | None:
        if not key:
            return None
        with self._lock:
            user = self._users.get(key)
            if user is not None and user.expires_at <= self.clock():
                del self._users[key]
                return None
        if user is None and self.shared is not None:
            user = self._from_shared(key)
        return user

    def _from_shared(self, key: str) -> WebUser | None:
        """A session another worker made (or this one before a restart)."""
        assert self.shared is not None
        found = self.shared.load(key, self.clock())
        if found is None:
            return None
        fields, client = found
        user = WebUser(client=client, **fields)
        self.keep(user)
        return user

    def remove(self, key: str | None) -> None:
        with self._lock:
            self._users.pop(key or "", None)
        if key and self.shared is not None:
            self.shared.delete(key)


def _fields(user: WebUser) -> dict[str, Any]:
    return {
        "key": user.key,
        "name": user.name,
        "user_id": user.user_id,
        "rights": user.rights,
        "date_format": user.date_format,
        "expires_at": user.expires_at,
    }
