"""Test helpers: leads created through the real actions."""

from typing import Any

from chengdan.accounts.models import User
from chengdan.leads import actions, capture
from chengdan.leads.models import Lead

_counter = {"mobile": 13600000000}


def next_mobile() -> str:
    """A fresh valid mobile number for each call, so leads never collide by accident."""
    _counter["mobile"] += 1
    return str(_counter["mobile"])


def make_lead(actor: User, **values: Any) -> Lead:
    """Create a lead by hand through `actions.create_lead` (owner_id may name a colleague in reach)."""
    owner_id = values.pop("owner_id", None)
    values.setdefault("name", "张三")
    values.setdefault("mobile", next_mobile())
    values.setdefault("source", "phone")
    return actions.create_lead(actor=actor, values=values, owner_id=owner_id)


def capture_lead(
    actor: User | None, source: str = "api", key: str | None = None, **values: Any
) -> capture.CaptureResult:
    """Capture a lead through `capture.capture_lead` (rules, dedupe and scoring apply)."""
    values.setdefault("name", "李四")
    return capture.capture_lead(source=source, values=values, submission_key=key, actor=actor)
