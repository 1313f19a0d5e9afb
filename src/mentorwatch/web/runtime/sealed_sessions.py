"""Signed-in sessions shared by every web worker: sealed into the journal's database.

A session holds what lets mentorwatch act as the user on the wiki (their wiki session's
cookies, or their OAuth access token), so it is **encrypted at rest** with Fernet (AES-128-CBC
and HMAC-SHA256, from ``cryptography``) under a key derived from the app's secret
(``MENTORWATCH_WEB_SECRET``, which every worker must share anyway to read the browser's signed
cookie), and stored under the sha256 of the session key (``store/web_sessions.py``). Nothing of
it is ever logged. A worker that finds a session it did not make (another worker signed the
user in, or this one restarted) opens it and rebuilds the wiki client.

A sealed session is bound to its row: the payload holds the session key, and a session opened
from a row whose key is not the one inside is refused, so sealed text copied from an
administrator's row into another row opens as nobody. Each row names its owner by a keyed hash
of the wiki account (never the name), so that one account holds at most
:data:`SESSION_BOUNDS` ``per_owner`` sessions (a new sign-in ends its oldest) and the whole
store at most ``in_total`` (a sign-in beyond is refused: :class:`TooManySessions`).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cryptography.fernet import Fernet, InvalidToken

from mentorwatch.domain.timeutil import format_timestamp, parse_timestamp
from mentorwatch.errors import Refused
from mentorwatch.store.web_sessions import SessionBounds, WebSessionRows
from mentorwatch.wiki.api import MediaWikiClient
from mentorwatch.wiki.etiquette import Etiquette

#: live sessions one wiki account may hold (its browsers, its devices), and the store in all
SESSION_BOUNDS = SessionBounds(per_owner=10, in_total=10_000)


class TooManySessions(Refused):
    """The store holds as many live sessions as it may: a new sign-in waits for some to end."""


def _fernet(secret: str) -> Fernet:
    digest = hashlib.sha256(b"mentorwatch web sessions\0" + secret.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


@dataclass
class SharedSessions:
    rows: WebSessionRows
    secret: str
    contact: str | None = None

    def save(
        self, key: str, fields: dict[str, Any], client: MediaWikiClient, now: datetime
    ) -> None:
        """Seal and store the session (TooManySessions when the store is full)."""
        document = {
            **fields,
            "expires_at": format_timestamp(fields["expires_at"]),
            "rights": sorted(fields["rights"]),
            "api_url": client.api_url,
            "authorization": client.session.headers.get("Authorization"),
            "cookies": [
                {"name": c.name, "value": c.value, "domain": c.domain, "path": c.path}
                for c in client.session.cookies
            ],
        }
        sealed = _fernet(self.secret).encrypt(json.dumps(document).encode()).decode()
        owner = self.owner(int(fields["user_id"]))
        if not self.rows.save(
            key, sealed, fields["expires_at"], owner, bounds=SESSION_BOUNDS, now=now
        ):
            raise TooManySessions(
                f"{SESSION_BOUNDS.in_total} people are signed in already; try again later"
            )

    def owner(self, user_id: int) -> str:
        """The account's opaque name in the store: a keyed hash (the secret is per wiki)."""
        label = b"mentorwatch session owner\0" + str(user_id).encode()
        return hmac.new(self.secret.encode(), label, hashlib.sha256).hexdigest()

    def alive(self, key: str, now: datetime) -> bool:
        """Whether the session is still stored (not signed out, not expired)."""
        return self.rows.alive(key, now)

    def load(self, key: str, now: datetime) -> tuple[dict[str, Any], MediaWikiClient] | None:
        sealed = self.rows.load(key, now)
        if sealed is None:
            return None
        try:
            document = json.loads(_fernet(self.secret).decrypt(sealed.encode()))
        except InvalidToken:  # sealed under another secret: not a session of ours
            return None
        if not hmac.compare_digest(str(document.get("key", "")).encode(), key.encode()):
            return None  # sealed for another row: copied, not ours to open
        client = MediaWikiClient(
            document["api_url"], contact=self.contact, etiquette=Etiquette.interactive()
        )
        for cookie in document["cookies"]:
            client.session.cookies.set(
                cookie["name"], cookie["value"], domain=cookie["domain"], path=cookie["path"]
            )
        if document["authorization"]:
            client.session.headers["Authorization"] = document["authorization"]
        client.authenticated_as = str(document["name"])
        fields = {key_: document[key_] for key_ in ("key", "name", "user_id", "date_format")}
        fields["rights"] = frozenset(document["rights"])
        fields["admin"] = document.get("admin") is True
        fields["language"] = str(document.get("language") or "en")  # older sessions lack them
        fields["time_correction"] = str(document.get("time_correction") or "")
        fields["expires_at"] = parse_timestamp(document["expires_at"])
        return fields, client

    def delete(self, key: str) -> None:
        self.rows.delete(key)
