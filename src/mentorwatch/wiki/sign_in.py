"""A person signing in to the wiki through mentorwatch: with one of their bot passwords, or
with OAuth 2 where mentorwatch is registered as a consumer. Either way the result is a client
acting as them, for a person who is waiting (no maxlag: ``Etiquette.interactive``).

The password is sent to the wiki once to log in and never kept; the OAuth consumer's secret
never appears in a repr or a message.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import requests

from mentorwatch.wiki.api import MediaWikiClient
from mentorwatch.wiki.errors import AuthenticationError, WikiError, WikiUnreachable
from mentorwatch.wiki.etiquette import Etiquette


def sign_in_with_bot_password(
    api_url: str, username: str, password: str, contact: str | None
) -> MediaWikiClient:
    client = MediaWikiClient(api_url, contact=contact, etiquette=Etiquette.interactive())
    client.login(username, password)
    return client


def sign_in_with_oauth_token(api_url: str, token: str, contact: str | None) -> MediaWikiClient:
    """A client acting with an OAuth 2 access token (AuthenticationError if not accepted)."""
    client = MediaWikiClient(api_url, contact=contact, etiquette=Etiquette.interactive())
    client.use_oauth_token(token)
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


def sign_out(client: MediaWikiClient) -> bool:
    """Log the client's session out of the wiki (``action=logout``, with its own token): its
    cookies then act as nobody. Whether the wiki said so (False: it did not answer, or would
    not: an OAuth token stays valid until it expires or its owner revokes it)."""
    try:
        client.post_with_token(action="logout")
    except WikiError:
        return False
    return True
