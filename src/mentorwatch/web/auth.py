"""Signing in through the wiki, and what a signed-in user may do.

A user signs in with their wiki account: OAuth 2 where the wiki has the OAuth extension and
mentorwatch is registered as a consumer, otherwise with one of their bot passwords. The
password is used once to log in and never kept: the server keeps the user's logged-in wiki
session (cookies, or the OAuth token) in memory and, encrypted, in the journal's database
(``web/sealed.py``: so every worker process serves it, and it survives a restart), under a
random key held in a signed, expiring browser cookie.
Every write is made through that session, so the wiki's history shows who did what. Rights
come from the wiki (``meta=userinfo``), read at sign-in.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode

import requests

from mentorwatch.web.sealed import SharedSessions
from mentorwatch.wiki.api import MediaWikiClient
from mentorwatch.wiki.errors import AuthenticationError, WikiUnreachable
from mentorwatch.wiki.etiquette import Etiquette

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


def describe(client: MediaWikiClient) -> dict[str, Any]:
    """The signed-in account: name, id, rights and date format preference."""
    info = client.get(action="query", meta="userinfo", uiprop="rights|options")
    user = info["query"]["userinfo"]
    if user.get("anon"):
        raise AuthenticationError("not-logged-in", "the wiki did not accept the sign-in")
    return user  # type: ignore[no-any-return]


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
        info = describe(client)
        options = info.get("options") or {}
        user = WebUser(
            key=secrets.token_urlsafe(32),
            name=str(info["name"]),
            user_id=int(info["id"]),
            rights=frozenset(info.get("rights", [])),
            date_format=str(options.get("date") or "default"),
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


def sign_in_with_bot_password(
    api_url: str, username: str, password: str, contact: str | None
) -> MediaWikiClient:
    client = MediaWikiClient(api_url, contact=contact, etiquette=Etiquette.interactive())
    client.login(username, password)
    return client


@dataclass(frozen=True)
class OAuthConsumer:
    """mentorwatch registered on the wiki as an OAuth 2 client.

    Registered at Special:OAuthConsumerRegistration/propose/oauth2 on the wiki (or on Meta for
    Wikimedia wikis), with the callback URL ``https://HOST/oauth/callback`` (``HOST`` from
    ``MENTORWATCH_PUBLIC_URL``). The secret never appears in a repr or a message.
    """

    client_id: str
    client_secret: str = field(repr=False)
    rest_url: str  # https://xx.wikipedia.org/w/rest.php
    #: how the token request is sent (``requests.post``; tests give a fake token endpoint)
    post: Callable[..., Any] = field(default=requests.post, repr=False, compare=False)

    def authorize_url(self, state: str, redirect_uri: str) -> str:
        query = urlencode(
            {
                "response_type": "code",
                "client_id": self.client_id,
                "state": state,
                "redirect_uri": redirect_uri,
            }
        )
        return f"{self.rest_url}/oauth2/authorize?{query}"

    def exchange(self, code: str, redirect_uri: str) -> str:
        """Trade the authorization code for an access token (AuthenticationError if refused,
        WikiUnreachable if the wiki does not answer)."""
        try:
            response = self.post(
                f"{self.rest_url}/oauth2/access_token",
                data={
                    "grant_type": "authorization_code",
                    "code": code,
                    "client_id": self.client_id,
                    "client_secret": self.client_secret,
                    "redirect_uri": redirect_uri,
                },
                timeout=30,
            )
        except requests.RequestException as error:
            raise WikiUnreachable(f"the wiki's OAuth endpoint did not answer: {error}") from error
        try:
            body = response.json() if response.status_code == 200 else None
        except ValueError:
            body = None
        token = body.get("access_token") if isinstance(body, dict) else None
        if not isinstance(token, str) or not token:
            raise AuthenticationError("oauth-failed", "the wiki refused the OAuth sign-in")
        return token
