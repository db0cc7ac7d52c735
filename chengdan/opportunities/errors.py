"""Error codes of the opportunities domain and the refusals that carry them."""

from enum import StrEnum

from chengdan.core.errors import DomainError, localized


class OpportunityErrorCode(StrEnum):
    """Codes the SPA translates itself."""

    GATE_FAILED = "opportunity.gate_failed"
    LOST_REASON_REQUIRED = "opportunity.lost_reason_required"
    CLOSED = "opportunity.closed"
    NOT_CLOSED = "opportunity.not_closed"
    STAGE_NOT_IN_PIPELINE = "opportunity.stage_not_in_pipeline"
    UNKNOWN_CURRENCY = "opportunity.unknown_currency"
    BULK_TOO_LARGE = "opportunity.bulk_too_large"
    PIPELINE_IN_USE = "opportunity.pipeline_in_use"


class OpportunityError(DomainError):
    """A refusal from the opportunities domain."""

    @classmethod
    def gate_failed(cls, stage_name: str, missing: list[dict[str, str]]) -> "OpportunityError":
        """The deal lacks what the target stage's gate requires; `missing` lists each requirement."""
        labels = "、".join(item["label"] for item in missing)
        labels_en = ", ".join(item.get("label_en") or item["code"] for item in missing)
        message = localized(f"进入「{stage_name}」前需要：{labels}", f"Before entering “{stage_name}” add: {labels_en}")
        return cls(OpportunityErrorCode.GATE_FAILED, message, extra={"missing": missing})

    @classmethod
    def lost_reason_required(cls) -> "OpportunityError":
        """A lost deal must say why, with an active reason from the configured list."""
        message = localized("请选择输单原因。", "Choose why the deal was lost.")
        return cls(OpportunityErrorCode.LOST_REASON_REQUIRED, message, fields={"lost_reason": message})

    @classmethod
    def closed(cls) -> "OpportunityError":
        """A won or lost deal only moves after it is reopened."""
        return cls(
            OpportunityErrorCode.CLOSED,
            localized("商机已关闭，请先重新打开。", "The deal is closed; reopen it first."),
            status=409,
        )

    @classmethod
    def not_closed(cls) -> "OpportunityError":
        """Only a won or lost deal can be reopened."""
        return cls(
            OpportunityErrorCode.NOT_CLOSED,
            localized("商机尚未关闭，无需重新打开。", "The deal is still open."),
            status=409,
        )

    @classmethod
    def stage_not_in_pipeline(cls, field: str = "stage_id") -> "OpportunityError":
        """The stage belongs to another pipeline, is inactive or does not exist."""
        message = localized("阶段不属于该销售流程。", "The stage is not part of this pipeline.")
        return cls(OpportunityErrorCode.STAGE_NOT_IN_PIPELINE, message, fields={field: message})

    @classmethod
    def unknown_currency(cls, currency: str) -> "OpportunityError":
        """No exchange rate is known for the currency on that day."""
        message = localized(f"没有币种 {currency} 的有效汇率。", f"No exchange rate for {currency}.")
        return cls(OpportunityErrorCode.UNKNOWN_CURRENCY, message, fields={"currency": message})

    @classmethod
    def bulk_too_large(cls, limit: int) -> "OpportunityError":
        """Bulk actions take at most `limit` records per request."""
        return cls(
            OpportunityErrorCode.BULK_TOO_LARGE,
            localized(f"一次最多处理 {limit} 条记录。", f"At most {limit} records per request."),
        )
