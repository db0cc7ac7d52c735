"""Admin reads and writes on channel endpoints (secrets write-only), test sends, and the outbox."""

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from chengdan.access import engine
from chengdan.accounts.models import Department, User
from chengdan.core.errors import DomainError, NotFoundError, StaleVersionError, localized
from chengdan.core.events import Event, diff, publish, snapshot
from chengdan.core.pagination import Page, PageRequest, paginate
from chengdan.core.records import register_renderer
from chengdan.core.versioning import bump_version
from chengdan.notifications import channels
from chengdan.notifications.channels.email import SmtpEmail, smtp_settings
from chengdan.notifications.choices import Channel, DeliveryStatus, SmsProvider
from chengdan.notifications.errors import NotificationErrorCode
from chengdan.notifications.models import ChannelEndpoint, Delivery
from chengdan.notifications.permissions import NOTIFICATION_SETTINGS

RESOURCE = NOTIFICATION_SETTINGS.resource
# Secrets are left out of the audit trail on purpose; only the fact that one changed is recorded.
AUDITED = [
    "channel",
    "name",
    "department_id",
    "provider",
    "access_key_id",
    "sign_name",
    "template_code",
    "sdk_app_id",
    "region",
    "endpoint_url",
    "is_active",
]
SECRETS = ("secret", "webhook_url")
WRITABLE = {*AUDITED, *SECRETS}
DELIVERY_ORDERING = {"id": "id", "next_attempt_at": "next_attempt_at"}


def render_endpoint(endpoint: ChannelEndpoint) -> dict[str, Any]:
    """An endpoint as ChannelEndpointOut: `has_secret` / `has_webhook_url` instead of the values.

    A WeCom webhook URL carries its key, and a DingTalk one its access token: both are credentials.
    """
    return {
        "id": endpoint.pk,
        "channel": endpoint.channel,
        "name": endpoint.name,
        "department_id": endpoint.department_id,
        "has_webhook_url": bool(endpoint.webhook_url),
        "has_secret": bool(endpoint.secret),
        "provider": endpoint.provider,
        "access_key_id": endpoint.access_key_id,
        "sign_name": endpoint.sign_name,
        "template_code": endpoint.template_code,
        "sdk_app_id": endpoint.sdk_app_id,
        "region": endpoint.region,
        "endpoint_url": endpoint.endpoint_url,
        "is_active": endpoint.is_active,
        "version": endpoint.version,
    }


register_renderer(ChannelEndpoint, lambda actor, endpoint: render_endpoint(endpoint))


def _audit(name: str, endpoint: ChannelEndpoint, actor: User, changes: dict[str, tuple[Any, Any]]) -> None:
    publish(Event(name, RESOURCE, str(endpoint.pk), endpoint.name[:255], actor.pk, changes=changes))


def _get(actor: User, channel_id: int, action: str, *, for_update: bool = False) -> ChannelEndpoint:
    engine.require_action(actor, RESOURCE, action)
    queryset = ChannelEndpoint.objects.select_for_update() if for_update else ChannelEndpoint.objects.all()
    endpoint = queryset.filter(pk=channel_id).first()
    if endpoint is None:
        raise NotFoundError()
    return endpoint


def list_endpoints(actor: User) -> QuerySet[ChannelEndpoint]:
    """Every endpoint, by channel then org-wide first (settings view right)."""
    engine.require_action(actor, RESOURCE, "view")
    return ChannelEndpoint.objects.order_by("channel", "department_id", "pk")


def _validate(endpoint: ChannelEndpoint) -> None:
    if endpoint.channel == Channel.SMS:
        if endpoint.department_id is not None:
            raise DomainError.invalid(
                "department_id", "短信服务商只能全局配置。", "The SMS provider is configured for the whole company."
            )
        if endpoint.provider not in SmsProvider.values:
            raise DomainError.invalid("provider", "请选择短信服务商。", "Choose the SMS provider.")
        required = ["access_key_id", "sign_name", "template_code"]
        if endpoint.provider == SmsProvider.TENCENT:
            required.append("sdk_app_id")
        for name in required:
            if not getattr(endpoint, name):
                raise DomainError.invalid(name, "必填。", "Required.")
    else:
        if not endpoint.webhook_url:
            raise DomainError.invalid("webhook_url", "请填写 Webhook 地址。", "Enter the webhook URL.")
        if not endpoint.webhook_url.startswith(("https://", "http://")):
            raise DomainError.invalid(
                "webhook_url", "Webhook 地址必须以 http(s):// 开头。", "The webhook URL must start with http(s)://."
            )
    if endpoint.endpoint_url and not endpoint.endpoint_url.startswith(("https://", "http://")):
        raise DomainError.invalid(
            "endpoint_url", "接口地址必须以 http(s):// 开头。", "The endpoint URL must start with http(s)://."
        )
    if endpoint.department_id is not None and not Department.objects.filter(pk=endpoint.department_id).exists():
        raise DomainError.invalid("department_id", "部门不存在。", "No such department.")


def _save(endpoint: ChannelEndpoint) -> None:
    _validate(endpoint)
    try:
        with transaction.atomic():
            endpoint.save()
    except IntegrityError:
        raise DomainError(
            NotificationErrorCode.ENDPOINT_TAKEN,
            localized("该渠道在这个范围已有配置。", "This channel is already configured for that scope."),
            fields={"department_id": localized("已有配置。", "Already configured.")},
        ) from None


def create_endpoint(*, actor: User, values: dict[str, Any]) -> ChannelEndpoint:
    """Add a robot (org-wide or for a department subtree) or the SMS provider."""
    engine.require_action(actor, RESOURCE, "create")
    with transaction.atomic():
        endpoint = ChannelEndpoint(**{name: value for name, value in values.items() if name in WRITABLE})
        _save(endpoint)
        changes = diff({}, snapshot(endpoint, AUDITED))
        changes.update({name: ("", "***") for name in SECRETS if getattr(endpoint, name)})
        _audit("notification_channel.created", endpoint, actor, changes)
    return endpoint


def update_endpoint(*, actor: User, channel_id: int, version: int, values: dict[str, Any]) -> ChannelEndpoint:
    """Edit an endpoint (409 on a stale version); secrets left out stay as they are."""
    with transaction.atomic():
        endpoint = _get(actor, channel_id, "edit", for_update=True)
        if endpoint.version != version:
            raise StaleVersionError(endpoint)
        before = snapshot(endpoint, AUDITED)
        for name, value in values.items():
            if name in WRITABLE and name != "channel":
                setattr(endpoint, name, value)
        bump_version(endpoint)
        _save(endpoint)
        changes = diff(before, snapshot(endpoint, AUDITED))
        changes.update({name: ("***", "***") for name in SECRETS if name in values})
        _audit("notification_channel.updated", endpoint, actor, changes)
    return endpoint


def delete_endpoint(*, actor: User, channel_id: int) -> None:
    """Remove an endpoint; pending deliveries on its channel fall back to the next one that reaches them."""
    with transaction.atomic():
        endpoint = _get(actor, channel_id, "delete", for_update=True)
        _audit("notification_channel.deleted", endpoint, actor, diff(snapshot(endpoint, AUDITED), {}))
        endpoint.delete()


def _test_message(actor: User) -> channels.OutboundMessage:
    return channels.OutboundMessage(
        title=localized("成单测试消息", "Chengdan test message"),
        body=localized("如果您收到这条消息，说明通知渠道配置正确。", "If you can read this, the channel works."),
        link="",
        idempotency_key=f"test-{timezone.now().strftime('%Y%m%d%H%M%S%f')}",
        email=actor.email,
        mobile=actor.mobile,
        display_name=actor.username,
    )


def _send_test(provider: channels.Provider, actor: User) -> None:
    try:
        provider.send(_test_message(actor))
    except channels.ChannelError as error:
        raise DomainError(
            NotificationErrorCode.TEST_SEND_FAILED,
            localized(f"测试消息发送失败：{error}", f"The test message failed: {error}"),
            extra={"detail": str(error)},
        ) from error


def send_test(*, actor: User, channel_id: int) -> None:
    """Send a test message through one endpoint to the admin themselves (edit right); 422 names the error."""
    endpoint = _get(actor, channel_id, "edit")
    try:
        provider = channels.provider_of(endpoint)
    except channels.ChannelError as error:
        raise DomainError(NotificationErrorCode.TEST_SEND_FAILED, str(error)) from error
    _send_test(provider, actor)


def send_test_email(*, actor: User) -> None:
    """Send a test e-mail to the admin's own address over the configured SMTP server."""
    engine.require_action(actor, RESOURCE, "edit")
    _send_test(SmtpEmail(), actor)


def email_settings(actor: User) -> dict[str, Any]:
    """The SMTP server in use (no password), for the channels page."""
    engine.require_action(actor, RESOURCE, "view")
    config = smtp_settings()
    return {
        "host": config.host,
        "port": config.port,
        "username": config.username,
        "has_password": bool(config.password),
        "use_tls": config.use_tls,
        "use_ssl": config.use_ssl,
        "from_email": config.from_email,
    }


def list_deliveries(
    actor: User, page: PageRequest, *, status: str | None = None, channel: str | None = None
) -> Page[Delivery]:
    """One page of outbox rows, newest first, filtered by status and channel (settings view right)."""
    engine.require_action(actor, RESOURCE, "view")
    queryset = Delivery.objects.select_related("notification", "recipient")
    if status:
        queryset = queryset.filter(status=status)
    if channel:
        queryset = queryset.filter(channel=channel)
    return paginate(queryset, page, allowed_ordering=DELIVERY_ORDERING, default_ordering="-id")


def retry_delivery(*, actor: User, delivery_id: int) -> Delivery:
    """Queue a failed (or waiting) delivery again now, with a fresh set of attempts; a sent one is refused."""
    engine.require_action(actor, RESOURCE, "edit")
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().filter(pk=delivery_id).first()
        if delivery is None:
            raise NotFoundError()
        if delivery.status in (DeliveryStatus.SENT, DeliveryStatus.SENDING):
            raise DomainError.plain(
                NotificationErrorCode.DELIVERY_ALREADY_SENT,
                "该消息已发送或正在发送。",
                "This message was already sent or is being sent.",
            )
        before = {"status": delivery.status, "attempts": delivery.attempts}
        delivery.status = DeliveryStatus.PENDING
        delivery.attempts = 0
        delivery.next_attempt_at = timezone.now()
        delivery.save(update_fields=["status", "attempts", "next_attempt_at"])
        publish(
            Event(
                "notification_delivery.retried",
                "notification_deliveries",
                str(delivery.pk),
                f"{delivery.channel} #{delivery.notification_id}",
                actor.pk,
                changes=diff(before, {"status": delivery.status, "attempts": 0}),
            )
        )
    return Delivery.objects.select_related("notification", "recipient").get(pk=delivery.pk)
