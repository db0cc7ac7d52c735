"""The daily digest: at each user's digest time, one message per channel listing the day's digest kinds."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from chengdan.core.errors import localized
from chengdan.notifications import outbox, preferences
from chengdan.notifications.choices import Channel
from chengdan.notifications.kinds import DIGEST_KIND
from chengdan.notifications.models import Delivery, Notification, NotificationPreference

DIGEST_LINK = "/notifications"
MAX_LINES = 50


@dataclass(frozen=True)
class DigestResult:
    """Who got a digest this run."""

    user_ids: list[int]


def _digest_channels(preference: NotificationPreference) -> dict[str, set[str]]:
    """Digest kinds of the user → their external channels."""
    result: dict[str, set[str]] = {}
    for kind in preference.kinds:
        choice = preferences.choice_for(preference, kind)
        if choice.digest:
            result[kind] = {channel for channel in choice.channels if channel != Channel.IN_APP}
    return result


def send_digests(now: datetime | None = None) -> DigestResult:
    """Build the digests that are due (digest time passed today, none sent today); a rerun adds nothing.

    The digest covers the digest-kind notifications since the previous digest time, and is itself an
    in-app notification (born read, dedupe key per local day) whose deliveries carry the combined text.
    """
    now = now or timezone.now()
    due: list[tuple[NotificationPreference, dict[str, set[str]], datetime, str]] = []
    for preference in NotificationPreference.objects.exclude(kinds={}).order_by("user_id"):
        kinds = _digest_channels(preference)
        if not kinds:
            continue
        moment = preferences.digest_moment(preference, now)
        if moment > now:
            continue
        due.append((preference, kinds, moment, f"digest:{moment.date().isoformat()}"))
    if not due:
        return DigestResult([])
    done = set(
        Notification.objects.filter(
            recipient_id__in=[item[0].user_id for item in due], dedupe_key__in={item[3] for item in due}
        ).values_list("recipient_id", "dedupe_key")
    )
    open_channels = outbox.available_channels()
    sent: list[int] = []
    for preference, kinds, moment, key in due:
        if (preference.user_id, key) in done:
            continue
        if _send_one(preference, kinds, moment, key, open_channels, now):
            sent.append(preference.user_id)
    return DigestResult(sent)


def _send_one(
    preference: NotificationPreference,
    kinds: dict[str, set[str]],
    moment: datetime,
    key: str,
    open_channels: set[str],
    now: datetime,
) -> bool:
    since = moment - timedelta(days=1)
    items = list(
        Notification.objects.filter(
            recipient_id=preference.user_id, kind__in=list(kinds), created_at__gt=since, created_at__lte=moment
        ).order_by("created_at", "pk")
    )
    channels_in_use = sorted({channel for item in items for channel in kinds[item.kind]} & open_channels)
    if not items or not channels_in_use:
        return False
    lines = [f"· {item.title}" for item in items[:MAX_LINES]]
    if len(items) > MAX_LINES:
        lines.append(localized(f"……另有 {len(items) - MAX_LINES} 条", f"… and {len(items) - MAX_LINES} more"))
    title = localized(f"今日通知汇总（{len(items)} 条）", f"Today's notifications ({len(items)})")
    try:
        with transaction.atomic():
            digest = Notification.objects.create(
                recipient_id=preference.user_id,
                kind=DIGEST_KIND,
                title=title,
                body="\n".join(lines),
                link=DIGEST_LINK,
                dedupe_key=key,
                data={"notification_ids": [item.pk for item in items]},
                read_at=now,
            )
            Delivery.objects.bulk_create(
                [
                    Delivery(
                        notification=digest,
                        recipient_id=preference.user_id,
                        channel=channel,
                        next_attempt_at=preferences.send_time(preference, now),
                        created_at=now,
                    )
                    for channel in channels_in_use
                ]
            )
    except IntegrityError:
        # Another run built today's digest first.
        return False
    return True
