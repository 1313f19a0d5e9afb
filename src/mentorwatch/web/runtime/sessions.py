"""Signed-in users: who they are on the wiki, their rights, and the sessions that hold them.

A user signs in with their wiki account (``wiki/sign_in.py``: OAuth 2 where the wiki has the
OAuth extension and mentorwatch is registered as a consumer, otherwise one of their bot
passwords, used once to log in and never kept). The server keeps the user's logged-in wiki
session (cookies, or the OAuth token), encrypted, in the journal's database
(``runtime/sealed_sessions.py``: so every worker process serves it, and it survives a restart),
under a random key held in a signed, expiring browser cookie. Every write is made through that
session, so the wiki's history shows who did what. Rights come from the wiki
(``meta=userinfo``, ``wiki/users.py``), read at sign-in.

The shared store is the one truth: each worker keeps the sessions it opened in memory (at most
:data:`CACHED_SESSIONS`, the least recently used dropped first) only to spare decrypting them
and rebuilding the wiki client, and asks the store on **every request** whether the session is
still there (one read by primary key), so a sign-out on any worker, or an expiry, ends it on
all of them at once. Signing out ends the session in the store and then on the wiki
(``action=logout`` with the user's own wiki session). Whether the user administers
the rules is read at sign-in too, from their groups (which a bot password's grants do not
cut down).
"""

from __future__ import annotations

import logging
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from mentorwatch.web.runtime.sealed_sessions import SharedSessions
from mentorwatch.wiki.api import MediaWikiClient
from mentorwatch.wiki.sign_in import sign_out
from mentorwatch.wiki.users import Account, describe_account

log = logging.getLogger(__name__)

#: sessions one worker keeps opened in memory (more are opened again from the store)
CACHED_SESSIONS = 500

#: whether a signed-in account is one of the rules page's administrators (read at sign-in)
AdminCheck = Callable[[MediaWikiClient, Account], bool]


@dataclass
class WebUser:
    key: str
    name: str
    user_id: int
    rights: frozenset[str]
    date_format: str
    client: MediaWikiClient
    expires_at: datetime
    #: one of the rules page's administrators: their groups let them save it once protected
    #: (``domain/rights.py`` ``keeps_rules``), whatever their bot password's grants
    admin: bool = False
    #: the wiki preferences the pages follow (``language``, ``timecorrection``)
    language: str = "en"
    time_correction: str = ""

    @property
    def is_admin(self) -> bool:
        return self.admin


class SessionStore:
    """Signed-in users by session key: in the shared store (the truth), opened ones cached in
    memory; expired or signed-out sessions are refused."""

    def __init__(
        self,
        clock: Callable[[], datetime],
        lifetime: timedelta,
        shared: SharedSessions | None = None,
        admin_check: AdminCheck | None = None,
    ) -> None:
        self.clock = clock
        self.lifetime = lifetime
        self.shared = shared
        self.admin_check = admin_check
        self._users: OrderedDict[str, WebUser] = OrderedDict()
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
            admin=self.admin_check(client, account) if self.admin_check else False,
            language=account.language,
            time_correction=account.time_correction,
        )
        self.keep(user)
        return user

    def keep(self, user: WebUser) -> None:
        """Hold a signed-in user: sealed into the shared store, and opened in memory (the
        benchmark's and the tests' sessions come this way too, without a wiki)."""
        if self.shared is not None:
            self.shared.save(user.key, _fields(user), user.client, self.clock())
        self._cache(user)

    def get(self, key: str | None) -> WebUser | None:
        """The signed-in user of ``key``, if the session is still in the shared store and
        unexpired (asked on every request)."""
        if not key:
            return None
        now = self.clock()
        with self._lock:
            user = self._users.get(key)
            if user is not None:
                self._users.move_to_end(key)
        if user is not None and user.expires_at <= now:
            self._forget(key)
            return None
        if self.shared is None:
            return user
        if user is None:
            return self._from_shared(key)
        if not self.shared.alive(key, now):  # signed out or ended on another worker
            self._forget(key)
            return None
        return user

    def remove(self, key: str | None) -> None:
        """Sign out: the session ends in the shared store (every worker refuses it from the
        next request), here, and on the wiki (best effort: the wiki may not answer)."""
        if not key:
            return
        with self._lock:
            user = self._users.pop(key, None)
        if self.shared is not None:
            if user is None:
                user = self._open(key)
            self.shared.delete(key)
        if user is not None and not sign_out(user.client):
            log.warning("signing %s out of the wiki failed; the session ended here", user.name)

    def _from_shared(self, key: str) -> WebUser | None:
        """A session another worker made (or this one before a restart)."""
        user = self._open(key)
        if user is not None:
            self._cache(user)
        return user

    def _open(self, key: str) -> WebUser | None:
        assert self.shared is not None
        found = self.shared.load(key, self.clock())
        if found is None:
            return None
        fields, client = found
        return WebUser(client=client, **fields)

    def _cache(self, user: WebUser) -> None:
        with self._lock:
            self._users[user.key] = user
            self._users.move_to_end(user.key)
            while len(self._users) > CACHED_SESSIONS:
                self._users.popitem(last=False)

    def _forget(self, key: str) -> None:
        with self._lock:
            self._users.pop(key, None)


def _fields(user: WebUser) -> dict[str, Any]:
    return {
        "key": user.key,
        "name": user.name,
        "user_id": user.user_id,
        "rights": user.rights,
        "date_format": user.date_format,
        "expires_at": user.expires_at,
        "admin": user.admin,
        "language": user.language,
        "time_correction": user.time_correction,
    }
