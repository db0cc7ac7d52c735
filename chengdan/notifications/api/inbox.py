"""HTTP endpoints of the signed-in user's inbox and its live unread count (mounted at /notifications)."""

from typing import Any

from django.core.handlers.asgi import ASGIRequest
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from ninja import Query, Router

from chengdan.accounts.actor import actor_of
from chengdan.core.pagination import PageRequest
from chengdan.core.schemas import PageQuery, page_body, page_of, responses
from chengdan.notifications import actions, queries, stream
from chengdan.notifications.models import Notification
from chengdan.notifications.schemas import NotificationFilters, NotificationOut, ReadAllOut, UnreadCountOut

router = Router(tags=["notifications"])


def render_notification(notification: Notification) -> dict[str, Any]:
    """A notification as its recipient sees it."""
    return {
        "id": notification.pk,
        "kind": notification.kind,
        "title": notification.title,
        "body": notification.body,
        "link": notification.link,
        "subject_type": notification.subject_type,
        "subject_id": notification.subject_id,
        "data": notification.data,
        "created_at": notification.created_at,
        "read_at": notification.read_at,
    }


@router.get("", response=responses(page_of(NotificationOut)))
def list_notifications(
    request: HttpRequest, filters: Query[NotificationFilters], page: Query[PageQuery]
) -> dict[str, Any]:
    """One page of the caller's own notifications, newest first."""
    result = queries.list_notifications(request.user, PageRequest(**page.dict()), unread_only=filters.unread_only)
    return page_body(result, [render_notification(item) for item in result.items])


@router.get("/unread-count", response=responses(UnreadCountOut))
def unread_count(request: HttpRequest) -> dict[str, int]:
    """How many of the caller's notifications are unread (the bell polls this)."""
    return {"count": queries.unread_count(request.user)}


@router.get("/stream", response=responses(UnreadCountOut))
def unread_stream(request: HttpRequest) -> HttpResponseBase:
    """Server-sent events: `data: {"count": n}` now and on every change, heartbeats, closing after
    CHENGDAN_NOTIFICATION_STREAM_SECONDS (the browser reconnects); over WSGI only the first event."""
    actor = actor_of(request)
    seconds = stream.stream_seconds()
    if seconds <= 0 or not isinstance(request, ASGIRequest):
        body = stream.preamble() + stream.count_event(queries.unread_count(actor))
        response: HttpResponseBase = HttpResponse(body, content_type="text/event-stream")
    else:
        response = StreamingHttpResponse(stream.unread_events(actor.pk, seconds), content_type="text/event-stream")
    response["Cache-Control"] = "no-cache"
    # Proxies (nginx) must pass each event on at once.
    response["X-Accel-Buffering"] = "no"
    return response


@router.post("/read-all", response=responses(ReadAllOut))
def mark_all_read(request: HttpRequest) -> dict[str, int]:
    """Mark every notification of the caller read."""
    return {"updated": actions.mark_all_read(actor=actor_of(request))}


@router.post("/{notification_id}/read", response=responses(NotificationOut))
def mark_read(request: HttpRequest, notification_id: int) -> dict[str, Any]:
    """Mark one of the caller's notifications read (another user's id answers 404)."""
    return render_notification(actions.mark_read(actor=actor_of(request), notification_id=notification_id))
