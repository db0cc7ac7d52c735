"""Reads on notifications: an inbox is only ever read by its recipient."""

from typing import Any

from django.db.models import QuerySet

from chengdan.core.errors import NotFoundError
from chengdan.core.pagination import Page, PageRequest, paginate
from chengdan.notifications.models import Notification

ORDERING = {"id": "id"}


def visible_notifications(actor: Any) -> QuerySet[Notification]:
    """The actor's own notifications; nobody, not even an admin, reads another user's inbox."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return Notification.objects.none()
    return Notification.objects.filter(recipient_id=actor.pk)


def list_notifications(actor: Any, page: PageRequest, *, unread_only: bool = False) -> Page[Notification]:
    """One page of the actor's inbox, newest first."""
    queryset = visible_notifications(actor)
    if unread_only:
        queryset = queryset.filter(read_at__isnull=True)
    return paginate(queryset, page, allowed_ordering=ORDERING, default_ordering="-id")


def unread_count(actor: Any) -> int:
    """How many of the actor's notifications are unread."""
    return visible_notifications(actor).filter(read_at__isnull=True).count()


def get_notification(actor: Any, notification_id: int) -> Notification:
    """One of the actor's notifications; another user's id answers 404 like a missing one."""
    notification = visible_notifications(actor).filter(pk=notification_id).first()
    if notification is None:
        raise NotFoundError()
    return notification
