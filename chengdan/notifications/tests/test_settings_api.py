"""Admin channel settings (secrets write-only), test sends, e-mail status and the outbox list and retry."""

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from chengdan.audit.models import AuditEntry
from chengdan.notifications import actions, outbox
from chengdan.notifications.choices import DeliveryStatus
from chengdan.notifications.models import ChannelEndpoint, Delivery
from chengdan.notifications.tests.conftest import EMAIL_KIND, SECRET
from chengdan.testing import receivers
from chengdan.testing.smtp import SmtpServer

V1 = "/api/v1/notifications"
Org = Any


def _post(client: Any, url: str, payload: dict[str, Any] | None = None) -> Any:
    return client.post(url, data=payload or {}, content_type="application/json")


def test_robot_secrets_are_write_only_and_a_test_message_reaches_the_robot(
    org: Org, dingtalk: receivers.Receiver
) -> None:
    admin = org.client("admin")
    created = _post(
        admin,
        f"{V1}/channels",
        {"channel": "dingtalk", "name": "销售群", "webhook_url": dingtalk.webhook_url(), "secret": SECRET},
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["has_secret"] is True and body["has_webhook_url"] is True
    assert SECRET not in created.content.decode() and "access_token" not in created.content.decode()
    listed = admin.get(f"{V1}/channels")
    assert SECRET not in listed.content.decode() and [item["id"] for item in listed.json()] == [body["id"]]
    entry = AuditEntry.objects.filter(action="notification_channel.created").get()
    assert SECRET not in str(entry.changes)

    tested = _post(admin, f"{V1}/channels/{body['id']}/test")
    assert tested.status_code == 200, tested.content
    assert "成单测试消息" in dingtalk.accepted[0].body["text"]["content"]

    patch = admin.patch(
        f"{V1}/channels/{body['id']}",
        data={"version": body["version"], "secret": "wrong"},
        content_type="application/json",
    )
    assert patch.status_code == 200 and patch.json()["version"] == 2
    failed = _post(admin, f"{V1}/channels/{body['id']}/test")
    assert failed.status_code == 422
    assert failed.json()["code"] == "notification.test_send_failed"
    assert "310000" in failed.json()["message"]
    stale = admin.patch(
        f"{V1}/channels/{body['id']}", data={"version": 1, "name": "x"}, content_type="application/json"
    )
    assert stale.status_code == 409 and "secret" not in stale.json()["current"]
    assert ChannelEndpoint.objects.get().secret == "wrong"


def test_bad_endpoints_answer_422_and_one_org_wide_robot_per_channel(org: Org) -> None:
    admin = org.client("admin")
    missing = _post(admin, f"{V1}/channels", {"channel": "feishu", "name": "x"})
    assert missing.status_code == 422 and "webhook_url" in missing.json()["fields"]
    sms = _post(admin, f"{V1}/channels", {"channel": "sms", "name": "短信", "provider": "tencent"})
    assert sms.status_code == 422 and "access_key_id" in sms.json()["fields"]
    robot = {"channel": "feishu", "name": "x", "webhook_url": "https://open.feishu.cn/open-apis/bot/v2/hook/1"}
    assert _post(admin, f"{V1}/channels", robot).status_code == 201
    again = _post(admin, f"{V1}/channels", robot)
    assert again.status_code == 422 and again.json()["code"] == "notification.endpoint_taken"
    team = _post(admin, f"{V1}/channels", {**robot, "department_id": org.team.pk})
    assert team.status_code == 201 and team.json()["department_id"] == org.team.pk
    assert admin.delete(f"{V1}/channels/{team.json()['id']}").status_code == 204
    assert ChannelEndpoint.objects.count() == 1


def test_email_settings_and_test_email(org: Org, smtp_server: SmtpServer) -> None:
    admin = org.client("admin")
    assert admin.get(f"{V1}/email").json() == {
        "host": "127.0.0.1",
        "port": smtp_server.port,
        "username": "",
        "has_password": False,
        "use_tls": False,
        "use_ssl": False,
        "from_email": "crm@chengdan.test",
    }
    assert _post(admin, f"{V1}/email/test").status_code == 200
    assert smtp_server.messages[0]["To"] == "admin_user@example.com"


def test_deliveries_list_with_errors_filters_and_retry(org: Org, smtp_server: SmtpServer) -> None:
    for persona in ("own", "same_team", "other_team"):
        actions.notify(recipient=org.users[persona], kind=EMAIL_KIND, title=f"提醒 {persona}")
    smtp_server.recorder.refuse = True
    outbox.dispatch_due()
    admin = org.client("admin")
    with CaptureQueriesContext(connection) as queries:
        page = admin.get(f"{V1}/deliveries", {"status": "failed", "channel": "email"}).json()
    assert page["count"] == 3
    assert len(queries) <= 8
    first = page["items"][0]
    assert first["status"] == "failed" and "550" in first["last_error"] and first["title"] == "提醒 other_team"
    assert admin.get(f"{V1}/deliveries", {"status": "sent"}).json()["count"] == 0

    smtp_server.recorder.refuse = False
    retried = _post(admin, f"{V1}/deliveries/{first['id']}/retry")
    assert retried.status_code == 200 and retried.json()["status"] == "pending" and retried.json()["attempts"] == 0
    outbox.dispatch_due()
    assert Delivery.objects.get(pk=first["id"]).status == DeliveryStatus.SENT
    again = _post(admin, f"{V1}/deliveries/{first['id']}/retry")
    assert again.status_code == 422 and again.json()["code"] == "notification.delivery_already_sent"
    assert AuditEntry.objects.filter(action="notification_delivery.retried").count() == 1


def test_deliveries_list_queries_do_not_grow_with_rows(org: Org) -> None:
    admin = org.client("admin")
    actions.notify(recipient=org.users["own"], kind=EMAIL_KIND, title="one")
    with CaptureQueriesContext(connection) as one:
        admin.get(f"{V1}/deliveries")
    for index in range(10):
        actions.notify(recipient=org.users["same_team"], kind=EMAIL_KIND, title=f"more {index}")
    with CaptureQueriesContext(connection) as many:
        assert admin.get(f"{V1}/deliveries").json()["count"] == 11
    assert len(many) == len(one)
