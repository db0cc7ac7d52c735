"""Request and response shapes of the inbox, preferences, channel settings and the outbox."""

from datetime import datetime, time
from typing import Any, Literal

from ninja import Schema
from pydantic import Field

from chengdan.core.schemas import InputSchema

ChannelName = Literal["in_app", "email", "dingtalk", "feishu", "wecom", "sms"]
EndpointChannel = Literal["dingtalk", "feishu", "wecom", "sms"]
DeliveryStatusName = Literal["pending", "sending", "sent", "failed"]


class NotificationOut(Schema):
    """One notification; `link` is an SPA path to open when it is clicked."""

    id: int
    kind: str
    title: str
    body: str
    link: str
    subject_type: str
    subject_id: str
    data: dict[str, Any]
    created_at: datetime
    read_at: datetime | None


class UnreadCountOut(Schema):
    count: int


class ReadAllOut(Schema):
    updated: int


class NotificationFilters(Schema):
    unread_only: bool = False


class NotificationKindOut(Schema):
    """A kind users choose channels for, with the channels it uses until they do."""

    code: str
    label: str
    label_zh: str
    label_en: str
    default_channels: list[str]


class NotificationKindChoiceIn(InputSchema):
    kind: str = Field(..., min_length=1, max_length=40)
    channels: list[ChannelName] = Field(default_factory=list, max_length=6)
    digest: bool = False


class NotificationKindChoiceOut(Schema):
    kind: str
    label: str
    channels: list[str]
    digest: bool


class NotificationPreferencesIn(InputSchema):
    """The whole preferences form; `version` 0 when none were saved yet (the GET says which)."""

    version: int = Field(..., ge=0)
    kinds: list[NotificationKindChoiceIn] = Field(default_factory=list, max_length=200)
    quiet_start: time | None = None
    quiet_end: time | None = None
    digest_time: time = time(18, 0)
    time_zone: str = Field("", max_length=64)


class NotificationPreferencesOut(Schema):
    kinds: list[NotificationKindChoiceOut]
    quiet_start: time | None
    quiet_end: time | None
    digest_time: time
    time_zone: str
    available_channels: list[str]
    version: int


class ChannelEndpointIn(InputSchema):
    """A group robot (org-wide when `department_id` is empty) or the SMS provider."""

    channel: EndpointChannel
    name: str = Field(..., min_length=1, max_length=60)
    department_id: int | None = None
    webhook_url: str = Field("", max_length=500)
    secret: str = Field("", max_length=200)
    provider: Literal["", "aliyun", "tencent"] = ""
    access_key_id: str = Field("", max_length=100)
    sign_name: str = Field("", max_length=60)
    template_code: str = Field("", max_length=60)
    sdk_app_id: str = Field("", max_length=40)
    region: str = Field("", max_length=40)
    endpoint_url: str = Field("", max_length=300)
    is_active: bool = True


class ChannelEndpointPatch(InputSchema):
    """Changes to an endpoint; leave `secret` / `webhook_url` out to keep them."""

    version: int
    name: str | None = Field(None, min_length=1, max_length=60)
    department_id: int | None = None
    webhook_url: str | None = Field(None, max_length=500)
    secret: str | None = Field(None, max_length=200)
    provider: Literal["", "aliyun", "tencent"] | None = None
    access_key_id: str | None = Field(None, max_length=100)
    sign_name: str | None = Field(None, max_length=60)
    template_code: str | None = Field(None, max_length=60)
    sdk_app_id: str | None = Field(None, max_length=40)
    region: str | None = Field(None, max_length=40)
    endpoint_url: str | None = Field(None, max_length=300)
    is_active: bool | None = None


class ChannelEndpointOut(Schema):
    id: int
    channel: str
    name: str
    department_id: int | None
    has_webhook_url: bool
    has_secret: bool
    provider: str
    access_key_id: str
    sign_name: str
    template_code: str
    sdk_app_id: str
    region: str
    endpoint_url: str
    is_active: bool
    version: int


class NotificationEmailSettingsOut(Schema):
    """The SMTP server e-mail goes through (set by the server's environment, not editable here)."""

    host: str
    port: int
    username: str
    has_password: bool
    use_tls: bool
    use_ssl: bool
    from_email: str


class NotificationTestSentOut(Schema):
    sent: bool


class NotificationDeliveryFilters(Schema):
    status: DeliveryStatusName | None = None
    channel: ChannelName | None = None


class NotificationDeliveryOut(Schema):
    """One outbox row with its notification's title and its recipient."""

    id: int
    notification_id: int
    title: str
    kind: str
    recipient_id: int
    recipient_name: str
    channel: str
    status: str
    attempts: int
    next_attempt_at: datetime
    last_error: str
    sent_at: datetime | None
    created_at: datetime
