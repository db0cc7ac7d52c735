"""Error codes of the leads domain and the refusals that carry them."""

from enum import StrEnum

from chengdan.core.errors import DomainError, localized


class LeadErrorCode(StrEnum):
    """Codes the SPA translates itself."""

    CONTACT_REQUIRED = "lead.contact_required"
    INVALID_REASON_REQUIRED = "lead.invalid_reason_required"
    CONVERTED = "lead.converted"
    STATUS_NOT_ALLOWED = "lead.status_not_allowed"
    BULK_TOO_LARGE = "lead.bulk_too_large"


class LeadError(DomainError):
    """A refusal from the leads domain."""

    @classmethod
    def contact_required(cls) -> "LeadError":
        """A captured lead needs some way to reach the person: mobile, e-mail or WeChat."""
        message = localized("手机、邮箱、微信至少填写一项。", "Give at least one of mobile, e-mail or WeChat.")
        fields = dict.fromkeys(("mobile", "email", "wechat"), message)
        return cls(LeadErrorCode.CONTACT_REQUIRED, message, fields=fields)

    @classmethod
    def invalid_reason_required(cls) -> "LeadError":
        """Marking a lead invalid must say why."""
        message = localized("请填写无效原因。", "Say why the lead is invalid.")
        return cls(LeadErrorCode.INVALID_REASON_REQUIRED, message, fields={"reason": message})

    @classmethod
    def converted(cls) -> "LeadError":
        """A converted lead keeps its status; its customer carries the work on."""
        return cls(
            LeadErrorCode.CONVERTED,
            localized("线索已转化，不能再更改状态或负责人。", "The lead is converted; its status and owner are final."),
            status=409,
        )

    @classmethod
    def status_not_allowed(cls, status: str) -> "LeadError":
        """Only new and working can be set directly; invalid needs a reason, converted needs a conversion."""
        message = localized(
            f"不能直接把状态改为 {status}（无效需填写原因，已转化需通过转化操作）。",
            f"Status {status} cannot be set directly (invalid needs a reason, converted needs a conversion).",
        )
        return cls(LeadErrorCode.STATUS_NOT_ALLOWED, message, fields={"status": message})

    @classmethod
    def bulk_too_large(cls, limit: int) -> "LeadError":
        """Bulk requests take at most `limit` records or rows."""
        return cls(
            LeadErrorCode.BULK_TOO_LARGE,
            localized(f"一次最多处理 {limit} 条记录。", f"At most {limit} records per request."),
        )
