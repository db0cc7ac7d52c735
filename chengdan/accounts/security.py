"""How API callers prove who they are: the SPA's session (with CSRF) or a personal bearer token."""

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer
from ninja.security.session import SessionAuth

from chengdan.accounts import signin


class TokenAuth(HttpBearer):
    """`Authorization: Bearer cd_…` with a personal API token."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = signin.user_for_token(token)
        if user is not None:
            request.user = user
        return user


class ActiveSessionAuth(SessionAuth):
    """The Django session of an active user; CSRF is checked on unsafe methods."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = request.user
        return user if user.is_authenticated and user.is_active else None


API_AUTH = [TokenAuth(), ActiveSessionAuth()]
