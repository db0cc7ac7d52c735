"""HTTP endpoints for moving customers in and out: the import wizard and the exports."""

from typing import Any

from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from ninja import File, Query, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import Field

from chengdan.accounts.actor import actor_of
from chengdan.core.errors import DomainError, ErrorCode, is_english
from chengdan.core.schemas import InputSchema, responses
from chengdan.customers import exports, imports
from chengdan.customers.api.customers import to_filters
from chengdan.customers.models import ExportJob, ImportJob
from chengdan.customers.schemas import CustomerFiltersIn

router = Router(tags=["customer import and export"])


class ImportJobOut(Schema):
    id: int
    filename: str
    file_format: str
    mapping: dict[str, str]
    mode: str
    is_dry_run: bool
    skip_invalid: bool
    status: str
    total_rows: int
    processed_rows: int
    created_count: int
    updated_count: int
    error_count: int
    message: str
    created_at: Any
    finished_at: Any = None


class PreviewRowOut(Schema):
    row: int
    cells: list[Any]
    errors: list[str]
    action: str


class PreviewOut(Schema):
    headers: list[str]
    mapping: dict[str, str]
    rows: list[PreviewRowOut]


class UploadOut(Schema):
    job: ImportJobOut
    preview: PreviewOut


class MappingIn(InputSchema):
    mapping: dict[str, str] | None = None


class RunIn(InputSchema):
    mapping: dict[str, str]
    mode: str = Field("create", pattern="^(create|update|upsert)$")
    dry_run: bool = False
    skip_invalid: bool = False


class TargetOut(Schema):
    key: str
    label: str


class TemplateIn(InputSchema):
    name: str = Field(..., min_length=1, max_length=60)
    mapping: dict[str, str]
    is_shared: bool = True


class TemplateOut(Schema):
    id: int
    name: str
    mapping: dict[str, str]
    is_shared: bool


class ExportJobOut(Schema):
    id: int
    status: str
    row_count: int
    message: str
    created_at: Any
    finished_at: Any = None


class ExportIn(InputSchema):
    filters: dict[str, Any] = Field(default_factory=dict)


def _job(job: ImportJob) -> dict[str, Any]:
    return {name: getattr(job, name) for name in ImportJobOut.model_fields}


@router.get("/import-fields", response=responses(list[TargetOut]))
def import_fields(request: HttpRequest) -> list[dict[str, Any]]:
    """The fields a column can be mapped to, labelled in the caller's language."""
    english = is_english()
    return [
        {"key": target.key, "label": target.labels[1] if english and len(target.labels) > 1 else target.labels[0]}
        for target in imports.import_targets(actor_of(request))
    ]


@router.post("/imports", response=responses(UploadOut, 201))
def upload_import(request: HttpRequest, file: File[UploadedFile]) -> Status[dict[str, Any]]:
    """Upload a spreadsheet: it is checked, its header found and its columns mapped automatically."""
    actor = actor_of(request)
    job, _table = imports.start_import(actor=actor, upload=file)
    preview = imports.preview_import(actor=actor, job_id=job.pk, mapping=job.mapping or None)
    return Status(201, {"job": _job(job), "preview": preview})


@router.get("/imports/{job_id}", response=responses(ImportJobOut))
def get_import(request: HttpRequest, job_id: int) -> dict[str, Any]:
    """An import's status and progress."""
    return _job(imports.get_job(actor_of(request), job_id))


@router.post("/imports/{job_id}/preview", response=responses(PreviewOut))
def preview_import(request: HttpRequest, job_id: int, payload: MappingIn) -> dict[str, Any]:
    """The first rows under a mapping with their validation results."""
    return imports.preview_import(actor=actor_of(request), job_id=job_id, mapping=payload.mapping)


@router.post("/imports/{job_id}/run", response=responses(ImportJobOut, 202))
def run_import(request: HttpRequest, job_id: int, payload: RunIn) -> Status[dict[str, Any]]:
    """Start the import (or a dry run) in the background."""
    job = imports.queue_import(actor=actor_of(request), job_id=job_id, **payload.dict())
    return Status(202, _job(job))


@router.post("/imports/{job_id}/cancel", response=responses(ImportJobOut))
def cancel_import(request: HttpRequest, job_id: int) -> dict[str, Any]:
    """Stop an import after its current batch."""
    return _job(imports.cancel_import(actor=actor_of(request), job_id=job_id))


@router.get("/imports/{job_id}/errors", response=responses(None))
def import_errors(request: HttpRequest, job_id: int) -> HttpResponse:
    """The rejected rows as .xlsx: the original cells plus a column with the reasons."""
    job = imports.get_job(actor_of(request), job_id)
    content = imports.error_report(job)
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="import-{job.pk}-errors.xlsx"'
    return response


@router.get("/import-templates", response=responses(list[TemplateOut]))
def list_templates(request: HttpRequest) -> list[dict[str, Any]]:
    """Saved column mappings (own and shared)."""
    return [
        {"id": t.pk, "name": t.name, "mapping": t.mapping, "is_shared": t.is_shared}
        for t in imports.list_templates(actor_of(request))
    ]


@router.post("/import-templates", response=responses(TemplateOut, 201))
def save_template(request: HttpRequest, payload: TemplateIn) -> Status[dict[str, Any]]:
    """Save a column mapping, e.g. for another CRM's export."""
    template = imports.save_template(actor=actor_of(request), **payload.dict())
    return Status(
        201, {"id": template.pk, "name": template.name, "mapping": template.mapping, "is_shared": template.is_shared}
    )


@router.get("/export.csv", response=responses(None))
def export_csv(request: HttpRequest, filters: Query[CustomerFiltersIn]) -> StreamingHttpResponse:
    """The filtered list as CSV, streamed (scope and field rules applied, formulas neutralised)."""
    lines = exports.stream_csv(actor_of(request), to_filters(filters), english=is_english())
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="customers.csv"'
    return response


def _export(job: ExportJob) -> dict[str, Any]:
    return {name: getattr(job, name) for name in ExportJobOut.model_fields}


@router.post("/exports", response=responses(ExportJobOut, 202))
def start_export(request: HttpRequest, payload: ExportIn) -> Status[dict[str, Any]]:
    """Build an .xlsx of the filtered list in the background."""
    filters = CustomerFiltersIn(**payload.filters)
    data = filters.model_dump(mode="json", exclude_defaults=True)
    data["custom"] = to_filters(filters).custom
    job = exports.queue_xlsx(actor=actor_of(request), filters=data)
    return Status(202, _export(job))


@router.get("/exports/{job_id}", response=responses(ExportJobOut))
def get_export(request: HttpRequest, job_id: int) -> dict[str, Any]:
    """An export's status."""
    return _export(exports.get_export(actor_of(request), job_id))


@router.get("/exports/{job_id}/download", response=responses(None))
def download_export(request: HttpRequest, job_id: int) -> FileResponse:
    """The finished .xlsx."""
    job = exports.get_export(actor_of(request), job_id)
    if not job.stored_path:
        raise DomainError(ErrorCode.NOT_FOUND, status=404)
    return FileResponse(open(job.stored_path, "rb"), as_attachment=True, filename=f"customers-{job.pk}.xlsx")
