"""Request and response bodies of the pipeline settings: pipelines with stages, lost reasons, rates, gates."""

from datetime import date
from decimal import Decimal

from ninja import Schema
from pydantic import Field

from chengdan.core.schemas import InputSchema


class StageIn(InputSchema):
    """One stage of a pipeline as the editor sends it; `id` names an existing stage to update in place."""

    id: int | None = None
    code: str = Field(max_length=40)
    name: str = Field(max_length=60)
    name_en: str = Field("", max_length=60)
    kind: str = "open"
    probability: int = 10
    sla_days: int | None = None
    gate: list[str] = Field(default_factory=list, max_length=20)
    is_active: bool = True


class PipelineIn(InputSchema):
    """A new pipeline with its stages in board order."""

    name: str = Field(max_length=60)
    name_en: str = Field("", max_length=60)
    department_id: int | None = None
    is_default: bool = False
    is_active: bool = True
    position: int = Field(0, ge=0, le=10000)
    stages: list[StageIn] = Field(max_length=50)


class PipelinePatch(InputSchema):
    """Changes to a pipeline; `stages`, when given, is the whole new list (stages keep their ids)."""

    version: int
    name: str | None = Field(None, max_length=60)
    name_en: str | None = Field(None, max_length=60)
    department_id: int | None = None
    is_default: bool | None = None
    is_active: bool | None = None
    position: int | None = Field(None, ge=0, le=10000)
    stages: list[StageIn] | None = Field(None, max_length=50)


class StageOut(Schema):
    """A stage with its default probability, time limit (days) and entry gate."""

    id: int
    code: str
    name: str
    name_en: str
    kind: str
    position: int
    probability: int
    sla_days: int | None
    gate: list[str]
    is_active: bool


class PipelineOut(Schema):
    """A pipeline with its stages in board order (inactive stages last)."""

    id: int
    name: str
    name_en: str
    department_id: int | None
    is_default: bool
    is_active: bool
    position: int
    version: int
    stages: list[StageOut]


class LostReasonIn(InputSchema):
    """One entry of the lost-reason list; its position is its place in the list."""

    code: str = Field(max_length=40)
    label: str = Field(max_length=60)
    label_en: str = Field("", max_length=60)
    is_active: bool = True


class LostReasonsIn(InputSchema):
    """The whole new lost-reason list, in display order."""

    items: list[LostReasonIn] = Field(max_length=100)


class LostReasonOut(Schema):
    """A reason a deal may be lost."""

    id: int
    code: str
    label: str
    label_en: str
    position: int
    is_active: bool


class ExchangeRateIn(InputSchema):
    """CNY per one unit of `currency` from `valid_from` on; the same currency and day replaces the rate."""

    currency: str = Field(max_length=10)
    valid_from: date
    rate: Decimal


class ExchangeRateOut(Schema):
    """One rate; `rate` is an exact decimal string."""

    id: int
    currency: str
    valid_from: date
    rate: str


class GateRequirementOut(Schema):
    """A requirement a stage's gate may name, with its labels."""

    code: str
    label: str
    label_en: str
