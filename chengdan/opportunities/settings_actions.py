"""Admin writes on the pipeline settings: pipelines and their stages, lost reasons, exchange rates."""

import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Q

from chengdan.access import engine
from chengdan.accounts.models import Department, User
from chengdan.core.errors import NotFoundError, StaleVersionError
from chengdan.core.events import Event, diff, publish, snapshot
from chengdan.core.versioning import bump_version
from chengdan.opportunities.choices import GateRequirement, StageKind
from chengdan.opportunities.models import ExchangeRate, LostReason, Opportunity, Pipeline, Stage, StageChange
from chengdan.opportunities.permissions import OPPORTUNITY_SETTINGS
from chengdan.opportunities.settings_errors import invalid, invalid_fields, pipeline_in_use, pipeline_is_default

CODE_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
CURRENCY_PATTERN = re.compile(r"^[A-Z]{3}$")
RATE_STEP = Decimal("0.00000001")
RATE_LIMIT = Decimal("10000000000")
SLA_LIMIT = 3650
PIPELINE_FIELDS = ["name", "name_en", "department_id", "is_default", "is_active", "position"]
STAGE_FIELDS = ["code", "name", "name_en", "kind", "position", "probability", "sla_days", "gate", "is_active"]
REQUIRED = ("此项为必填项。", "This field is required.")


def _audit(name: str, subject: str, subject_id: object, label: str, actor: User, **details: Any) -> None:
    publish(Event(name, subject, str(subject_id), label[:255], actor.pk, **details))


def _stage_errors(index: int, raw: dict[str, Any], seen_codes: set[str]) -> dict[str, tuple[str, str]]:
    prefix = f"stages.{index}"
    errors: dict[str, tuple[str, str]] = {}
    code = raw["code"]
    if not CODE_PATTERN.match(code):
        errors[f"{prefix}.code"] = ("编码只能包含小写字母、数字和下划线。", "Use lowercase letters, digits and _.")
    elif code in seen_codes:
        errors[f"{prefix}.code"] = ("同一流程内阶段编码不能重复。", "Stage codes must be unique in a pipeline.")
    if not raw["name"]:
        errors[f"{prefix}.name"] = REQUIRED
    if raw["kind"] not in StageKind.values:
        errors[f"{prefix}.kind"] = ("阶段类型应为 open、won 或 lost。", "Kind must be open, won or lost.")
    if not 0 <= raw["probability"] <= 100:
        errors[f"{prefix}.probability"] = ("赢单概率应在 0 到 100 之间。", "Probability must be 0 to 100.")
    sla = raw["sla_days"]
    if sla is not None and not 1 <= sla <= SLA_LIMIT:
        errors[f"{prefix}.sla_days"] = (
            f"时限应在 1 到 {SLA_LIMIT} 天之间。",
            f"The limit must be 1 to {SLA_LIMIT} days.",
        )
    unknown = [code for code in raw["gate"] if code not in GateRequirement.values]
    if unknown:
        errors[f"{prefix}.gate"] = (
            f"未知的准入条件：{'、'.join(unknown)}",
            f"Unknown gate requirement: {', '.join(unknown)}",
        )
    return errors


def clean_stages(stages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Validate a stage list: codes, names, kinds, 0–100 %, gates; one+ open, exactly one won and one lost."""
    errors: dict[str, tuple[str, str]] = {}
    seen_codes: set[str] = set()
    seen_ids: set[int] = set()
    cleaned: list[dict[str, Any]] = []
    for index, given in enumerate(stages):
        raw: dict[str, Any] = {
            "id": given.get("id"),
            "code": str(given.get("code") or "").strip(),
            "name": str(given.get("name") or "").strip(),
            "name_en": str(given.get("name_en") or "").strip(),
            "kind": given.get("kind") or StageKind.OPEN,
            "probability": int(given.get("probability") or 0),
            "sla_days": given.get("sla_days"),
            # Order kept, repeats dropped: the gate reads as a checklist.
            "gate": list(dict.fromkeys(str(code) for code in given.get("gate") or [])),
            "is_active": bool(given.get("is_active", True)),
            "position": index,
        }
        errors.update(_stage_errors(index, raw, seen_codes))
        if raw["id"] is not None:
            if raw["id"] in seen_ids:
                errors[f"stages.{index}.id"] = ("同一阶段出现了两次。", "The same stage appears twice.")
            seen_ids.add(raw["id"])
        seen_codes.add(raw["code"])
        cleaned.append(raw)
    kinds = [stage["kind"] for stage in cleaned if stage["is_active"]]
    if not errors and (
        kinds.count(StageKind.OPEN) < 1 or kinds.count(StageKind.WON) != 1 or kinds.count(StageKind.LOST) != 1
    ):
        errors["stages"] = (
            "销售流程需要至少一个进行中阶段，且恰好一个赢单阶段和一个输单阶段。",
            "A pipeline needs at least one open stage, exactly one won stage and exactly one lost stage.",
        )
    if errors:
        raise invalid_fields(errors)
    return cleaned


def _stage_state(stages: list[Stage]) -> dict[str, dict[str, Any]]:
    return {stage.code: snapshot(stage, STAGE_FIELDS[1:]) for stage in stages}


def _stages_in_use(stage_ids: list[int]) -> tuple[set[int], set[int]]:
    """(stages holding deals now, stages deals hold or passed through): the second may not be deleted."""
    holding = set(Opportunity.objects.filter(stage_id__in=stage_ids).values_list("stage_id", flat=True).distinct())
    history = StageChange.objects.filter(Q(from_stage_id__in=stage_ids) | Q(to_stage_id__in=stage_ids))
    passed = set(history.values_list("from_stage_id", flat=True)) | set(history.values_list("to_stage_id", flat=True))
    return holding, holding | passed


def _sync_stages(pipeline: Pipeline, cleaned: list[dict[str, Any]]) -> dict[str, list[str]]:
    """Update stages in place by id, create new ones; removed ones are deactivated if used, else deleted."""
    existing = {stage.pk: stage for stage in Stage.objects.select_for_update().filter(pipeline=pipeline).order_by("pk")}
    holding, used = _stages_in_use(list(existing))
    given_ids = {item["id"] for item in cleaned if item["id"] is not None}
    removed = [stage for pk, stage in existing.items() if pk not in given_ids]
    kept_codes = {stage.code for stage in removed if stage.pk in used}
    errors: dict[str, tuple[str, str]] = {}
    for index, item in enumerate(cleaned):
        stage = existing.get(item["id"]) if item["id"] is not None else None
        if item["id"] is not None and stage is None:
            errors[f"stages.{index}.id"] = ("该阶段不属于此销售流程。", "This stage is not part of the pipeline.")
        elif stage is not None and stage.pk in holding and stage.kind != item["kind"]:
            errors[f"stages.{index}.kind"] = (
                "阶段中已有商机，不能更改类型。",
                "Deals are in this stage; its kind cannot change.",
            )
        if item["code"] in kept_codes:
            errors[f"stages.{index}.code"] = (
                "与一个停用的阶段编码相同。",
                "A deactivated stage already uses this code.",
            )
    if errors:
        raise invalid_fields(errors)
    summary: dict[str, list[str]] = {"created": [], "updated": [], "deactivated": [], "deleted": []}
    for stage in removed:
        if stage.pk in used:
            continue
        summary["deleted"].append(stage.code)
        stage.delete()
    # Codes may be swapped between stages in one edit: park the changing ones so the unique index holds.
    for item in cleaned:
        stage = existing.get(item["id"]) if item["id"] is not None else None
        if stage is not None and stage.code != item["code"]:
            Stage.objects.filter(pk=stage.pk).update(code=f"_{stage.pk}")
    for item in cleaned:
        values = {name: item[name] for name in STAGE_FIELDS}
        stage = existing.get(item["id"]) if item["id"] is not None else None
        if stage is None:
            Stage.objects.create(pipeline=pipeline, **values)
            summary["created"].append(item["code"])
            continue
        before = snapshot(stage, STAGE_FIELDS)
        for name, value in values.items():
            setattr(stage, name, value)
        stage.save()
        if snapshot(stage, STAGE_FIELDS) != before:
            summary["updated"].append(item["code"])
    for offset, stage in enumerate(stage for stage in removed if stage.pk in used):
        stage.is_active = False
        stage.position = len(cleaned) + offset
        stage.save(update_fields=["is_active", "position"])
        summary["deactivated"].append(stage.code)
    return summary


def _clean_pipeline(values: dict[str, Any]) -> dict[str, Any]:
    cleaned = dict(values)
    errors: dict[str, tuple[str, str]] = {}
    for name in ("name", "name_en"):
        if name in cleaned:
            cleaned[name] = str(cleaned[name] or "").strip()
    if "name" in cleaned and not cleaned["name"]:
        errors["name"] = REQUIRED
    department_id = cleaned.get("department_id")
    if department_id is not None and not Department.objects.filter(pk=department_id).exists():
        errors["department_id"] = ("部门不存在。", "No such department.")
    if errors:
        raise invalid_fields(errors)
    return cleaned


def _lock_defaults(pipeline_id: int | None = None) -> dict[int, Pipeline]:
    """Lock the target pipeline and the current default together, in primary-key order."""
    condition = Q(is_default=True) if pipeline_id is None else Q(is_default=True) | Q(pk=pipeline_id)
    return {pipeline.pk: pipeline for pipeline in Pipeline.objects.select_for_update().filter(condition).order_by("pk")}


def _clear_other_defaults(pipeline: Pipeline) -> None:
    # Only one default: the board and new deals fall back to it.
    Pipeline.objects.filter(is_default=True).exclude(pk=pipeline.pk).update(is_default=False, version=F("version") + 1)


def create_pipeline(*, actor: User, values: dict[str, Any], stages: list[dict[str, Any]]) -> Pipeline:
    """Create a pipeline with its stages; the first pipeline, or one marked default, becomes the default."""
    engine.require_action(actor, OPPORTUNITY_SETTINGS.resource, "create")
    cleaned = _clean_pipeline({name: values[name] for name in PIPELINE_FIELDS if name in values})
    stage_values = clean_stages(stages)
    with transaction.atomic():
        defaults = _lock_defaults()
        if not defaults:
            cleaned["is_default"] = True
        if cleaned.get("is_default"):
            cleaned["is_active"] = True
        pipeline = Pipeline.objects.create(**cleaned)
        if pipeline.is_default:
            _clear_other_defaults(pipeline)
        summary = _sync_stages(pipeline, [{**item, "id": None} for item in stage_values])
        after = snapshot(pipeline, PIPELINE_FIELDS)
        _audit(
            "pipeline.created",
            "opportunity_pipelines",
            pipeline.pk,
            pipeline.name,
            actor,
            changes=diff({}, {**after, "stages": _stage_state(list(pipeline.stages.all()))}),
            data=summary,
        )
    return pipeline


def update_pipeline(*, actor: User, pipeline_id: int, version: int, values: dict[str, Any]) -> Pipeline:
    """Edit a pipeline; `stages`, when given, replaces the list in place (ids kept, used stages never deleted)."""
    engine.require_action(actor, OPPORTUNITY_SETTINGS.resource, "edit")
    stages = values.get("stages")
    cleaned = _clean_pipeline({name: values[name] for name in PIPELINE_FIELDS if name in values})
    stage_values = clean_stages(stages) if stages is not None else None
    with transaction.atomic():
        pipeline = _lock_defaults(pipeline_id).get(pipeline_id)
        if pipeline is None:
            raise NotFoundError()
        if pipeline.version != version:
            raise StaleVersionError(pipeline)
        if pipeline.is_default and (cleaned.get("is_default") is False or cleaned.get("is_active") is False):
            raise pipeline_is_default()
        before = {**snapshot(pipeline, PIPELINE_FIELDS), "stages": _stage_state(list(pipeline.stages.all()))}
        for name, value in cleaned.items():
            if value is not None or name == "department_id":
                setattr(pipeline, name, value)
        if pipeline.is_default:
            pipeline.is_active = True
            _clear_other_defaults(pipeline)
        summary = _sync_stages(pipeline, stage_values) if stage_values is not None else {}
        bump_version(pipeline)
        pipeline.save()
        after = {**snapshot(pipeline, PIPELINE_FIELDS), "stages": _stage_state(list(pipeline.stages.all()))}
        changes = diff(before, after)
        _audit(
            "pipeline.updated",
            "opportunity_pipelines",
            pipeline.pk,
            pipeline.name,
            actor,
            changes=changes,
            data=summary,
        )
    return pipeline


def delete_pipeline(*, actor: User, pipeline_id: int) -> None:
    """Delete a pipeline nobody uses; one with deals is refused (409) and the default one too."""
    engine.require_action(actor, OPPORTUNITY_SETTINGS.resource, "delete")
    with transaction.atomic():
        pipeline = Pipeline.objects.select_for_update().filter(pk=pipeline_id).first()
        if pipeline is None:
            raise NotFoundError()
        if pipeline.is_default:
            raise pipeline_is_default()
        count = Opportunity.objects.filter(pipeline=pipeline).count()
        if count:
            raise pipeline_in_use(count)
        stages = list(pipeline.stages.all())
        before = {**snapshot(pipeline, PIPELINE_FIELDS), "stages": _stage_state(stages)}
        _audit("pipeline.deleted", "opportunity_pipelines", pipeline.pk, pipeline.name, actor, changes=diff(before, {}))
        pipeline.delete()


def _clean_reasons(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    errors: dict[str, tuple[str, str]] = {}
    seen: set[str] = set()
    cleaned = []
    for index, item in enumerate(items):
        code = str(item.get("code") or "").strip()
        label = str(item.get("label") or "").strip()
        if not CODE_PATTERN.match(code):
            errors[f"items.{index}.code"] = (
                "编码只能包含小写字母、数字和下划线。",
                "Use lowercase letters, digits and _.",
            )
        elif code in seen:
            errors[f"items.{index}.code"] = ("编码重复。", "Codes must be unique.")
        if not label:
            errors[f"items.{index}.label"] = REQUIRED
        seen.add(code)
        cleaned.append(
            {
                "code": code,
                "label": label,
                "label_en": str(item.get("label_en") or "").strip(),
                "is_active": bool(item.get("is_active", True)),
                "position": index,
            }
        )
    if not errors and not any(item["is_active"] for item in cleaned):
        errors["items"] = ("至少需要一个启用的输单原因。", "Keep at least one active lost reason.")
    if errors:
        raise invalid_fields(errors)
    return cleaned


def replace_lost_reasons(*, actor: User, items: list[dict[str, Any]]) -> list[LostReason]:
    """Replace the lost-reason list; reasons deals already cite are deactivated, never deleted."""
    engine.require_action(actor, OPPORTUNITY_SETTINGS.resource, "edit")
    cleaned = _clean_reasons(items)
    fields = ["label", "label_en", "position", "is_active"]
    with transaction.atomic():
        existing = {reason.code: reason for reason in LostReason.objects.select_for_update().order_by("pk")}
        before = {code: snapshot(reason, fields) for code, reason in existing.items()}
        for item in cleaned:
            reason = existing.get(item["code"]) or LostReason(code=item["code"])
            for name in fields:
                setattr(reason, name, item[name])
            reason.save()
        missing = [code for code in existing if code not in {item["code"] for item in cleaned}]
        cited = set(
            Opportunity.objects.filter(lost_reason__in=missing).values_list("lost_reason", flat=True).distinct()
        )
        for offset, code in enumerate(missing):
            if code in cited:
                LostReason.objects.filter(code=code).update(is_active=False, position=len(cleaned) + offset)
            else:
                LostReason.objects.filter(code=code).delete()
        reasons = list(LostReason.objects.order_by("position", "id"))
        after = {reason.code: snapshot(reason, fields) for reason in reasons}
        changes = diff({"lost_reasons": before}, {"lost_reasons": after})
        _audit("lost_reasons.replaced", "opportunity_lost_reasons", "", "输单原因", actor, changes=changes)
    return reasons


def _clean_rate(currency: str, rate: Decimal) -> tuple[str, Decimal]:
    errors: dict[str, tuple[str, str]] = {}
    currency = currency.strip()
    if not CURRENCY_PATTERN.match(currency):
        errors["currency"] = (
            "币种应为 3 个大写字母（ISO 4217），如 USD。",
            "Use the 3 upper-case letters of ISO 4217, e.g. USD.",
        )
    elif currency == "CNY":
        errors["currency"] = ("人民币汇率固定为 1。", "CNY is always 1.")
    try:
        rounded = rate.quantize(RATE_STEP, rounding=ROUND_HALF_UP) if rate.is_finite() else Decimal(0)
    except InvalidOperation:
        rounded = Decimal(0)
    if not Decimal(0) < rounded < RATE_LIMIT:
        errors["rate"] = ("汇率应大于 0。", "The rate must be greater than 0.")
    if errors:
        raise invalid_fields(errors)
    return currency, rounded


def save_exchange_rate(*, actor: User, currency: str, valid_from: date, rate: Decimal) -> tuple[ExchangeRate, bool]:
    """Add the CNY rate of a currency from a day on; the same currency and day replaces it. Returns (rate, created)."""
    engine.require_action(actor, OPPORTUNITY_SETTINGS.resource, "create")
    currency, rate = _clean_rate(currency, rate)
    with transaction.atomic():
        record = ExchangeRate.objects.select_for_update().filter(currency=currency, valid_from=valid_from).first()
        created = record is None
        if record is None:
            try:
                with transaction.atomic():
                    record = ExchangeRate.objects.create(currency=currency, valid_from=valid_from, rate=rate)
            except IntegrityError:
                # Someone added the same day's rate a moment ago; let the admin look before replacing it.
                raise invalid(
                    "valid_from", "该币种当天的汇率刚被添加，请刷新后再试。", "That rate was just added; reload."
                ) from None
            before = None
        else:
            engine.require_action(actor, OPPORTUNITY_SETTINGS.resource, "edit")
            before = str(record.rate)
            record.rate = rate
            record.save(update_fields=["rate"])
        label = f"{currency} {valid_from.isoformat()}"
        name = "exchange_rate.created" if created else "exchange_rate.updated"
        _audit(name, "opportunity_exchange_rates", record.pk, label, actor, changes={"rate": (before, str(rate))})
    return record, created
