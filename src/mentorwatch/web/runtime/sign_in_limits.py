"""Sign-in attempts rate-limited per client address and per account name, counted together by
every worker in the journal (``store/sign_in_attempts.py``).

A sign-in sends the password on to the wiki, which throttles failed logins per account and per
address: seen from the wiki, every attempt through mentorwatch comes from mentorwatch's own
address, so without a limit here one client could guess passwords at the wiki's expense and
lock everyone out of signing in. The address is the one the app sees: the client's behind
``MENTORWATCH_TRUSTED_PROXIES`` trusted proxies, else the nearest proxy's (then everyone
behind it shares one allowance: set the number of proxies). The account is the name typed,
as the wiki reads it (a bot password's ``@app`` suffix dropped, ``_`` as a space, the first
letter capital), so changing the suffix or the case does not buy more attempts. Both are
stored as keyed hashes: the journal never holds what someone typed as a user name.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from mentorwatch.domain.names import canonical_name
from mentorwatch.store.sign_in_attempts import SignInAttempts

#: the window attempts are counted in, and how many each subject may make in it
WINDOW = timedelta(minutes=10)
PER_ADDRESS = 20
PER_ACCOUNT = 5


@dataclass(frozen=True)
class TooManyAttempts:
    """A sign-in refused for now: whose allowance is spent (``address`` or ``account``)."""

    spent: str
    retry_after: timedelta = WINDOW


def account_name(typed: str) -> str:
    """The wiki account a typed name signs in to: ``mira_s@phone`` is ``Mira s``."""
    return canonical_name(typed.rsplit("@", 1)[0])


class SignInLimits:
    def __init__(
        self, attempts: SignInAttempts, secret: str, clock: Callable[[], datetime]
    ) -> None:
        self.attempts = attempts
        self.secret = secret
        self.clock = clock

    def admit(self, address: str | None, typed_name: str | None = None) -> TooManyAttempts | None:
        """Count one attempt from ``address`` (and for the account ``typed_name`` names);
        None if it may go ahead, else whose allowance is spent (nothing counted then)."""
        by_address = self._subject("address", address or "unknown")
        limits = {by_address: PER_ADDRESS}
        if typed_name is not None:
            limits[self._subject("account", account_name(typed_name))] = PER_ACCOUNT
        spent = self.attempts.admit(limits, self.clock(), WINDOW)
        if spent is None:
            return None
        return TooManyAttempts("address" if spent == by_address else "account")

    def _subject(self, kind: str, value: str) -> str:
        label = f"mentorwatch sign-in {kind}\0{value}".encode()
        return hmac.new(self.secret.encode(), label, hashlib.sha256).hexdigest()
