"""Error codes of the work-reports domain and the refusals that carry them."""

from enum import StrEnum

from chengdan.core.errors import DomainError, ErrorCode, localized


class ReportErrorCode(StrEnum):
    """Codes the SPA translates itself."""

    SUBMITTED = "work_report.submitted"
    NOT_SUBMITTED = "work_report.not_submitted"
    COMMENTED = "work_report.commented"
    NOT_AUTHOR = "work_report.not_author"
    SECTIONS_REQUIRED = "work_report.sections_required"
    TEMPLATE_EXISTS = "report_template.exists"
    TEMPLATE_DEFAULT = "report_template.default"


class ReportError(DomainError):
    """A refusal from the work-reports domain."""

    @classmethod
    def invalid(cls, field: str, zh: str, en: str) -> "ReportError":
        """A 422 naming one field."""
        return cls(ErrorCode.VALIDATION_ERROR, fields={field: localized(zh, en)})

    @classmethod
    def submitted(cls) -> "ReportError":
        """A submitted report is frozen: withdraw it first (while nobody has commented)."""
        return cls(
            ReportErrorCode.SUBMITTED,
            localized("报告已提交，请先撤回再修改。", "The report is submitted; withdraw it before editing."),
            status=409,
        )

    @classmethod
    def not_submitted(cls) -> "ReportError":
        """Only a submitted report can be commented on or withdrawn."""
        return cls(
            ReportErrorCode.NOT_SUBMITTED,
            localized("报告尚未提交。", "The report has not been submitted."),
            status=409,
        )

    @classmethod
    def commented(cls) -> "ReportError":
        """Once a reader has commented, the report stays submitted."""
        return cls(
            ReportErrorCode.COMMENTED,
            localized("报告已有批阅，不能撤回。", "The report has been commented on and can no longer be withdrawn."),
            status=409,
        )

    @classmethod
    def not_author(cls) -> "ReportError":
        """Only its author writes, submits or withdraws a report."""
        return cls(
            ReportErrorCode.NOT_AUTHOR,
            localized("只有报告的作者可以这样做。", "Only the report's author can do this."),
            status=403,
        )

    @classmethod
    def sections_required(cls, fields: dict[str, str]) -> "ReportError":
        """Sections the template marks as required are empty."""
        return cls(
            ReportErrorCode.SECTIONS_REQUIRED,
            localized("请填写必填的栏目。", "Fill in the required sections."),
            fields=fields,
        )

    @classmethod
    def template_exists(cls) -> "ReportError":
        """One template per kind and department."""
        return cls(
            ReportErrorCode.TEMPLATE_EXISTS,
            localized("该部门已有此类报告模板。", "This department already has a template of this kind."),
            status=409,
        )

    @classmethod
    def template_default(cls) -> "ReportError":
        """The default templates (no department) cannot be deleted."""
        return cls(
            ReportErrorCode.TEMPLATE_DEFAULT,
            localized("默认模板不能删除。", "The default template cannot be deleted."),
            status=409,
        )
