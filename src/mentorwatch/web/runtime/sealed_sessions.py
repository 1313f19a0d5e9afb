"""Signed-in sessions shared by every web worker: sealed into the journal's database.

A session holds what lets mentorwatch act as the user on the wiki (their wiki session's
cookies, or their OAuth access token), so it is **encrypted at rest** with Fernet (AES-128-CBC
and HMAC-SHA256, from ``cryptography``) under a key derived from the app's secret
(``MENTORWATCH_WEB_SECRET``, which every worker must share anyway to read the browser's signed
cookie), and stored under the sha256 of the session key (``store/web_sessions.py``). Nothing of
it is ever logged. A worker that finds a session it did not make (another worker signed the
user in, or this one restarted) opens it and rebuilds the wiki client.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cryptography.fernet import Fernet, InvalidToken

from mentorwatch.domain.timeutil import format_timestamp, parse_timestamp
from mentorwatch.store.web_sessions import WebSessionRows
from mentorwatch.wiki.api import MediaWikiClient
from mentorwatch.wiki.etiquette import Etiquette


def _fernet(secret: str) -> Fernet:
    digest = hashlib.sha256(b"mentorwatch web sessions\0" + secret.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


@dataclass
class SharedSessions:
    rows: WebSessionRows
    secret: str
    contact: str | None = None

    def save(self, key: str, fields: dict[str, Any], client: MediaWikiClient) -> None:
        if not isinstance(client, MediaWikiClient):  # a test's stand-in: memory only
            return
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
        self.rows.save(key, sealed, fields["expires_at"])

    def load(self, key: str, now: datetime) -> tuple[dict[str, Any], MediaWikiClient] | None:
        sealed = self.rows.load(key, now)
        if sealed is None:
            return None
        try:
            document = json.loads(_fernet(self.secret).decrypt(sealed.encode()))
        except InvalidToken:  # sealed under another secret: not a session of ours
            return None
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
        fields["expires_at"] = parse_timestamp(document["expires_at"])
        return fields, client

    def delete(self, key: str) -> None:
        self.rows.delete(key)
