"""Admin endpoints (notification_settings): group robots and the SMS provider (secrets write-only), test
sends, the SMTP server in use, and the outbox with its errors and retry."""

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from chengdan.accounts.actor import actor_of
from chengdan.core.pagination import PageRequest
from chengdan.core.schemas import PageQuery, page_body, page_of, responses
from chengdan.notifications import settings_actions
from chengdan.notifications.models import Delivery
from chengdan.notifications.schemas import (
    ChannelEndpointIn,
    ChannelEndpointOut,
    ChannelEndpointPatch,
    NotificationDeliveryFilters,
    NotificationDeliveryOut,
    NotificationEmailSettingsOut,
    NotificationTestSentOut,
)

router = Router(tags=["notification-settings"])


def render_delivery(delivery: Delivery) -> dict[str, Any]:
    """An outbox row for the admin: its notification's title and the recipient's name."""
    recipient = delivery.recipient
    return {
        "id": delivery.pk,
        "notification_id": delivery.notification_id,
        "title": delivery.notification.title,
        "kind": delivery.notification.kind,
        "recipient_id": delivery.recipient_id,
        "recipient_name": recipient.display_name or recipient.username,
        "channel": delivery.channel,
        "status": delivery.status,
        "attempts": delivery.attempts,
        "next_attempt_at": delivery.next_attempt_at,
        "last_error": delivery.last_error,
        "sent_at": delivery.sent_at,
        "created_at": delivery.created_at,
    }


@router.get("/channels", response=responses(list[ChannelEndpointOut]))
def list_channels(request: HttpRequest) -> list[dict[str, Any]]:
    """Every robot and the SMS provider (`has_secret` instead of secrets)."""
    return [settings_actions.render_endpoint(item) for item in settings_actions.list_endpoints(actor_of(request))]


@router.post("/channels", response=responses(ChannelEndpointOut, 201))
def create_channel(request: HttpRequest, payload: ChannelEndpointIn) -> Status[dict[str, Any]]:
    """Add a robot (org-wide, or for a department and its subtree) or the SMS provider."""
    endpoint = settings_actions.create_endpoint(actor=actor_of(request), values=payload.dict())
    return Status(201, settings_actions.render_endpoint(endpoint))


@router.patch("/channels/{channel_id}", response=responses(ChannelEndpointOut))
def update_channel(request: HttpRequest, channel_id: int, payload: ChannelEndpointPatch) -> dict[str, Any]:
    """Edit an endpoint (409 on a stale version); leave secrets out to keep them."""
    values = payload.dict(exclude_unset=True)
    version = values.pop("version")
    # Only the department may be cleared (back to org-wide); other nulls mean "unchanged".
    values = {name: value for name, value in values.items() if value is not None or name == "department_id"}
    endpoint = settings_actions.update_endpoint(
        actor=actor_of(request), channel_id=channel_id, version=version, values=values
    )
    return settings_actions.render_endpoint(endpoint)


@router.delete("/channels/{channel_id}", response=responses(None, 204))
def delete_channel(request: HttpRequest, channel_id: int) -> Status[None]:
    """Remove an endpoint."""
    settings_actions.delete_endpoint(actor=actor_of(request), channel_id=channel_id)
    return Status(204, None)


@router.post("/channels/{channel_id}/test", response=responses(NotificationTestSentOut))
def test_channel(request: HttpRequest, channel_id: int) -> dict[str, bool]:
    """Send a test message to the caller through this endpoint; 422 `notification.test_send_failed` names
    the vendor's error."""
    settings_actions.send_test(actor=actor_of(request), channel_id=channel_id)
    return {"sent": True}


@router.get("/email", response=responses(NotificationEmailSettingsOut))
def email_settings(request: HttpRequest) -> dict[str, Any]:
    """The SMTP server e-mail goes through (from the server's environment)."""
    return settings_actions.email_settings(actor_of(request))


@router.post("/email/test", response=responses(NotificationTestSentOut))
def test_email(request: HttpRequest) -> dict[str, bool]:
    """Send a test e-mail to the caller's own address."""
    settings_actions.send_test_email(actor=actor_of(request))
    return {"sent": True}


@router.get("/deliveries", response=responses(page_of(NotificationDeliveryOut)))
def list_deliveries(
    request: HttpRequest, filters: Query[NotificationDeliveryFilters], page: Query[PageQuery]
) -> dict[str, Any]:
    """One page of outbox rows, newest first, by status and channel, with their last error."""
    result = settings_actions.list_deliveries(
        actor_of(request), PageRequest(**page.dict()), status=filters.status, channel=filters.channel
    )
    return page_body(result, [render_delivery(item) for item in result.items])


@router.post("/deliveries/{delivery_id}/retry", response=responses(NotificationDeliveryOut))
def retry_delivery(request: HttpRequest, delivery_id: int) -> dict[str, Any]:
    """Queue a failed delivery again now (422 when it was already sent)."""
    return render_delivery(settings_actions.retry_delivery(actor=actor_of(request), delivery_id=delivery_id))
