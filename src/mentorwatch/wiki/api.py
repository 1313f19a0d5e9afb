"""A thin MediaWiki Action API client of our own, on ``requests``.

What it does for every caller: JSON with ``formatversion=2``; the :class:`Etiquette` policy
(``maxlag`` and a retry budget in time for ``maxlag``, ``ratelimited`` and ``readonly``,
honouring ``Retry-After``; a pause between writes); retries with exponential backoff on 5xx,
timeouts and connection errors; ``assert=user`` (``assert=bot`` for a bot) once
authenticated; CSRF tokens (refetched once on ``badtoken``); query continuation; a
descriptive User-Agent; typed errors carrying the API's code and info. Passwords and tokens
are never logged nor put in messages.

Sleeping and the clock go through injected functions so tests never wait.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import requests
from requests.adapters import HTTPAdapter

from mentorwatch import __version__
from mentorwatch.wiki.api_answers import Answer, never_sent, retry_after, short_reason, typed_error
from mentorwatch.wiki.errors import (
    ApiError,
    AuthenticationError,
    NotAMediaWiki,
    WikiUnreachable,
    WriteUncertain,
)
from mentorwatch.wiki.etiquette import WAIT_CODES, Etiquette, LagBudget, Pacer, monotonic
from mentorwatch.wiki.site import wiki_key

log = logging.getLogger(__name__)

PROJECT_URL = "https://github.com/mentorwatch/mentorwatch"
SECRET_PARAMS = frozenset({"token", "lgpassword", "password", "lgtoken", "logintoken"})
RETRYABLE_CODES = frozenset({"internal_api_error_DBQueryError"})

Params = Mapping[str, str | int | bool | None]


def user_agent(contact: str | None = None) -> str:
    """``mentorwatch/0.1.0 (project URL; contact) python-requests/x`` per the User-Agent policy."""
    who = f"{PROJECT_URL}; {contact}" if contact else PROJECT_URL
    return f"mentorwatch/{__version__} ({who}) python-requests/{requests.__version__}"


def redact(params: Params) -> dict[str, Any]:
    return {key: ("<redacted>" if key in SECRET_PARAMS else value) for key, value in params.items()}


class MediaWikiClient:
    """One wiki's ``api.php``. Thread-safe for concurrent reads (see :meth:`map_get`)."""

    def __init__(
        self,
        api_url: str,
        *,
        contact: str | None = None,
        timeout: float = 30.0,
        max_retries: int = 4,
        backoff: float = 1.0,
        etiquette: Etiquette | None = None,
        pool_size: int = 8,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = monotonic,
        session: requests.Session | None = None,
    ) -> None:
        self.api_url = api_url
        #: ``meta=siteinfo``'s general information, once :meth:`site_info` has read it
        self._site: Mapping[str, Any] | None = None
        self.timeout = timeout
        self.max_retries = max_retries
        self.backoff = backoff
        self.etiquette = etiquette or Etiquette()
        #: the API warnings already logged (each once: :meth:`_log_warnings`)
        self._warnings_said: set[tuple[str, str]] = set()
        self.sleep = sleep
        self.clock = clock
        self.pacer = Pacer(self.etiquette.write_pause, sleep, clock)
        #: ``assert=`` once authenticated: ``user``, or ``bot`` (:meth:`assert_bot_if_flagged`)
        self.assertion = "user"
        self.session = session or requests.Session()
        adapter = HTTPAdapter(pool_connections=1, pool_maxsize=pool_size)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        self.session.headers["User-Agent"] = user_agent(contact)
        self.session.headers["Accept-Encoding"] = "gzip"
        self.authenticated_as: str | None = None
        #: how it signed in: the bot password's login name (``Bot@app``), or an OAuth token
        self.login_name: str | None = None
        self.uses_oauth = False
        self._csrf_token: str | None = None
        self._lock = threading.Lock()
        self.request_count = 0

    def site_info(self) -> Mapping[str, Any]:
        """The wiki's general information (``meta=siteinfo``), read once; from then on
        :attr:`wiki_key` is the address the wiki gives itself."""
        if self._site is None:
            self._site = (
                self.get(action="query", meta="siteinfo").get("query", {}).get("general", {})
            )
        return self._site

    @property
    def wiki_key(self) -> str:
        """What identifies the wiki in the journal (the lock, pauses, warnings, runs): the
        address the wiki gives itself once :meth:`site_info` was read
        (:func:`~mentorwatch.wiki.site.wiki_key`), the address given until then."""
        return self.api_url if self._site is None else wiki_key(self.api_url, self._site)

    # --- authentication -------------------------------------------------------------------

    def login(self, username: str, password: str) -> None:
        """Log in with a bot password (``User@app``); the password is sent once, never kept."""
        token = self.get(action="query", meta="tokens", type="login")["query"]["tokens"][
            "logintoken"
        ]
        result = self.post(action="login", lgname=username, lgpassword=password, lgtoken=token)
        login = result.get("login", {})
        if login.get("result") != "Success":
            reason = login.get("reason") or login.get("result") or "unknown reason"
            if isinstance(reason, Mapping):
                reason = reason.get("text") or reason.get("code") or "unknown reason"
            raise AuthenticationError("login-failed", f"login as {username} failed: {reason}")
        self.authenticated_as = str(login.get("lgusername", username))
        self.login_name = username
        self._csrf_token = None

    def use_oauth_token(self, access_token: str) -> None:
        """Authenticate every request with an OAuth 2 owner-only access token."""
        self.session.headers["Authorization"] = f"Bearer {access_token}"
        info = self.get(action="query", meta="userinfo")["query"]["userinfo"]
        if info.get("anon"):
            raise AuthenticationError("oauth-failed", "the OAuth access token was not accepted")
        self.authenticated_as = str(info["name"])
        self.uses_oauth = True
        self._csrf_token = None

    def assert_bot_if_flagged(self) -> bool:
        """Send ``assert=bot`` from now on if the account has the bot right (and the policy
        says so), so an edit never goes out unflagged if the flag is lost."""
        if not self.etiquette.assert_bot or self.authenticated_as is None:
            return False
        info = self.get(action="query", meta="userinfo", uiprop="rights")["query"]["userinfo"]
        if "bot" in info.get("rights", []):
            self.assertion = "bot"
        return self.assertion == "bot"

    def csrf_token(self, *, refresh: bool = False) -> str:
        if self._csrf_token is None or refresh:
            tokens = self.get(action="query", meta="tokens", type="csrf")["query"]["tokens"]
            self._csrf_token = str(tokens["csrftoken"])
        return self._csrf_token

    # --- requests -------------------------------------------------------------------------

    def get(self, **params: Any) -> dict[str, Any]:
        return self.request("GET", params)

    def post(self, **params: Any) -> dict[str, Any]:
        return self.request("POST", params)

    def post_with_token(self, **params: Any) -> dict[str, Any]:
        """A write: adds the CSRF token; refetches it once if the wiki says ``badtoken``.
        Writes are paced by the etiquette's ``write_pause``. A write is retried only when it
        cannot have reached the wiki; once it may have, a lost answer is :class:`WriteUncertain`."""
        self.pacer.before_write()
        try:
            return self.request("POST", {**params, "token": self.csrf_token()}, write=True)
        except ApiError as error:
            if error.code != "badtoken":
                raise
            token = self.csrf_token(refresh=True)
            return self.request("POST", {**params, "token": token}, write=True)

    def query_all(self, **params: Any) -> Iterator[dict[str, Any]]:
        """Every page of a query, following ``continue``."""
        continuation: dict[str, Any] = {}
        while True:
            result = self.get(**params, **continuation)
            yield result
            if "continue" not in result:
                return
            continuation = dict(result["continue"])

    def map_get(self, param_sets: list[dict[str, Any]], workers: int = 4) -> list[dict[str, Any]]:
        """GET many queries with a few concurrent connections; results in input order."""
        if workers <= 1 or len(param_sets) <= 1:
            return [self.get(**params) for params in param_sets]
        with ThreadPoolExecutor(max_workers=workers) as pool:
            return list(pool.map(lambda params: self.get(**params), param_sets))

    def request(self, method: str, params: Params, *, write: bool = False) -> dict[str, Any]:
        full = self._full_params(params)
        action = str(full.get("action", ""))
        budget = LagBudget(self.etiquette.lag_budget, self.clock)
        attempt = 0
        while True:
            attempt += 1
            delay = self.backoff * 2 ** (attempt - 1)
            try:
                response = self._send(method, full)
            except (requests.ConnectionError, requests.Timeout) as error:
                if write and not never_sent(error):
                    raise self._uncertain(action, short_reason(error)) from error
                if attempt > self.max_retries:
                    raise WikiUnreachable(
                        f"cannot reach {self.api_url}: {short_reason(error)}"
                    ) from error
                log.warning(
                    "%s %s: %s; retrying in %.0f s", method, action, short_reason(error), delay
                )
                self.sleep(delay)
                continue
            if response.status_code >= 500 or response.status_code == 429:
                if write and response.status_code != 429:
                    raise self._uncertain(action, f"HTTP {response.status_code}")
                if attempt > self.max_retries:
                    raise WikiUnreachable(
                        f"{self.api_url} answered HTTP {response.status_code} "
                        f"{attempt} times; giving up"
                    )
                wait = retry_after(response, delay)
                log.warning(
                    "%s %s: HTTP %s; retrying in %.0f s", method, action, response.status_code, wait
                )
                self.sleep(wait)
                continue
            try:
                body = self._decode(response)
            except NotAMediaWiki as error:
                raise self._uncertain(action, str(error)) if write else error from None
            failure = body.get("error")
            if failure is None:
                self._log_warnings(action, body.get("warnings") or {})
                return body
            self._wait_or_raise(failure, response, budget, delay, attempt, f"{method} {action}")

    def _log_warnings(self, action: str, warnings: Mapping[str, Any]) -> None:
        """The API's warnings, each said once per client (a run, a web process), not once per
        request. ``paraminfo``'s are expected (mentorwatch asks it which modules the wiki has,
        and it warns of those it has not): debug only."""
        level = logging.DEBUG if action == "paraminfo" else logging.INFO
        for module, warning in warnings.items():
            said = (str(module), str(warning))
            if said not in self._warnings_said:
                self._warnings_said.add(said)
                log.log(level, "API warning from %s: %s", module, warning)

    def _uncertain(self, action: str, why: str) -> WriteUncertain:
        return WriteUncertain(
            f"{self.api_url} lost the answer to a write ({action}: {why}); the wiki may have "
            "made it: not retried, the next run checks the page history"
        )

    def _full_params(self, params: Params) -> dict[str, Any]:
        full: dict[str, Any] = {"format": "json", "formatversion": "2", **params}
        if self.etiquette.maxlag is not None:
            full.setdefault("maxlag", self.etiquette.maxlag)
        if self.authenticated_as is not None and full.get("action") != "login":
            full.setdefault("assert", self.assertion)
        return {
            key: value for key, value in full.items() if value is not None and value is not False
        }

    def _wait_or_raise(
        self,
        failure: Mapping[str, Any],
        response: requests.Response,
        budget: LagBudget,
        delay: float,
        attempt: int,
        what: str,
    ) -> None:
        """The wiki answered an error: wait if it asks us to (within the budget), else raise."""
        code = str(failure.get("code", "unknown"))
        info = str(failure.get("info", ""))
        action = what.partition(" ")[2]
        if code in WAIT_CODES:
            wait = retry_after(response, min(delay, 60.0))
            if not budget.allows(wait):
                spent = f"gave up after the lag budget of {self.etiquette.lag_budget:.0f} s"
                raise typed_error(code, f"{info} ({spent})", action)
            log.warning("%s: %s (%s); waiting %.0f s", what, code, info, wait)
            self.sleep(wait)
            return
        if code in RETRYABLE_CODES and attempt <= self.max_retries:
            wait = retry_after(response, delay)
            log.warning("%s: %s; retrying in %.0f s", what, code, wait)
            self.sleep(wait)
            return
        raise typed_error(code, info, action)

    def _send(self, method: str, params: dict[str, Any]) -> requests.Response:
        with self._lock:
            self.request_count += 1
        log.debug("%s %s", method, redact(params))
        if method == "GET":
            return self.session.get(self.api_url, params=params, timeout=self.timeout)
        return self.session.post(self.api_url, data=params, timeout=self.timeout)

    def _decode(self, response: requests.Response) -> dict[str, Any]:
        kind = response.headers.get("Content-Type", "unknown").split(";")[0]
        try:
            body = response.json(object_pairs_hook=Answer)
        except ValueError:
            body = None
        if not isinstance(body, dict) or response.status_code >= 400:
            raise NotAMediaWiki(
                f"{self.api_url} is not a MediaWiki api.php: it answered HTTP "
                f"{response.status_code} with {kind}; the URL usually ends in /w/api.php"
            )
        return body
