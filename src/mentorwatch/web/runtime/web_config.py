"""One wiki's web app as the operator configures it: frozen, complete when made.

:func:`web_config_from_env` makes it for ``mentorwatch serve`` and the WSGI entry from the
wiki's settings and the environment (``MENTORWATCH_WEB_SECRET``, ``MENTORWATCH_PUBLIC_URL``,
``MENTORWATCH_TRUSTED_PROXIES``, ``MENTORWATCH_OAUTH_CLIENT_ID``/``_SECRET``); tests make it
directly.
"""

from __future__ import annotations

import math
import os
import re
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from mentorwatch.settings import Settings, SettingsError
from mentorwatch.wiki.sign_in import OAuthConsumer
from mentorwatch.wiring import system_clock

Clock = Callable[[], datetime]

#: how old the dashboard's snapshot may get before it is refreshed in the background
DEFAULT_CACHE_TTL = timedelta(minutes=15)


#: the least a ``MENTORWATCH_WEB_SECRET`` may be: its length, and its strength estimated as
#: length x log2(different characters), with no run of characters repeated over and over (a
#: one-letter secret was recovered from a user's own signed cookie; 32 random hex digits give
#: 128 bits, and at least 96 by this estimate)
MIN_SECRET_LENGTH = 32
MIN_SECRET_BITS = 96


def new_secret() -> str:
    """A random secret (sessions signed with it end with the process)."""
    return secrets.token_hex(32)


@dataclass(frozen=True)
class WebConfig:
    api_url: str
    settings: Settings
    backend: str = "auto"
    secret_key: str = field(default_factory=new_secret, repr=False)
    session_lifetime: timedelta = timedelta(hours=8)
    cache_ttl: timedelta = DEFAULT_CACHE_TTL
    oauth: OAuthConsumer | None = None
    clock: Clock = system_clock
    #: the app's address as browsers see it (``https://mentorwatch.example``): the OAuth
    #: callback is built from it, never from the request's Host header, and an ``https`` one
    #: makes the session cookie ``Secure``
    public_url: str | None = None
    #: proxies in front of the app whose ``X-Forwarded-*`` headers are trusted (0: none)
    trusted_proxies: int = 0

    @property
    def secure_cookies(self) -> bool:
        return (self.public_url or "").lower().startswith("https://")


def web_config_from_env(
    wiki: str,
    settings: Settings,
    backend: str = "auto",
    cache_ttl: timedelta | None = None,
    env: Mapping[str, str] = os.environ,
) -> WebConfig:
    """The app's configuration for ``wiki``: its settings, and the environment's secret,
    public address, trusted proxies and OAuth consumer."""
    client_id = env.get("MENTORWATCH_OAUTH_CLIENT_ID")
    client_secret = env.get("MENTORWATCH_OAUTH_CLIENT_SECRET")
    rest = wiki.rsplit("/", 1)[0] + "/rest.php"
    oauth = OAuthConsumer(client_id, client_secret, rest) if client_id and client_secret else None
    return WebConfig(
        wiki,
        settings,
        backend,
        secret_key=_strong_secret(env.get("MENTORWATCH_WEB_SECRET")) or new_secret(),
        cache_ttl=cache_ttl or DEFAULT_CACHE_TTL,
        oauth=oauth,
        public_url=env.get("MENTORWATCH_PUBLIC_URL") or None,
        trusted_proxies=_trusted_proxies(env.get("MENTORWATCH_TRUSTED_PROXIES", "0")),
    )


def _trusted_proxies(text: str) -> int:
    """How many proxies in front of the app to believe ``X-Forwarded-*`` from (0 to 5)."""
    if not re.fullmatch(r"[0-5]", text.strip() or "0"):
        raise SettingsError(
            f"MENTORWATCH_TRUSTED_PROXIES: {text!r}; use the number of proxies (0 to 5)"
        )
    return int(text.strip() or "0")


def _strong_secret(secret: str | None) -> str | None:
    """The operator's secret if it is strong enough (None: unset); else a SettingsError."""
    if not secret:
        return None
    bits = len(secret) * math.log2(len(set(secret))) if len(set(secret)) > 1 else 0.0
    grams = [secret[start : start + 4] for start in range(len(secret) - 3)]
    repeated = len(set(grams)) < 0.75 * len(grams)  # "abcdabcd...", "password" x 4
    if len(secret) < MIN_SECRET_LENGTH or bits < MIN_SECRET_BITS or repeated:
        raise SettingsError(
            f"MENTORWATCH_WEB_SECRET is too weak ({len(secret)} characters, about {bits:.0f} "
            f"bits): it signs the session cookies, and a weak one can be recovered from a "
            f"user's own cookie. Use at least {MIN_SECRET_LENGTH} random characters, e.g. "
            "python3 -c 'import secrets; print(secrets.token_hex(32))'"
        )
    return secret
