"""Reads of delivery preferences: which channels a kind goes to for a user, quiet hours, digest time."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings

from chengdan.notifications import kinds
from chengdan.notifications.choices import Channel
from chengdan.notifications.models import NotificationPreference

DEFAULT_DIGEST_TIME = time(18, 0)


@dataclass(frozen=True)
class Choice:
    """Where one kind goes for one user: its channels (in-app always) and whether it waits for the digest."""

    channels: tuple[str, ...]
    digest: bool


def zone_of(preference: NotificationPreference | None) -> ZoneInfo:
    """The user's time zone (the installation's, Asia/Shanghai, unless they chose another)."""
    name = (preference.time_zone if preference else "") or settings.TIME_ZONE
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(settings.TIME_ZONE)


def choice_for(preference: NotificationPreference | None, kind: str) -> Choice:
    """The channels of `kind` for the owner of `preference` (None: the kind's defaults)."""
    stored: dict[str, Any] = (preference.kinds if preference else {}).get(kind) or {}
    if "channels" in stored:
        channels = [channel for channel in stored["channels"] if channel in Channel.values]
    else:
        channels = list(kinds.get_kind(kind).default_channels)
    ordered = tuple(dict.fromkeys([Channel.IN_APP, *channels]))
    return Choice(channels=ordered, digest=bool(stored.get("digest", False)))


def preferences_of(user_ids: set[int]) -> dict[int, NotificationPreference]:
    """The stored preferences of these users in one query (users without a row are absent)."""
    if not user_ids:
        return {}
    return {row.user_id: row for row in NotificationPreference.objects.filter(user_id__in=user_ids)}


def quiet_until(preference: NotificationPreference | None, now: datetime) -> datetime | None:
    """The end of the quiet window `now` falls in, or None when the user may be disturbed now."""
    if preference is None or preference.quiet_start is None or preference.quiet_end is None:
        return None
    start, end = preference.quiet_start, preference.quiet_end
    if start == end:
        return None
    zone = zone_of(preference)
    local = now.astimezone(zone)
    moment = local.time()
    today_end = datetime.combine(local.date(), end, tzinfo=zone)
    if start < end:
        return today_end if start <= moment < end else None
    # The window wraps past midnight (22:00–08:00).
    if moment >= start:
        return today_end + timedelta(days=1)
    if moment < end:
        return today_end
    return None


def send_time(preference: NotificationPreference | None, now: datetime) -> datetime:
    """When an external message created `now` may go out: now, or at the end of the quiet window."""
    return quiet_until(preference, now) or now


def digest_moment(preference: NotificationPreference, day: datetime) -> datetime:
    """The user's digest time on the local day of `day`, as an aware datetime."""
    zone = zone_of(preference)
    local = day.astimezone(zone)
    return datetime.combine(local.date(), preference.digest_time or DEFAULT_DIGEST_TIME, tzinfo=zone)
