"""Channels, delivery states and SMS providers."""

from django.db import models


class Channel(models.TextChoices):
    IN_APP = "in_app", "站内"
    EMAIL = "email", "邮件"
    DINGTALK = "dingtalk", "钉钉"
    FEISHU = "feishu", "飞书"
    WECOM = "wecom", "企业微信"
    SMS = "sms", "短信"


# Channels that leave the app and go through the outbox.
EXTERNAL_CHANNELS = (Channel.EMAIL, Channel.DINGTALK, Channel.FEISHU, Channel.WECOM, Channel.SMS)
ROBOT_CHANNELS = (Channel.DINGTALK, Channel.FEISHU, Channel.WECOM)
# Channels configured by a ChannelEndpoint row (e-mail uses the server's SMTP settings).
CONFIGURED_CHANNELS = (*ROBOT_CHANNELS, Channel.SMS)


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "待发送"
    SENDING = "sending", "发送中"
    SENT = "sent", "已发送"
    FAILED = "failed", "失败"


class SmsProvider(models.TextChoices):
    ALIYUN = "aliyun", "阿里云"
    TENCENT = "tencent", "腾讯云"
