"""The default pipeline, lost reasons and currencies every installation starts with; admins edit them later."""

from decimal import Decimal
from typing import Any

DEFAULT_PIPELINE = ("标准销售流程", "Standard sales")
# (code, 中文, English, kind, probability %, SLA days, gate)
DEFAULT_STAGES: list[tuple[str, str, str, str, int, int | None, list[str]]] = [
    ("initial_contact", "初步接洽", "Initial contact", "open", 10, 14, []),
    ("needs_confirmed", "需求确认", "Needs confirmed", "open", 25, 21, ["contact"]),
    ("proposal", "方案报价", "Proposal / quote", "open", 50, 21, ["amount", "close_date"]),
    ("negotiation", "商务谈判", "Negotiation", "open", 75, 30, ["amount", "decision_maker", "close_date"]),
    ("won", "赢单", "Won", "won", 100, None, ["amount"]),
    ("lost", "输单", "Lost", "lost", 0, None, []),
]
DEFAULT_LOST_REASONS: list[tuple[str, str, str]] = [
    ("price", "价格过高", "Price too high"),
    ("competitor", "选择了竞争对手", "Chose a competitor"),
    ("no_budget", "预算取消", "No budget"),
    ("no_decision", "客户无决策", "No decision"),
    ("product_fit", "产品不匹配", "Product did not fit"),
    ("relationship", "关系不到位", "Relationship"),
    ("other", "其他", "Other"),
]
DEFAULT_RATES: list[tuple[str, str, Decimal]] = [
    ("USD", "2026-01-01", Decimal("7.10000000")),
    ("EUR", "2026-01-01", Decimal("7.80000000")),
    ("HKD", "2026-01-01", Decimal("0.91000000")),
    ("JPY", "2026-01-01", Decimal("0.04800000")),
]


def seed_pipeline(pipeline_model: Any, stage_model: Any, reason_model: Any, rate_model: Any) -> None:
    """Create the default pipeline, lost reasons and rates when none exist (never overwrite edits)."""
    if not pipeline_model.objects.exists():
        name, name_en = DEFAULT_PIPELINE
        pipeline = pipeline_model.objects.create(name=name, name_en=name_en, is_default=True)
        for position, (code, label, label_en, kind, probability, sla, gate) in enumerate(DEFAULT_STAGES):
            stage_model.objects.create(
                pipeline=pipeline,
                code=code,
                name=label,
                name_en=label_en,
                kind=kind,
                position=position,
                probability=probability,
                sla_days=sla,
                gate=gate,
            )
    for position, (code, label, label_en) in enumerate(DEFAULT_LOST_REASONS):
        reason_model.objects.get_or_create(
            code=code, defaults={"label": label, "label_en": label_en, "position": position}
        )
    for currency, valid_from, rate in DEFAULT_RATES:
        rate_model.objects.get_or_create(currency=currency, valid_from=valid_from, defaults={"rate": rate})


def seed_default_pipeline() -> None:
    """Seed with the current models (for fixtures that flushed the tables)."""
    from chengdan.opportunities.models import ExchangeRate, LostReason, Pipeline, Stage

    seed_pipeline(Pipeline, Stage, LostReason, ExchangeRate)
