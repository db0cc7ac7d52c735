"""Writes on a user's own delivery preferences (409 on a stale version, audited)."""

from dataclasses import dataclass
from datetime import time
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db import IntegrityError, transaction

from chengdan.accounts.models import User
from chengdan.core.errors import DomainError, StaleVersionError, is_english
from chengdan.core.events import Event, diff, publish
from chengdan.core.records import register_renderer
from chengdan.notifications import kinds, outbox, preferences
from chengdan.notifications.choices import Channel
from chengdan.notifications.models import NotificationPreference


@dataclass(frozen=True)
class KindChoice:
    """The channels and digest flag the user picked for one kind."""

    kind: str
    channels: list[str]
    digest: bool = False


def render_preferences(user: User, preference: NotificationPreference | None) -> dict[str, Any]:
    """The user's effective preferences for every configurable kind (defaults filled in)."""
    rows = []
    for kind in kinds.configurable_kinds():
        choice = preferences.choice_for(preference, kind.code)
        rows.append(
            {
                "kind": kind.code,
                "label": kind.label_en if is_english() else kind.label_zh,
                "channels": list(choice.channels),
                "digest": choice.digest,
            }
        )
    return {
        "kinds": rows,
        "quiet_start": preference.quiet_start if preference else None,
        "quiet_end": preference.quiet_end if preference else None,
        "digest_time": preference.digest_time if preference else preferences.DEFAULT_DIGEST_TIME,
        "time_zone": str(preferences.zone_of(preference)),
        "available_channels": [Channel.IN_APP, *sorted(outbox.available_channels())],
        "version": preference.version if preference else 0,
    }


register_renderer(NotificationPreference, lambda actor, row: render_preferences(row.user, row))


def get_preferences(actor: User) -> NotificationPreference | None:
    """The actor's stored preferences (None until they first save)."""
    return NotificationPreference.objects.filter(user=actor).first()


def _check(choices: list[KindChoice], quiet: tuple[time | None, time | None], zone: str) -> None:
    for index, choice in enumerate(choices):
        if not kinds.is_registered(choice.kind) or not kinds.get_kind(choice.kind).is_configurable:
            raise DomainError.invalid(f"kinds.{index}.kind", "未知的通知类型。", "Unknown notification kind.")
        unknown = set(choice.channels) - set(Channel.values)
        if unknown:
            raise DomainError.invalid(f"kinds.{index}.channels", "未知的通知渠道。", "Unknown channel.")
    if (quiet[0] is None) != (quiet[1] is None):
        field = "quiet_end" if quiet[1] is None else "quiet_start"
        raise DomainError.invalid(field, "免打扰需要同时填写开始和结束时间。", "Quiet hours need a start and an end.")
    if zone:
        try:
            ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError):
            raise DomainError.invalid("time_zone", "未知的时区。", "Unknown time zone.") from None


def update_preferences(
    *,
    actor: User,
    version: int,
    choices: list[KindChoice],
    quiet_start: time | None,
    quiet_end: time | None,
    digest_time: time,
    time_zone: str = "",
) -> NotificationPreference:
    """Replace the actor's preferences; `version` 0 creates them. In-app is always kept on."""
    _check(choices, (quiet_start, quiet_end), time_zone)
    stored = {
        choice.kind: {
            "channels": list(dict.fromkeys([Channel.IN_APP, *choice.channels])),
            "digest": choice.digest,
        }
        for choice in choices
    }
    try:
        with transaction.atomic():
            row = NotificationPreference.objects.select_for_update().filter(user=actor).first()
            if row is None:
                if version != 0:
                    raise StaleVersionError(NotificationPreference(user=actor, version=0))
                row = NotificationPreference(user=actor, version=0)
            elif row.version != version:
                raise StaleVersionError(row)
            before = _audited(row)
            row.kinds = {**row.kinds, **stored}
            row.quiet_start, row.quiet_end = quiet_start, quiet_end
            row.digest_time = digest_time
            row.time_zone = time_zone
            row.version += 1
            row.save()
            publish(
                Event(
                    "notification_preferences.updated",
                    "notification_preferences",
                    str(actor.pk),
                    actor.username,
                    actor.pk,
                    changes=diff(before, _audited(row)),
                )
            )
    except IntegrityError:
        # Two first saves raced; the loser's version 0 is stale now.
        raise StaleVersionError(NotificationPreference.objects.get(user=actor)) from None
    return row


def _audited(row: NotificationPreference) -> dict[str, Any]:
    return {
        "kinds": row.kinds,
        "quiet_start": str(row.quiet_start) if row.quiet_start else None,
        "quiet_end": str(row.quiet_end) if row.quiet_end else None,
        "digest_time": str(row.digest_time),
        "time_zone": row.time_zone,
    }
