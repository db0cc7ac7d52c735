"""Server-sent events of the unread count: sent at once, again whenever it changes, heartbeats between.

A stream lasts CHENGDAN_NOTIFICATION_STREAM_SECONDS (default 25) and then closes; the browser's
EventSource reconnects by itself after `retry` ms, so no connection lives long behind proxies. Served
over WSGI (or with 0 seconds), the answer is the first event alone: a worker thread is never held.
"""

import asyncio
import json
import os
from collections.abc import AsyncIterator

from asgiref.sync import sync_to_async
from django.conf import settings

from chengdan.notifications.models import Notification

POLL_SECONDS = 2.0
HEARTBEAT_SECONDS = 15.0
RETRY_MS = 3000


def stream_seconds() -> float:
    """How long one stream stays open: settings, then the environment, then 25 s."""
    configured = getattr(settings, "NOTIFICATION_STREAM_SECONDS", None)
    if configured is None:
        configured = os.environ.get("CHENGDAN_NOTIFICATION_STREAM_SECONDS", "25")
    return float(configured)


def count_event(count: int) -> bytes:
    """One `message` event carrying {"count": n}."""
    return f"data: {json.dumps({'count': count})}\n\n".encode()


def preamble() -> bytes:
    """Tells the browser how soon to reconnect after the stream closes."""
    return f"retry: {RETRY_MS}\n\n".encode()


def _unread(user_id: int) -> int:
    return Notification.objects.filter(recipient_id=user_id, read_at__isnull=True).count()


async def unread_events(
    user_id: int, seconds: float, *, poll: float | None = None, heartbeat: float | None = None
) -> AsyncIterator[bytes]:
    """The event stream of one user's unread count for `seconds`."""
    poll = POLL_SECONDS if poll is None else poll
    heartbeat = HEARTBEAT_SECONDS if heartbeat is None else heartbeat
    count = sync_to_async(_unread)
    last = await count(user_id)
    yield preamble() + count_event(last)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    quiet_since = loop.time()
    while (remaining := deadline - loop.time()) > 0:
        await asyncio.sleep(min(poll, remaining))
        current = await count(user_id)
        if current != last:
            last = current
            quiet_since = loop.time()
            yield count_event(current)
        elif loop.time() - quiet_since >= heartbeat:
            quiet_since = loop.time()
            yield b": heartbeat\n\n"
