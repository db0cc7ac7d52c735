"""Error codes of the pipeline settings (pipelines, stages, lost reasons, rates) and their refusals."""

from enum import StrEnum

from chengdan.core.errors import DomainError, ErrorCode, localized


class SettingsErrorCode(StrEnum):
    """Codes the SPA translates itself."""

    PIPELINE_IN_USE = "opportunity.pipeline_in_use"
    PIPELINE_IS_DEFAULT = "opportunity.pipeline_is_default"


def invalid(field: str, zh: str, en: str) -> DomainError:
    """A 422 naming one field."""
    return DomainError(ErrorCode.VALIDATION_ERROR, fields={field: localized(zh, en)})


def invalid_fields(fields: dict[str, tuple[str, str]]) -> DomainError:
    """A 422 naming several fields, each with its two messages."""
    return DomainError(ErrorCode.VALIDATION_ERROR, fields={name: localized(*pair) for name, pair in fields.items()})


def pipeline_in_use(count: int) -> DomainError:
    """A pipeline that still has deals cannot be deleted (deactivate it instead)."""
    message = localized(
        f"该销售流程下还有 {count} 个商机，不能删除；可以停用它。",
        f"{count} deals use this pipeline; deactivate it instead of deleting it.",
    )
    return DomainError(SettingsErrorCode.PIPELINE_IN_USE, message, status=409, extra={"opportunity_count": count})


def pipeline_is_default() -> DomainError:
    """The default pipeline stays until another one becomes the default."""
    message = localized(
        "这是默认销售流程；请先把另一个流程设为默认。",
        "This is the default pipeline; make another one the default first.",
    )
    return DomainError(SettingsErrorCode.PIPELINE_IS_DEFAULT, message, status=409)
