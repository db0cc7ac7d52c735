"""Channel adapters behind one provider interface, and the choice of endpoint for a recipient."""

from collections.abc import Iterable

from chengdan.notifications.channels.base import ChannelError, OutboundMessage, Provider
from chengdan.notifications.channels.email import SmtpEmail
from chengdan.notifications.channels.robots import DingTalkRobot, FeishuBot, WeComRobot
from chengdan.notifications.channels.sms import AliyunSms, TencentSms
from chengdan.notifications.choices import Channel, SmsProvider
from chengdan.notifications.models import ChannelEndpoint

__all__ = ["ChannelError", "OutboundMessage", "Provider", "endpoint_for", "provider_for", "provider_of"]


def endpoint_for(endpoints: Iterable[ChannelEndpoint], channel: str, department_path: str) -> ChannelEndpoint | None:
    """The active endpoint of `channel` for someone in the department at `department_path` ("/1/4/9/"):
    the robot of their department, else of its nearest ancestor, else the org-wide one."""
    ancestry = [int(part) for part in department_path.strip("/").split("/") if part]
    depth = {department_id: index for index, department_id in enumerate(ancestry)}
    best: ChannelEndpoint | None = None
    best_depth = -2
    for endpoint in endpoints:
        if endpoint.channel != channel or not endpoint.is_active:
            continue
        level = -1 if endpoint.department_id is None else depth.get(endpoint.department_id, -3)
        if level > best_depth and level != -3:
            best, best_depth = endpoint, level
    return best


def provider_of(endpoint: ChannelEndpoint) -> Provider:
    """The adapter configured by one endpoint row."""
    if endpoint.channel == Channel.DINGTALK:
        return DingTalkRobot(endpoint.webhook_url, endpoint.secret)
    if endpoint.channel == Channel.FEISHU:
        return FeishuBot(endpoint.webhook_url, endpoint.secret)
    if endpoint.channel == Channel.WECOM:
        return WeComRobot(endpoint.webhook_url)
    if endpoint.channel == Channel.SMS and endpoint.provider == SmsProvider.ALIYUN:
        return AliyunSms(
            access_key_id=endpoint.access_key_id,
            access_key_secret=endpoint.secret,
            sign_name=endpoint.sign_name,
            template_code=endpoint.template_code,
            endpoint=endpoint.endpoint_url,
            region=endpoint.region,
        )
    if endpoint.channel == Channel.SMS and endpoint.provider == SmsProvider.TENCENT:
        return TencentSms(
            secret_id=endpoint.access_key_id,
            secret_key=endpoint.secret,
            sdk_app_id=endpoint.sdk_app_id,
            sign_name=endpoint.sign_name,
            template_id=endpoint.template_code,
            endpoint=endpoint.endpoint_url,
            region=endpoint.region,
        )
    raise ChannelError(f"channel {endpoint.channel} is not configured correctly", permanent=True)


def provider_for(channel: str, endpoints: Iterable[ChannelEndpoint], department_path: str) -> Provider:
    """The adapter that reaches a recipient on `channel` (e-mail needs no endpoint row)."""
    if channel == Channel.EMAIL:
        return SmtpEmail()
    endpoint = endpoint_for(endpoints, channel, department_path)
    if endpoint is None:
        raise ChannelError(f"no active {channel} endpoint is configured", permanent=True)
    return provider_of(endpoint)
