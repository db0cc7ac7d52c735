"""Every channel against a real local receiver: SMTP (aiosmtpd) and each vendor's documented signature."""

from typing import Any

import pytest
from django.utils import timezone

from chengdan.notifications import actions, outbox
from chengdan.notifications.choices import DeliveryStatus
from chengdan.notifications.models import Delivery, NotificationPreference
from chengdan.notifications.tests.conftest import EMAIL_KIND, ROBOT_KIND, robot_endpoint, sms_endpoint
from chengdan.testing import receivers
from chengdan.testing.smtp import SmtpServer

Org = Any


def _choose(user: Any, kind: str, *channels: str) -> None:
    NotificationPreference.objects.update_or_create(
        user=user, defaults={"kinds": {kind: {"channels": ["in_app", *channels], "digest": False}}}
    )


def _deliver(org: Org, kind: str = ROBOT_KIND, persona: str = "own") -> Delivery:
    notification = actions.notify(
        recipient=org.users[persona], kind=kind, title="跟进提醒", body="拜访客户", link="/tasks"
    )
    outbox.dispatch_due()
    return Delivery.objects.get(notification=notification)


def test_email_goes_through_a_real_smtp_server_with_the_delivery_key_as_message_id(
    org: Org, smtp_server: SmtpServer
) -> None:
    delivery = _deliver(org, EMAIL_KIND)
    assert delivery.status == DeliveryStatus.SENT
    [message] = smtp_server.messages
    assert message["Message-ID"] == f"<{delivery.idempotency_key}@notifications.chengdan>"
    assert message["Subject"] == "跟进提醒"
    assert message["To"] == "rep_own@example.com"
    assert message["From"] == "crm@chengdan.test"
    plain = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert plain is not None and html is not None
    assert "拜访客户" in plain.get_content() and "/tasks" in plain.get_content()
    assert "<h3>跟进提醒</h3>" in html.get_content()


def test_a_refused_recipient_fails_at_once_with_the_smtp_error(org: Org, smtp_server: SmtpServer) -> None:
    smtp_server.recorder.refuse = True
    delivery = _deliver(org, EMAIL_KIND)
    assert delivery.status == DeliveryStatus.FAILED
    assert "550" in delivery.last_error
    assert smtp_server.messages == []


def test_an_unreachable_smtp_server_is_retried_later(org: Org, settings: Any) -> None:
    from chengdan.testing.smtp import free_port

    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    before = timezone.now()
    delivery = _deliver(org, EMAIL_KIND)
    assert delivery.status == DeliveryStatus.PENDING
    assert delivery.attempts == 1
    assert "SMTP" in delivery.last_error
    assert delivery.next_attempt_at >= before + outbox.backoff(1).__class__(seconds=15)


def test_dingtalk_robot_signs_each_request_and_mentions_the_mobile(org: Org, dingtalk: receivers.Receiver) -> None:
    robot_endpoint(dingtalk)
    delivery = _deliver(org)
    assert delivery.status == DeliveryStatus.SENT, delivery.last_error
    [request] = dingtalk.accepted
    assert set(request.query) == {"access_token", "timestamp", "sign"}
    assert request.body["msgtype"] == "text"
    assert request.body["text"]["content"].startswith("跟进提醒\n拜访客户\n/tasks")
    assert request.body["at"] == {"atMobiles": ["13800000000"], "isAtAll": False}


def test_dingtalk_with_a_wrong_secret_fails_with_the_vendor_error(org: Org, dingtalk: receivers.Receiver) -> None:
    robot_endpoint(dingtalk, secret="not-the-secret")
    delivery = _deliver(org)
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.last_error.startswith("DingTalk 310000: sign not match")
    assert dingtalk.accepted == [] and len(dingtalk.rejected) == 1


def test_feishu_bot_signs_the_body(org: Org, feishu: receivers.Receiver) -> None:
    robot_endpoint(feishu)
    _choose(org.users["own"], ROBOT_KIND, "feishu")
    delivery = _deliver(org)
    assert delivery.channel == "feishu" and delivery.status == DeliveryStatus.SENT, delivery.last_error
    [request] = feishu.accepted
    assert request.body["msg_type"] == "text"
    assert request.body["content"] == {"text": "跟进提醒\n拜访客户\n/tasks"}
    assert request.body["timestamp"].isdigit() and request.body["sign"]


def test_feishu_with_a_wrong_secret_fails_with_the_vendor_error(org: Org, feishu: receivers.Receiver) -> None:
    robot_endpoint(feishu, secret="wrong")
    _choose(org.users["own"], ROBOT_KIND, "feishu")
    delivery = _deliver(org)
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.last_error.startswith("Feishu 19021: sign match fail")


def test_wecom_robot_mentions_by_mobile_and_a_wrong_key_fails(org: Org, wecom: receivers.Receiver) -> None:
    endpoint = robot_endpoint(wecom)
    _choose(org.users["own"], ROBOT_KIND, "wecom")
    delivery = _deliver(org)
    assert delivery.status == DeliveryStatus.SENT, delivery.last_error
    assert wecom.accepted[0].body["text"]["mentioned_mobile_list"] == ["13800000000"]
    endpoint.webhook_url = endpoint.webhook_url.replace("wecom-key-123", "stolen-key")
    endpoint.save()
    _choose(org.users["same_team"], ROBOT_KIND, "wecom")
    failed = _deliver(org, persona="same_team")
    assert failed.status == DeliveryStatus.FAILED
    assert failed.last_error.startswith("WeCom 93000: invalid webhook url")


def test_aliyun_sms_is_signed_and_carries_the_key_as_out_id(org: Org, aliyun: receivers.Receiver) -> None:
    sms_endpoint(aliyun)
    _choose(org.users["own"], ROBOT_KIND, "sms")
    delivery = _deliver(org)
    assert delivery.status == DeliveryStatus.SENT, delivery.last_error
    [request] = aliyun.accepted
    assert request.body["OutId"] == str(delivery.idempotency_key)
    assert request.body["PhoneNumbers"] == "13800000000"
    assert request.body["TemplateParam"] == '{"content": "跟进提醒"}'
    assert request.body["SignatureMethod"] == "HMAC-SHA1"


def test_aliyun_with_a_wrong_secret_fails_with_the_vendor_error(org: Org, aliyun: receivers.Receiver) -> None:
    sms_endpoint(aliyun, secret="wrong-secret")
    _choose(org.users["own"], ROBOT_KIND, "sms")
    delivery = _deliver(org)
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.last_error == (
        "Aliyun SignatureDoesNotMatch: Specified signature is not matched with our calculation."
    )


def test_tencent_sms_is_signed_with_tc3_and_carries_the_key_as_session_context(
    org: Org, tencent: receivers.Receiver
) -> None:
    sms_endpoint(tencent)
    _choose(org.users["own"], ROBOT_KIND, "sms")
    delivery = _deliver(org)
    assert delivery.status == DeliveryStatus.SENT, delivery.last_error
    [request] = tencent.accepted
    assert request.body["SessionContext"] == str(delivery.idempotency_key)
    assert request.body["PhoneNumberSet"] == ["+8613800000000"]
    assert request.headers["authorization"].startswith("TC3-HMAC-SHA256 Credential=AKID-test/")


def test_tencent_with_a_wrong_secret_fails_with_the_vendor_error(org: Org, tencent: receivers.Receiver) -> None:
    sms_endpoint(tencent, secret="wrong")
    _choose(org.users["own"], ROBOT_KIND, "sms")
    delivery = _deliver(org)
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.last_error.startswith("Tencent AuthFailure.SignatureFailure:")


def test_a_user_reaches_the_robot_of_their_department_or_the_nearest_ancestor(org: Org) -> None:
    credentials = receivers.Credentials(secret="SEC")
    with (
        receivers.running_receiver(receivers.DINGTALK, credentials) as company,
        receivers.running_receiver(receivers.DINGTALK, credentials) as region,
        receivers.running_receiver(receivers.DINGTALK, credentials) as team,
    ):
        robot_endpoint(company, secret="SEC")
        robot_endpoint(region, secret="SEC", department=org.region)
        robot_endpoint(team, secret="SEC", department=org.team)
        _deliver(org, persona="own")  # 上海组
        _deliver(org, persona="other_team")  # 杭州组, under 华东大区
        _deliver(org, persona="customer_service")  # 客服部, no robot up its line but the company's
    assert len(team.accepted) == len(region.accepted) == len(company.accepted) == 1


def test_an_expired_dingtalk_timestamp_is_refused_by_the_receiver(dingtalk: receivers.Receiver) -> None:
    from chengdan.notifications.channels import ChannelError, OutboundMessage
    from chengdan.notifications.channels.robots import DingTalkRobot

    stale = DingTalkRobot(dingtalk.webhook_url(), "SEC-robot-signing-secret", clock=lambda: 1_600_000_000.0)
    with pytest.raises(ChannelError, match="310000: invalid timestamp"):
        stale.send(OutboundMessage(title="t", body="", link="", idempotency_key="k"))
