"""Housekeeping tasks of the platform."""

from celery import shared_task
from django.core.management import call_command


@shared_task(name="chengdan.core.tasks.clear_expired_sessions")
def clear_expired_sessions() -> None:
    """Remove expired sessions."""
    call_command("clearsessions")


@shared_task(name="chengdan.core.tasks.ping")
def ping(value: str) -> str:
    """Echo a value back; proves a broker round trip."""
    return f"pong:{value}"
