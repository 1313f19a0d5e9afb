"""Typed errors from talking to a wiki. Messages never contain secrets."""

from __future__ import annotations

from mentorwatch.errors import InvalidInput, WikiError

__all__ = [
    "ApiError",
    "AuthenticationError",
    "EditConflict",
    "InvalidPage",
    "NotAMediaWiki",
    "NotLoggedIn",
    "PermissionDenied",
    "UnexpectedAnswer",
    "WikiError",
    "WikiUnreachable",
    "WriteUncertain",
]


class WikiUnreachable(WikiError):
    """No HTTP answer at all (connection refused, DNS, timeouts after retries)."""


class WriteUncertain(WikiUnreachable):
    """A write sent to the wiki whose answer was lost (a 5xx, a reset or timed-out connection,
    a truncated answer): the wiki may have made it. Never retried (a second try could make a
    second edit); the action stays ``pending`` and the next run finds it in the page history."""


class NotAMediaWiki(WikiError):
    """Something answered, but it is not a MediaWiki ``api.php``."""


class ApiError(WikiError):
    """An error answer from the API, with its ``code`` and ``info``."""

    def __init__(self, code: str, info: str, *, action: str = "") -> None:
        self.code = code
        self.info = info
        self.action = action
        where = f" ({action})" if action else ""
        super().__init__(f"API error{where}: {code}: {info}")


class AuthenticationError(ApiError):
    """Login failed, or the session was lost (``assertuserfailed``)."""


class EditConflict(ApiError):
    """``editconflict``: the page changed since the revision the edit was based on."""


class PermissionDenied(ApiError):
    """The account lacks a right the action needs."""


class NotLoggedIn(InvalidInput):
    """A command that writes needs an account, and the operator gave no credentials: invalid
    input (exit 2; nothing was tried on the wiki), not a wiki that could not be used."""


class InvalidPage(InvalidInput, WikiError):
    """A page on the wiki holds what mentorwatch cannot use (not JSON, the wrong shape, nested
    too deep, a key twice). Bad input, so exit 2 with nothing changed; also a
    :class:`WikiError`, so whoever handles the wiki's failures handles it too."""


class UnexpectedAnswer(WikiError, KeyError):
    """The API answered without something every MediaWiki answer of that kind holds (a
    ``query`` without ``query``). A ``KeyError`` too, for code that asks for optional keys."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "unexpected answer from the wiki"
