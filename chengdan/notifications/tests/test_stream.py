"""The live unread count over server-sent events (ASGI), and its one-event answer under WSGI."""

import asyncio
from typing import Any

from asgiref.sync import async_to_sync, sync_to_async
from django.test import AsyncClient

from chengdan.notifications import actions, stream

V1 = "/api/v1/notifications"
Org = Any


def test_wsgi_answers_the_current_count_as_one_event_and_closes(org: Org) -> None:
    actions.notify(recipient=org.users["own"], kind="t", title="一")
    response = org.client("own").get(f"{V1}/stream")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/event-stream"
    assert response.content == b'retry: 3000\n\ndata: {"count": 1}\n\n'
    assert org.client("anonymous").get(f"{V1}/stream").status_code == 401


def test_the_stream_sends_the_count_now_and_on_every_change_then_closes(org: Org, monkeypatch: Any) -> None:
    user = org.users["own"]
    actions.notify(recipient=user, kind="t", title="一")
    monkeypatch.setattr(stream, "POLL_SECONDS", 0.05)
    monkeypatch.setattr(stream, "HEARTBEAT_SECONDS", 0.2)
    monkeypatch.setattr(stream, "stream_seconds", lambda: 1.2)

    async def run() -> list[bytes]:
        client = AsyncClient()
        await sync_to_async(client.force_login)(user)
        response = await client.get(f"{V1}/stream")
        assert response.status_code == 200
        assert response["Content-Type"] == "text/event-stream"
        chunks: list[bytes] = []
        started = asyncio.get_running_loop().time()
        async for chunk in response.streaming_content:
            chunks.append(chunk)
            if len(chunks) == 1:
                await sync_to_async(actions.notify)(recipient=user, kind="t", title="二")
        assert asyncio.get_running_loop().time() - started < 5
        return chunks

    chunks = async_to_sync(run)()
    assert chunks[0] == b'retry: 3000\n\ndata: {"count": 1}\n\n'
    assert chunks[1] == b'data: {"count": 2}\n\n'
    assert b": heartbeat\n\n" in chunks[2:]
    assert all(chunk == b": heartbeat\n\n" for chunk in chunks[2:])
