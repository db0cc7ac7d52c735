"""The signed-in user behind an API request (every router authenticates before its handlers run)."""

from django.http import HttpRequest

from chengdan.accounts.models import User


def actor_of(request: HttpRequest) -> User:
    """The signed-in user behind a request."""
    user = request.user
    assert isinstance(user, User)
    return user
