"""The delivery outbox: fan-out of new notifications, leased claims, sends with back-off and give-up.

A delivery is claimed by one conditional UPDATE (`status` still due, lease expired), which both SQLite and
PostgreSQL apply atomically per row, so two dispatchers never hold the same row. A claim counts as an
attempt; a row left `sending` by a crashed worker becomes due again when its lease runs out. Every
attempt sends the row's `idempotency_key`.
"""

import logging
import os
import random
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import NamedTuple

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from chengdan.core import bulk
from chengdan.notifications import channels, preferences
from chengdan.notifications.choices import CONFIGURED_CHANNELS, Channel, DeliveryStatus
from chengdan.notifications.models import ChannelEndpoint, Delivery, Notification

logger = logging.getLogger("chengdan.notifications")

LEASE_SECONDS = int(os.environ.get("CHENGDAN_NOTIFICATION_LEASE_SECONDS", "120"))
MAX_ATTEMPTS = int(os.environ.get("CHENGDAN_NOTIFICATION_MAX_ATTEMPTS", "6"))
BACKOFF_BASE_SECONDS = 30
BACKOFF_CAP_SECONDS = 3600
CLAIM_BATCH = 50


def available_channels() -> set[str]:
    """External channels that can send today: e-mail always, the others when an active endpoint exists."""
    configured = set(
        ChannelEndpoint.objects.filter(is_active=True, channel__in=CONFIGURED_CHANNELS).values_list(
            "channel", flat=True
        )
    )
    return {Channel.EMAIL, *configured}


class Sent(NamedTuple):
    """A notification just written: what the fan-out needs to know of it."""

    pk: int
    recipient_id: int
    kind: str


class Planned(NamedTuple):
    """One outbox row to write."""

    notification_id: int
    recipient_id: int
    channel: str
    next_attempt_at: datetime


DELIVERY_COLUMNS = (
    "notification_id",
    "recipient_id",
    "channel",
    "status",
    "attempts",
    "next_attempt_at",
    "last_error",
    "idempotency_key",
    "created_at",
)


def plan_deliveries(notifications: Iterable[Sent | Notification], now: datetime | None = None) -> list[Planned]:
    """The outbox rows for new notifications: their recipients' chosen external channels.

    Two queries whatever the number of notifications (preferences, configured channels), none when
    nobody is left to reach outside the app. Digest kinds get no row: the daily digest collects them.
    """
    rows = list(notifications)
    if not rows:
        return []
    now = now or timezone.now()
    prefs = preferences.preferences_of({row.recipient_id for row in rows})
    # A batch holds few distinct (recipient, kind) pairs: decide each once.
    choices: dict[tuple[int, str], tuple[str, ...]] = {}
    wanted: list[tuple[Sent | Notification, tuple[str, ...]]] = []
    for row in rows:
        external = choices.get((row.recipient_id, row.kind))
        if external is None:
            choice = preferences.choice_for(prefs.get(row.recipient_id), row.kind)
            external = () if choice.digest else tuple(c for c in choice.channels if c != Channel.IN_APP)
            choices[(row.recipient_id, row.kind)] = external
        if external:
            wanted.append((row, external))
    if not wanted:
        return []
    open_channels = available_channels()
    send_at: dict[int, datetime] = {}
    planned: list[Planned] = []
    for row, external in wanted:
        at = send_at.get(row.recipient_id)
        if at is None:
            at = send_at[row.recipient_id] = preferences.send_time(prefs.get(row.recipient_id), now)
        planned.extend(
            Planned(row.pk, row.recipient_id, channel, at) for channel in external if channel in open_channels
        )
    return planned


def fan_out(notifications: Iterable[Sent | Notification], now: datetime | None = None) -> int:
    """Create the outbox rows of new notifications in the caller's transaction; a repeat adds nothing."""
    now = now or timezone.now()
    planned = plan_deliveries(notifications, now)
    rows = [
        (
            row.notification_id,
            row.recipient_id,
            row.channel,
            DeliveryStatus.PENDING.value,
            0,
            row.next_attempt_at,
            "",
            uuid.uuid4(),
            now,
        )
        for row in planned
    ]
    bulk.insert_rows(Delivery, DELIVERY_COLUMNS, rows, ignore_conflicts=True)
    return len(planned)


def backoff(attempts: int, rng: random.Random | None = None) -> timedelta:
    """The wait before attempt `attempts + 1`: exponential from 30 s, capped at 1 h, with ±50 % jitter."""
    base = min(BACKOFF_BASE_SECONDS * 2 ** max(attempts - 1, 0), BACKOFF_CAP_SECONDS)
    jitter = (rng or random).uniform(0.5, 1.5)
    return timedelta(seconds=base * jitter)


def _due(now: datetime) -> Q:
    # A `sending` row's next_attempt_at is its lease end, so one range on the index finds both kinds.
    return Q(status__in=[DeliveryStatus.PENDING, DeliveryStatus.SENDING], next_attempt_at__lte=now)


def claim(
    now: datetime | None = None, *, limit: int = CLAIM_BATCH, lease_seconds: int = LEASE_SECONDS
) -> list[Delivery]:
    """Lease up to `limit` due deliveries to this caller; rows another dispatcher won are skipped."""
    now = now or timezone.now()
    candidates = list(
        Delivery.objects.filter(_due(now)).order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:limit]
    )
    if not candidates:
        return []
    token = uuid.uuid4()
    lease_until = now + timedelta(seconds=lease_seconds)
    with transaction.atomic():
        # The WHERE is re-checked row by row under the write lock: a row leased meanwhile is not taken.
        Delivery.objects.filter(_due(now), pk__in=candidates).update(
            status=DeliveryStatus.SENDING,
            lease_until=lease_until,
            next_attempt_at=lease_until,
            lease_token=token,
            attempts=F("attempts") + 1,
        )
    return list(
        Delivery.objects.filter(lease_token=token, status=DeliveryStatus.SENDING)
        .select_related("notification", "recipient", "recipient__department")
        .order_by("pk")
    )


def outbound_message(delivery: Delivery) -> channels.OutboundMessage:
    """What one delivery says and to whom."""
    notification = delivery.notification
    recipient = delivery.recipient
    return channels.OutboundMessage(
        title=notification.title,
        body=notification.body,
        link=notification.link,
        idempotency_key=str(delivery.idempotency_key),
        email=recipient.email,
        mobile=recipient.mobile,
        display_name=getattr(recipient, "display_name", "") or recipient.username,
    )


@dataclass
class DispatchResult:
    """What one dispatcher run did."""

    sent: list[int] = field(default_factory=list)
    retried: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)


def _finish(delivery: Delivery, **values: object) -> bool:
    # Only the lease holder records the outcome; a worker whose lease ran out lost the row.
    updated = Delivery.objects.filter(pk=delivery.pk, lease_token=delivery.lease_token).update(
        lease_until=None, lease_token=None, **values
    )
    return updated == 1


def send_claimed(
    delivery: Delivery,
    endpoints: list[ChannelEndpoint],
    now: datetime | None = None,
    *,
    max_attempts: int = MAX_ATTEMPTS,
) -> str:
    """Send one leased delivery and record the outcome: "sent", "retry" or "failed"."""
    department = delivery.recipient.department
    path = department.path if department else ""
    try:
        if delivery.attempts > max_attempts:
            raise channels.ChannelError(
                f"gave up after {max_attempts} attempts (the worker was lost mid-send)", permanent=True
            )
        provider = channels.provider_for(delivery.channel, endpoints, path)
        provider.send(outbound_message(delivery))
    except channels.ChannelError as error:
        now = timezone.now() if now is None else now
        message = str(error)[:2000]
        if error.permanent or delivery.attempts >= max_attempts:
            _finish(delivery, status=DeliveryStatus.FAILED, last_error=message, next_attempt_at=now)
            logger.warning("delivery %s failed: %s", delivery.pk, message)
            return "failed"
        _finish(
            delivery,
            status=DeliveryStatus.PENDING,
            last_error=message,
            next_attempt_at=now + backoff(delivery.attempts),
        )
        return "retry"
    _finish(delivery, status=DeliveryStatus.SENT, sent_at=timezone.now(), last_error="")
    return "sent"


def dispatch_due(
    now: datetime | None = None,
    *,
    limit: int = CLAIM_BATCH,
    lease_seconds: int = LEASE_SECONDS,
    max_attempts: int = MAX_ATTEMPTS,
) -> DispatchResult:
    """Claim the due deliveries and send them one by one (the beat runs this every 15 s)."""
    result = DispatchResult()
    claimed = claim(now, limit=limit, lease_seconds=lease_seconds)
    if not claimed:
        return result
    endpoints = list(ChannelEndpoint.objects.filter(is_active=True))
    buckets = {"sent": result.sent, "retry": result.retried, "failed": result.failed}
    for delivery in claimed:
        buckets[send_claimed(delivery, endpoints, max_attempts=max_attempts)].append(delivery.pk)
    return result
