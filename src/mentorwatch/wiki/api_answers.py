"""What the Action API's answers and failures mean, for :class:`~.api.MediaWikiClient`.

An answer's JSON objects name a key the wiki left out; an error code becomes a typed error
(authentication, edit conflict, permission); ``Retry-After`` says how long to wait; a failed
connection either never reached the wiki (safe to retry a write) or may have.
"""

from __future__ import annotations

from typing import Any

import requests
from urllib3.exceptions import NewConnectionError

from mentorwatch.wiki.errors import (
    ApiError,
    AuthenticationError,
    EditConflict,
    PermissionDenied,
    UnexpectedAnswer,
)

PERMISSION_CODES = frozenset(
    {
        "permissiondenied",
        "permissiondenied-generic",
        "protectednamespace-interface",
        "sitejsonprotected",
        "protectedpage",
        "cascadeprotected",
        "blocked",
        "writeapidenied",
    }
)


class Answer(dict[str, Any]):
    """A JSON object of an API answer. Adapters subscript answers (``result["query"]``); a
    key the wiki left out is an :class:`UnexpectedAnswer` (a ``WikiError``, exit 3) naming
    it, not a bare ``KeyError`` trace."""

    def __missing__(self, key: str) -> Any:
        raise UnexpectedAnswer(
            f"unexpected answer from the wiki: no {key!r} in it (keys: "
            f"{', '.join(map(repr, list(self)[:8])) or 'none'}); is this a MediaWiki api.php, "
            "and is it working?"
        )


def typed_error(code: str, info: str, action: str) -> ApiError:
    """The API's error as the :class:`ApiError` subclass that says what it means."""
    if code in (
        "assertuserfailed",
        "assertbotfailed",
        "mwoauth-invalid-authorization",
        "login-failed",
        "notloggedin",
    ):
        return AuthenticationError(code, info, action=action)
    if code == "editconflict":
        return EditConflict(code, info, action=action)
    if code in PERMISSION_CODES:
        return PermissionDenied(code, info, action=action)
    return ApiError(code, info, action=action)


def retry_after(response: requests.Response, default: float) -> float:
    """How long the wiki asks us to wait (``Retry-After``), else ``default`` seconds."""
    header = response.headers.get("Retry-After")
    if header is not None:
        try:
            return max(float(header), 0.0)
        except ValueError:
            pass
    return default


def never_sent(error: Exception) -> bool:
    """Whether a connection error happened before the request could reach the wiki."""
    if isinstance(error, requests.ConnectTimeout):
        return True
    reason = getattr(error.args[0] if error.args else None, "reason", None)
    return isinstance(reason, NewConnectionError)


def short_reason(error: Exception) -> str:
    """A connection error in a few words, for messages and logs."""
    text = str(error)
    if "Connection refused" in text:
        return "connection refused"
    if "Name or service not known" in text or "nodename nor servname" in text:
        return "unknown host"
    if isinstance(error, requests.Timeout):
        return "timed out"
    return text[:200]
