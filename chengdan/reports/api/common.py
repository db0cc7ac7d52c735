"""Helpers the work-reports endpoints share."""

from datetime import date

from django.http import HttpRequest

from chengdan.accounts.models import User
from chengdan.reports.periods import local_today


def actor_of(request: HttpRequest) -> User:
    """The signed-in user behind a request."""
    user = request.user
    assert isinstance(user, User)
    return user


def day_or_today(day: date | None) -> date:
    """The day asked for, or today's local date."""
    return day or local_today()
