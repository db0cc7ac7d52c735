"""Issue 7 end to end through the API: a visit's next follow-up reaches the rep in-app, by e-mail and on a
DingTalk robot at its time (not before), and the week's report drafts itself and gets the supervisor's comment."""

import json
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from chengdan.activities.notice_kinds import FOLLOW_UP_DUE
from chengdan.activities.tasks import scan_due_reminders_now
from chengdan.notifications import outbox
from chengdan.notifications.models import ChannelEndpoint, Notification
from chengdan.testing import receivers
from chengdan.testing.org import Org
from chengdan.testing.smtp import SmtpServer, smtp_server

__all__ = ["smtp_server"]

V1 = "/api/v1"
SECRET = "SEC-daily-work-chain"


@pytest.fixture
def dingtalk() -> Iterator[receivers.Receiver]:
    with receivers.running_receiver(receivers.DINGTALK, receivers.Credentials(secret=SECRET)) as receiver:
        yield receiver


def _send(client: Client, method: str, path: str, body: dict[str, Any]) -> Any:
    response = getattr(client, method)(
        f"{V1}{path}", data=json.dumps(body, default=str), content_type="application/json"
    )
    assert response.status_code in (200, 201), response.content
    return response.json()


def _choose_channels(rep: Client) -> None:
    current = rep.get(f"{V1}/notifications/preferences").json()
    _send(
        rep,
        "put",
        "/notifications/preferences",
        {
            "version": current["version"],
            "kinds": [{"kind": FOLLOW_UP_DUE, "channels": ["in_app", "email", "dingtalk"], "digest": False}],
            "quiet_start": None,
            "quiet_end": None,
        },
    )


def test_a_visit_follow_up_reminds_on_every_channel_and_the_week_is_reported(
    org: Org, smtp_server: SmtpServer, dingtalk: receivers.Receiver
) -> None:
    ChannelEndpoint.objects.create(channel="dingtalk", name="销售群", webhook_url=dingtalk.webhook_url(), secret=SECRET)
    rep = org.client("own")
    _choose_channels(rep)
    customer = org.customers["own"]
    visit = _send(
        rep,
        "post",
        "/visits/check-in",
        {"customer_id": customer.pk, "latitude": 31.2304, "longitude": 121.4737, "accuracy_m": 12},
    )
    due = timezone.now() + timedelta(hours=2)
    checked_out = _send(
        rep,
        "post",
        f"/visits/{visit['id']}/check-out",
        {
            "version": visit["version"],
            "latitude": 31.2305,
            "longitude": 121.4738,
            "accuracy_m": 10,
            "summary": "现场演示，客户要求下周给正式报价",
            "next_follow_up_at": due.isoformat(),
        },
    )
    assert checked_out

    # Not before its time: nothing is sent on any channel.
    assert scan_due_reminders_now(due - timedelta(minutes=1)) == 0
    outbox.dispatch_due()
    assert not Notification.objects.filter(recipient=org.users["own"], kind=FOLLOW_UP_DUE).exists()
    assert smtp_server.messages == [] and dingtalk.accepted == []

    # At its time: in the inbox, one e-mail, one signed DingTalk message; a second scan sends nothing more.
    assert scan_due_reminders_now(due + timedelta(seconds=1)) == 1
    outbox.dispatch_due()
    assert scan_due_reminders_now(due + timedelta(minutes=5)) == 0
    outbox.dispatch_due()
    [notification] = Notification.objects.filter(recipient=org.users["own"], kind=FOLLOW_UP_DUE)
    assert rep.get(f"{V1}/notifications/unread-count").json()["count"] >= 1
    [mail] = smtp_server.messages
    assert mail["To"] == org.users["own"].email
    assert notification.title in str(mail["Subject"])
    [robot] = dingtalk.accepted
    assert notification.title in json.dumps(robot.body, ensure_ascii=False)

    # The week's report counts the visit and its follow-up; the supervisor reads and comments.
    today = timezone.localdate().isoformat()
    draft = rep.get(f"{V1}/work-reports/draft?kind=weekly&date={today}").json()
    assert draft["figures"]["visits"] == 1
    assert draft["figures"]["follow_ups"] == 1
    assert draft["figures"]["follow_ups_by_kind"].get("visit") == 1
    saved = _send(rep, "put", "/work-reports/draft", {"kind": "weekly", "date": today, "summary": "拜访一家客户"})
    submitted = _send(rep, "post", f"/work-reports/{saved['id']}/submit", {"version": saved["version"]})
    assert submitted["status"] == "submitted"
    supervisor = org.client("supervisor")
    _send(supervisor, "post", f"/work-reports/{saved['id']}/comments", {"body": "报价尽快发出", "rating": 4})
    report = rep.get(f"{V1}/work-reports/{saved['id']}").json()
    assert report["figures"]["visits"] == 1
    comments = rep.get(f"{V1}/work-reports/{saved['id']}/comments").json()
    assert [comment["body"] for comment in comments] == ["报价尽快发出"]
