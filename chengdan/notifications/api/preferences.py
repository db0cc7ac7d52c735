"""The kinds registry and the signed-in user's own delivery preferences."""

from typing import Any

from django.http import HttpRequest
from ninja import Router

from chengdan.accounts.actor import actor_of
from chengdan.core.errors import is_english
from chengdan.core.schemas import responses
from chengdan.notifications import kinds, preference_actions
from chengdan.notifications.schemas import NotificationKindOut, NotificationPreferencesIn, NotificationPreferencesOut

router = Router(tags=["notifications"])


@router.get("/kinds", response=responses(list[NotificationKindOut]))
def list_kinds(request: HttpRequest) -> list[dict[str, Any]]:
    """Every kind users may choose channels for, with its default channels."""
    return [
        {
            "code": kind.code,
            "label": kind.label_en if is_english() else kind.label_zh,
            "label_zh": kind.label_zh,
            "label_en": kind.label_en,
            "default_channels": list(kind.default_channels),
        }
        for kind in kinds.configurable_kinds()
    ]


@router.get("/preferences", response=responses(NotificationPreferencesOut))
def get_preferences(request: HttpRequest) -> dict[str, Any]:
    """The caller's channels per kind, digest choices, quiet hours and digest time (defaults until saved)."""
    actor = actor_of(request)
    return preference_actions.render_preferences(actor, preference_actions.get_preferences(actor))


@router.put("/preferences", response=responses(NotificationPreferencesOut))
def update_preferences(request: HttpRequest, payload: NotificationPreferencesIn) -> dict[str, Any]:
    """Save the caller's preferences (409 with the current ones on a stale `version`); in-app stays on."""
    actor = actor_of(request)
    row = preference_actions.update_preferences(
        actor=actor,
        version=payload.version,
        choices=[preference_actions.KindChoice(item.kind, list(item.channels), item.digest) for item in payload.kinds],
        quiet_start=payload.quiet_start,
        quiet_end=payload.quiet_end,
        digest_time=payload.digest_time,
        time_zone=payload.time_zone,
    )
    return preference_actions.render_preferences(actor, row)
