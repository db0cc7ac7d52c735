"""Test helpers: follow-ups and visits written through the real actions."""

from datetime import datetime
from typing import Any

from chengdan.accounts.models import User
from chengdan.activities import actions, visit_actions
from chengdan.activities.models import FollowUp, Visit


def log(actor: User, record_type: str, record_id: int, content: str = "电话沟通需求", **values: Any) -> FollowUp:
    """Log a follow-up through `actions.log_follow_up` (values: kind, occurred_at, next_follow_up_at, …)."""
    return actions.log_follow_up(
        actor=actor,
        record_type=record_type,
        record_id=record_id,
        values=actions.FollowUpValues(content=content, **values),
    )


def plan(actor: User, customer_id: int, planned_at: datetime, purpose: str = "拜访客户", **values: Any) -> Visit:
    """Plan a visit through `visit_actions.plan_visit`."""
    return visit_actions.plan_visit(
        actor=actor, customer_id=customer_id, planned_at=planned_at, purpose=purpose, **values
    )


def position(
    latitude: float = 31.2304, longitude: float = 121.4737, accuracy_m: float = 15.0
) -> visit_actions.Position:
    """A phone position (default: People's Square, Shanghai)."""
    return visit_actions.Position(latitude=latitude, longitude=longitude, accuracy_m=accuracy_m)
