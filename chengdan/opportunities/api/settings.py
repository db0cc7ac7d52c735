"""HTTP endpoints of the pipeline settings: pipelines with stages, lost reasons, exchange rates, gates."""

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from chengdan.accounts.actor import actor_of
from chengdan.core.schemas import ERRORS, responses
from chengdan.opportunities import settings_actions, settings_queries
from chengdan.opportunities.models import ExchangeRate, LostReason
from chengdan.opportunities.settings_schemas import (
    ExchangeRateIn,
    ExchangeRateOut,
    GateRequirementOut,
    LostReasonOut,
    LostReasonsIn,
    PipelineIn,
    PipelineOut,
    PipelinePatch,
)

router = Router(tags=["opportunity-settings"])
PREFIX = "/opportunity-settings"


def _reason(reason: LostReason) -> dict[str, Any]:
    return {
        "id": reason.pk,
        "code": reason.code,
        "label": reason.label,
        "label_en": reason.label_en,
        "position": reason.position,
        "is_active": reason.is_active,
    }


def _rate(rate: ExchangeRate) -> dict[str, Any]:
    return {"id": rate.pk, "currency": rate.currency, "valid_from": rate.valid_from, "rate": str(rate.rate)}


def _pipeline(request: HttpRequest, pipeline_id: int) -> dict[str, Any]:
    return settings_queries.render_pipeline(settings_queries.get_pipeline(actor_of(request), pipeline_id))


@router.get(f"{PREFIX}/pipelines", response=responses(list[PipelineOut]))
def list_pipelines(request: HttpRequest) -> list[dict[str, Any]]:
    """Every pipeline with its stages in board order (settings or opportunities view right)."""
    return [
        settings_queries.render_pipeline(pipeline) for pipeline in settings_queries.list_pipelines(actor_of(request))
    ]


@router.post(f"{PREFIX}/pipelines", response=responses(PipelineOut, 201))
def create_pipeline(request: HttpRequest, payload: PipelineIn) -> Status[dict[str, Any]]:
    """Create a pipeline with its stages."""
    values = payload.dict()
    stages = values.pop("stages")
    pipeline = settings_actions.create_pipeline(actor=actor_of(request), values=values, stages=stages)
    return Status(201, _pipeline(request, pipeline.pk))


@router.patch(f"{PREFIX}/pipelines/{{pipeline_id}}", response=responses(PipelineOut))
def update_pipeline(request: HttpRequest, pipeline_id: int, payload: PipelinePatch) -> dict[str, Any]:
    """Edit a pipeline; `stages` replaces the list in place (stages keep their ids)."""
    values = payload.dict(exclude_unset=True)
    version = values.pop("version")
    settings_actions.update_pipeline(actor=actor_of(request), pipeline_id=pipeline_id, version=version, values=values)
    return _pipeline(request, pipeline_id)


@router.delete(f"{PREFIX}/pipelines/{{pipeline_id}}", response=responses(None, 204))
def delete_pipeline(request: HttpRequest, pipeline_id: int) -> Status[None]:
    """Delete a pipeline no deal uses (409 `opportunity.pipeline_in_use` otherwise)."""
    settings_actions.delete_pipeline(actor=actor_of(request), pipeline_id=pipeline_id)
    return Status(204, None)


@router.get(f"{PREFIX}/lost-reasons", response=responses(list[LostReasonOut]))
def list_lost_reasons(request: HttpRequest) -> list[dict[str, Any]]:
    """The lost-reason list in display order (inactive ones flagged)."""
    return [_reason(reason) for reason in settings_queries.list_lost_reasons(actor_of(request))]


@router.put(f"{PREFIX}/lost-reasons", response=responses(list[LostReasonOut]))
def replace_lost_reasons(request: HttpRequest, payload: LostReasonsIn) -> list[dict[str, Any]]:
    """Replace the lost-reason list; reasons deals cite are deactivated instead of deleted."""
    items = [item.dict() for item in payload.items]
    return [_reason(reason) for reason in settings_actions.replace_lost_reasons(actor=actor_of(request), items=items)]


@router.get(f"{PREFIX}/rates", response=responses(list[ExchangeRateOut]))
def list_rates(request: HttpRequest) -> list[dict[str, Any]]:
    """Every exchange rate (CNY per unit), by currency, newest first."""
    return [_rate(rate) for rate in settings_queries.list_rates(actor_of(request))]


@router.post(f"{PREFIX}/rates", response={200: ExchangeRateOut, 201: ExchangeRateOut, **ERRORS})
def save_rate(request: HttpRequest, payload: ExchangeRateIn) -> Status[dict[str, Any]]:
    """Add a rate (201), or replace the rate of the same currency and day (200)."""
    rate, created = settings_actions.save_exchange_rate(actor=actor_of(request), **payload.dict())
    return Status(201 if created else 200, _rate(rate))


@router.get(f"{PREFIX}/gate-requirements", response=responses(list[GateRequirementOut]))
def list_gate_requirements(request: HttpRequest) -> list[dict[str, str]]:
    """What a stage's gate may require, with labels in both languages."""
    return settings_queries.gate_requirements(actor_of(request))
