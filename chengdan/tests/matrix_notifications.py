"""The permission-matrix rows of the notification centre, preferences, channels and deliveries.

(The inbox's first endpoints — list, unread count, read, read-all — keep their rows in matrix_forecast.)
"""

from typing import Any

from chengdan.notifications.models import ChannelEndpoint, Delivery, Notification, NotificationPreference
from chengdan.testing.matrix import Endpoint, only, statuses
from chengdan.testing.org import Org

V1 = "/api/v1/notifications"
ADMIN_ONLY_403 = {"admin": 200}

# Tables a refused call must leave untouched: (model, columns to ignore).
NOTIFICATION_STATE: list[tuple[Any, tuple[str, ...]]] = [
    (NotificationPreference, ()),
    (ChannelEndpoint, ()),
    (Delivery, ()),
]


def _robot(org: Org) -> int:
    """An org-wide Feishu robot whose webhook nobody answers (loopback port 9 is closed)."""
    endpoint, _ = ChannelEndpoint.objects.get_or_create(
        channel="feishu",
        department=None,
        defaults={"name": "销售群", "webhook_url": "http://127.0.0.1:9/open-apis/bot/v2/hook/x", "secret": "s"},
    )
    return endpoint.pk


def _failed_delivery(org: Org) -> int:
    notification = Notification.objects.create(recipient=org.users["own"], kind="test", title="失败的提醒")
    delivery = Delivery.objects.create(
        notification=notification, recipient=org.users["own"], channel="email", status="failed", attempts=6
    )
    return delivery.pk


def _admin_without_email(org: Org) -> str:
    # The test e-mail then fails before any connection: no SMTP server is needed to prove the 422.
    org.users["admin"].__class__.objects.filter(pk=org.users["admin"].pk).update(email="")
    return ""


NOTIFICATION_ENDPOINTS: list[Endpoint] = [
    Endpoint("GET", f"{V1}/stream", statuses(200)),
    Endpoint("GET", f"{V1}/kinds", statuses(200)),
    Endpoint("GET", f"{V1}/preferences", statuses(200)),
    Endpoint(
        "PUT",
        f"{V1}/preferences",
        statuses(200),
        body=lambda org: {"version": 0, "kinds": [], "quiet_start": "22:00", "quiet_end": "08:00"},
    ),
    Endpoint("GET", f"{V1}/channels", only(ADMIN_ONLY_403, 403)),
    Endpoint(
        "POST",
        f"{V1}/channels",
        only({"admin": 201}, 403),
        body=lambda org: {
            "channel": "dingtalk",
            "name": "华东销售群",
            "department_id": org.region.pk,
            "webhook_url": "https://oapi.dingtalk.com/robot/send?access_token=t",
            "secret": "SEC1",
        },
    ),
    Endpoint(
        "PATCH",
        f"{V1}/channels/{{channel_id}}",
        only(ADMIN_ONLY_403, 403),
        params={"channel_id": _robot},
        body=lambda org: {"version": 1, "name": "改名"},
    ),
    Endpoint("DELETE", f"{V1}/channels/{{channel_id}}", only({"admin": 204}, 403), params={"channel_id": _robot}),
    Endpoint("POST", f"{V1}/channels/{{channel_id}}/test", only({"admin": 422}, 403), params={"channel_id": _robot}),
    Endpoint("GET", f"{V1}/email", only(ADMIN_ONLY_403, 403)),
    Endpoint("POST", f"{V1}/email/test", only({"admin": 422}, 403), params={"_": _admin_without_email}),
    Endpoint("GET", f"{V1}/deliveries", only(ADMIN_ONLY_403, 403)),
    Endpoint(
        "POST",
        f"{V1}/deliveries/{{delivery_id}}/retry",
        only(ADMIN_ONLY_403, 403),
        params={"delivery_id": _failed_delivery},
    ),
]
