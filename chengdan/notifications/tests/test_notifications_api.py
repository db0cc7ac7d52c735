"""The inbox: only the recipient reads it, unread counts, mark read, idempotent sends."""

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from chengdan.notifications import actions
from chengdan.notifications.models import Notification

V1 = "/api/v1"
# The persona organisation (chengdan.testing.org) comes from the root conftest; importing its type
# would make this lower app depend on customers and opportunities.
Org = Any


def _send(org: Org, persona: str, title: str, **values: Any) -> Notification:
    return actions.notify(recipient=org.users[persona], kind="test", title=title, link="/customers", **values)


def test_list_shows_only_the_callers_notifications_newest_first(org: Org) -> None:
    first = _send(org, "own", "一")
    second = _send(org, "own", "二", body="正文", subject_type="customers", subject_id="7")
    _send(org, "same_team", "别人的")
    response = org.client("own").get(f"{V1}/notifications")
    assert response.status_code == 200
    body = response.json()
    assert [item["id"] for item in body["items"]] == [second.pk, first.pk]
    assert body["count"] == 2
    assert {
        key: body["items"][0][key] for key in ("title", "body", "link", "subject_type", "subject_id", "read_at")
    } == {
        "title": "二",
        "body": "正文",
        "link": "/customers",
        "subject_type": "customers",
        "subject_id": "7",
        "read_at": None,
    }
    admin = org.client("admin").get(f"{V1}/notifications").json()
    assert admin["items"] == []


def test_unread_count_and_mark_read(org: Org) -> None:
    first = _send(org, "own", "一")
    _send(org, "own", "二")
    client = org.client("own")
    assert client.get(f"{V1}/notifications/unread-count").json() == {"count": 2}
    response = client.post(f"{V1}/notifications/{first.pk}/read")
    assert response.status_code == 200
    assert response.json()["read_at"] is not None
    assert client.get(f"{V1}/notifications/unread-count").json() == {"count": 1}
    unread = client.get(f"{V1}/notifications", {"unread_only": "true"}).json()
    assert [item["title"] for item in unread["items"]] == ["二"]
    assert client.post(f"{V1}/notifications/read-all").json() == {"updated": 1}
    assert client.get(f"{V1}/notifications/unread-count").json() == {"count": 0}


def test_another_users_notification_answers_404_like_a_missing_one(org: Org) -> None:
    theirs = _send(org, "same_team", "别人的")
    client = org.client("own")
    hidden = client.post(f"{V1}/notifications/{theirs.pk}/read")
    missing = client.post(f"{V1}/notifications/999999/read")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert org.client("admin").post(f"{V1}/notifications/read-all").json() == {"updated": 0}
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_notify_is_idempotent_on_its_dedupe_key(org: Org) -> None:
    first = _send(org, "own", "日报", dedupe_key="digest:2026-11-23")
    again = _send(org, "own", "日报（重复）", dedupe_key="digest:2026-11-23")
    other_user = _send(org, "same_team", "日报", dedupe_key="digest:2026-11-23")
    assert again.pk == first.pk
    assert other_user.pk != first.pk
    assert Notification.objects.count() == 2
    notices = [
        actions.Notice(recipient_id=org.users["own"].pk, kind="test", title="x", dedupe_key="digest:2026-11-23"),
        actions.Notice(recipient_id=org.users["own"].pk, kind="test", title="y", dedupe_key="digest:2026-11-24"),
        actions.Notice(recipient_id=org.users["own"].pk, kind="test", title="z"),
    ]
    assert actions.notify_many(notices) == 2
    assert Notification.objects.count() == 4


def test_list_query_count_does_not_grow_with_the_page(org: Org) -> None:
    client = org.client("own")
    _send(org, "own", "一")
    with CaptureQueriesContext(connection) as few:
        client.get(f"{V1}/notifications")
    for index in range(30):
        _send(org, "own", f"通知 {index}")
    with CaptureQueriesContext(connection) as many:
        response = client.get(f"{V1}/notifications")
    assert len(response.json()["items"]) == 31
    assert len(many) == len(few)


def test_anonymous_is_refused(org: Org) -> None:
    assert org.client("anonymous").get(f"{V1}/notifications").status_code == 401
