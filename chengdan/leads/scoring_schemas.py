"""Request and response bodies of the lead scoring rules (/lead-settings/scoring-rules)."""

from typing import Any

from ninja import Schema
from pydantic import Field

from chengdan.core.schemas import InputSchema


class ScoringRuleIn(InputSchema):
    """A new rule: `field` (a lead attribute or "follow_ups"), an operator, its value and the points."""

    name: str = Field(max_length=60)
    field: str = Field(max_length=40)
    operator: str = Field(max_length=10)
    value: Any = None
    points: int = Field(ge=-1000, le=1000)
    position: int = Field(0, ge=0, le=10000)
    is_active: bool = True


class ScoringRulePatch(InputSchema):
    """Changes to a rule; absent keys stay as they are."""

    name: str | None = Field(None, max_length=60)
    field: str | None = Field(None, max_length=40)
    operator: str | None = Field(None, max_length=10)
    value: Any = None
    points: int | None = Field(None, ge=-1000, le=1000)
    position: int | None = Field(None, ge=0, le=10000)
    is_active: bool | None = None


class ScoringRuleOut(Schema):
    """A scoring rule as the settings page shows it."""

    id: int
    name: str
    field: str
    operator: str
    value: Any = None
    points: int
    position: int
    is_active: bool


class ScoringRuleWriteOut(ScoringRuleOut):
    """A rule after a change, with how many leads the rescore changed."""

    rescored: int
