"""Reads of the pipeline settings: pipelines with stages, lost reasons, exchange rates, gate requirements."""

from typing import Any

from django.db.models import Prefetch, QuerySet

from chengdan.access import engine
from chengdan.core.errors import NotFoundError
from chengdan.core.records import register_renderer
from chengdan.opportunities.choices import GateRequirement
from chengdan.opportunities.models import ExchangeRate, LostReason, Pipeline, Stage
from chengdan.opportunities.permissions import OPPORTUNITIES, OPPORTUNITY_SETTINGS

GATE_LABELS_EN: dict[str, str] = {
    GateRequirement.AMOUNT: "Amount",
    GateRequirement.CLOSE_DATE: "Expected close date",
    GateRequirement.DECISION_MAKER: "Decision-maker contact",
    GateRequirement.CONTACT: "At least one contact",
    GateRequirement.PRODUCT_LINES: "Product lines",
    GateRequirement.NEXT_STEP: "Next step",
    GateRequirement.COMPETITORS: "Competitors",
    GateRequirement.SENT_QUOTE: "Quote sent",
}


def require_settings_read(actor: Any) -> None:
    """Reps read the settings to use the board: either right is enough (403 otherwise)."""
    if engine.has_action(actor, OPPORTUNITY_SETTINGS.resource, "view"):
        return
    if engine.has_action(actor, OPPORTUNITIES.resource, "view"):
        return
    raise engine.denied(OPPORTUNITY_SETTINGS.resource, "view")


def with_stages(queryset: QuerySet[Pipeline]) -> QuerySet[Pipeline]:
    """Pipelines with their stages in board order, in one extra query."""
    return queryset.prefetch_related(Prefetch("stages", queryset=Stage.objects.order_by("position", "id")))


def render_stage(stage: Stage) -> dict[str, Any]:
    """A stage as StageOut."""
    return {
        "id": stage.pk,
        "code": stage.code,
        "name": stage.name,
        "name_en": stage.name_en,
        "kind": stage.kind,
        "position": stage.position,
        "probability": stage.probability,
        "sla_days": stage.sla_days,
        "gate": list(stage.gate or []),
        "is_active": stage.is_active,
    }


def render_pipeline(pipeline: Pipeline) -> dict[str, Any]:
    """A pipeline as PipelineOut (its stages must be prefetched through `with_stages`)."""
    return {
        "id": pipeline.pk,
        "name": pipeline.name,
        "name_en": pipeline.name_en,
        "department_id": pipeline.department_id,
        "is_default": pipeline.is_default,
        "is_active": pipeline.is_active,
        "position": pipeline.position,
        "version": pipeline.version,
        "stages": [render_stage(stage) for stage in pipeline.stages.all()],
    }


def _render_current(actor: Any, pipeline: Pipeline) -> dict[str, Any]:
    # 409 answers carry the current pipeline; settings have no field rules.
    return render_pipeline(with_stages(Pipeline.objects.filter(pk=pipeline.pk)).get())


register_renderer(Pipeline, _render_current)


def list_pipelines(actor: Any) -> list[Pipeline]:
    """Every pipeline (inactive ones too, flagged) with its stages; two queries."""
    require_settings_read(actor)
    return list(with_stages(Pipeline.objects.all()))


def get_pipeline(actor: Any, pipeline_id: int) -> Pipeline:
    """One pipeline with its stages, or 404."""
    require_settings_read(actor)
    pipeline = with_stages(Pipeline.objects.filter(pk=pipeline_id)).first()
    if pipeline is None:
        raise NotFoundError()
    return pipeline


def list_lost_reasons(actor: Any) -> list[LostReason]:
    """The lost-reason list in display order, inactive ones included (flagged)."""
    require_settings_read(actor)
    return list(LostReason.objects.order_by("position", "id"))


def list_rates(actor: Any) -> list[ExchangeRate]:
    """Every exchange rate, by currency and newest first."""
    require_settings_read(actor)
    return list(ExchangeRate.objects.order_by("currency", "-valid_from"))


def gate_requirements(actor: Any) -> list[dict[str, str]]:
    """What a stage's gate may require, with Chinese and English labels."""
    require_settings_read(actor)
    return [
        {"code": str(code), "label": str(label), "label_en": GATE_LABELS_EN.get(code, str(code))}
        for code, label in GateRequirement.choices
    ]
