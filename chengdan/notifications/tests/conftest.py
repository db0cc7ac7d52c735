"""Fixtures of the notification tests: test kinds, endpoints pointed at local receivers, an SMTP server."""

from collections.abc import Iterator
from typing import Any

import pytest

from chengdan.notifications import kinds
from chengdan.notifications.models import ChannelEndpoint
from chengdan.testing import receivers
from chengdan.testing.smtp import smtp_server

__all__ = ["smtp_server"]

EMAIL_KIND = "test.email"
ROBOT_KIND = "test.robot"
kinds.register_kind(EMAIL_KIND, "测试邮件通知", "Test e-mail notice", ("email",))
kinds.register_kind(ROBOT_KIND, "测试机器人通知", "Test robot notice", ("dingtalk",))

SECRET = "SEC-robot-signing-secret"
SMS_SECRET = "sms-access-key-secret"


def robot_endpoint(receiver: receivers.Receiver, *, secret: str = SECRET, **values: Any) -> ChannelEndpoint:
    """An active robot endpoint of the receiver's vendor pointing at it."""
    return ChannelEndpoint.objects.create(
        channel=receiver.vendor,
        name=f"{receiver.vendor} robot",
        webhook_url=receiver.webhook_url(),
        secret=secret if receiver.vendor != receivers.WECOM else "",
        **values,
    )


def sms_endpoint(receiver: receivers.Receiver, *, secret: str = SMS_SECRET) -> ChannelEndpoint:
    """The SMS provider row pointing at an Aliyun or Tencent receiver."""
    return ChannelEndpoint.objects.create(
        channel="sms",
        name=f"{receiver.vendor} SMS",
        provider=receiver.vendor,
        access_key_id=receiver.credentials.access_key_id,
        secret=secret,
        sign_name="成单",
        template_code="SMS_123456" if receiver.vendor == receivers.ALIYUN else "1234567",
        sdk_app_id="1400000000",
        endpoint_url=receiver.base_url + "/",
    )


@pytest.fixture
def dingtalk() -> Iterator[receivers.Receiver]:
    with receivers.running_receiver(receivers.DINGTALK, receivers.Credentials(secret=SECRET)) as receiver:
        yield receiver


@pytest.fixture
def feishu() -> Iterator[receivers.Receiver]:
    with receivers.running_receiver(receivers.FEISHU, receivers.Credentials(secret=SECRET)) as receiver:
        yield receiver


@pytest.fixture
def wecom() -> Iterator[receivers.Receiver]:
    with receivers.running_receiver(receivers.WECOM, receivers.Credentials(token="wecom-key-123")) as receiver:
        yield receiver


@pytest.fixture
def aliyun() -> Iterator[receivers.Receiver]:
    credentials = receivers.Credentials(access_key_secret=SMS_SECRET)
    with receivers.running_receiver(receivers.ALIYUN, credentials) as receiver:
        yield receiver


@pytest.fixture
def tencent() -> Iterator[receivers.Receiver]:
    credentials = receivers.Credentials(access_key_id="AKID-test", access_key_secret=SMS_SECRET)
    with receivers.running_receiver(receivers.TENCENT, credentials) as receiver:
        yield receiver
