"""Error codes of the customers domain and the refusals that carry them."""

from enum import StrEnum
from typing import Any

from chengdan.core.errors import DomainError, localized


class CustomerErrorCode(StrEnum):
    """Codes the SPA translates itself."""

    DUPLICATE = "customer.duplicate"
    DUPLICATE_CREDIT_CODE = "customer.duplicate_credit_code"
    BULK_TOO_LARGE = "customer.bulk_too_large"
    MERGE_SAME = "customer.merge_same"
    MERGE_ALREADY_UNDONE = "customer.merge_already_undone"
    MERGE_NOT_LATEST = "customer.merge_not_latest"
    IMPORT_NOT_READY = "import.not_ready"
    IMPORT_INVALID_ROWS = "import.invalid_rows"
    JOB_FINISHED = "job.finished"
    HAS_RECORDS = "customer.has_records"


class CustomerError(DomainError):
    """A refusal from the customers domain."""

    @classmethod
    def duplicate(cls, candidates: list[dict[str, Any]]) -> "CustomerError":
        """Similar customers exist; the caller may confirm and create anyway."""
        message = localized(
            "可能与已有客户重复，请确认后再保存。", "This may duplicate an existing customer; confirm to save anyway."
        )
        return cls(CustomerErrorCode.DUPLICATE, message, status=409, extra={"candidates": candidates})

    @classmethod
    def duplicate_credit_code(cls, candidates: list[dict[str, Any]]) -> "CustomerError":
        """The same legal entity is already a customer: one credit code, one customer."""
        message = localized(
            "统一社会信用代码已被其他客户使用。", "Another customer already has this unified social credit code."
        )
        return cls(
            CustomerErrorCode.DUPLICATE_CREDIT_CODE,
            message,
            fields={"credit_code": message},
            status=409,
            extra={"candidates": candidates},
        )

    @classmethod
    def bulk_too_large(cls, limit: int) -> "CustomerError":
        """Bulk actions take at most `limit` records per request."""
        return cls(
            CustomerErrorCode.BULK_TOO_LARGE,
            localized(f"一次最多处理 {limit} 条记录。", f"At most {limit} records per request."),
        )
