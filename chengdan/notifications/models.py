"""In-app notifications, each user's delivery preferences, channel endpoints and the delivery outbox."""

import uuid
from datetime import time

from django.conf import settings
from django.db import models
from django.utils import timezone

from chengdan.core.models import VersionedModel
from chengdan.notifications.choices import Channel, DeliveryStatus, SmsProvider


class Notification(models.Model):
    """A message in a user's inbox; `dedupe_key` makes repeated sends of the same notice a no-op."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=40)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    link = models.CharField(max_length=300, blank=True)
    subject_type = models.CharField(max_length=40, blank=True)
    subject_id = models.CharField(max_length=40, blank=True)
    data = models.JSONField(default=dict, blank=True)
    dedupe_key = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["recipient", "read_at", "id"], name="notification_inbox_idx"),
            models.Index(fields=["recipient", "created_at"], name="notification_recent_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"],
                condition=~models.Q(dedupe_key=""),
                name="notification_dedupe_unique",
            )
        ]

    def __str__(self) -> str:
        return self.title


class NotificationPreference(VersionedModel):
    """One user's choices: channels and digest per kind, quiet hours and digest time (local to `time_zone`).

    `kinds` maps a kind code to {"channels": [...], "digest": bool}; a kind missing here uses its defaults.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    kinds = models.JSONField(default=dict, blank=True)
    quiet_start = models.TimeField(null=True, blank=True)
    quiet_end = models.TimeField(null=True, blank=True)
    digest_time = models.TimeField(default=time(18, 0))
    time_zone = models.CharField(max_length=64, blank=True)

    def __str__(self) -> str:
        return f"preferences of user {self.user_id}"


class ChannelEndpoint(VersionedModel):
    """Where a channel sends: a group robot (org-wide, or for a department subtree) or the SMS provider.

    The secrets (`secret`, the robot's signing key or the provider's access key secret) are write-only.
    """

    channel = models.CharField(max_length=20, choices=[(c.value, c.label) for c in Channel if c != Channel.IN_APP])
    name = models.CharField(max_length=60)
    department = models.ForeignKey(
        "accounts.Department", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    webhook_url = models.CharField(max_length=500, blank=True)
    secret = models.CharField(max_length=200, blank=True)
    provider = models.CharField(max_length=20, choices=SmsProvider.choices, blank=True)
    access_key_id = models.CharField(max_length=100, blank=True)
    sign_name = models.CharField(max_length=60, blank=True)
    template_code = models.CharField(max_length=60, blank=True)
    sdk_app_id = models.CharField(max_length=40, blank=True)
    region = models.CharField(max_length=40, blank=True)
    endpoint_url = models.CharField(max_length=300, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "department"],
                condition=models.Q(department__isnull=False),
                name="channel_endpoint_department_unique",
            ),
            models.UniqueConstraint(
                fields=["channel"], condition=models.Q(department__isnull=True), name="channel_endpoint_org_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Delivery(models.Model):
    """One notification on one external channel: the outbox row a dispatcher claims with a lease.

    `idempotency_key` goes with every attempt (e-mail Message-ID, Aliyun OutId, Tencent SessionContext),
    so a receiver that saw an attempt whose answer was lost recognises the retry.
    """

    notification = models.ForeignKey(Notification, on_delete=models.CASCADE, related_name="deliveries")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(max_length=20, choices=Channel.choices)
    status = models.CharField(max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    lease_until = models.DateTimeField(null=True, blank=True)
    lease_token = models.UUIDField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    idempotency_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["notification", "channel"], name="delivery_notification_channel_unique")
        ]
        indexes = [
            # The dispatcher's scan: due pending rows and `sending` rows whose lease ran out.
            models.Index(fields=["status", "next_attempt_at"], name="delivery_due_idx"),
            models.Index(fields=["lease_token"], name="delivery_lease_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.channel} delivery of notification {self.notification_id}"
