"""Importing customers (with a contact each) from .xlsx/.xls/.csv: upload, map, preview, validate, write.

Nothing is written until every row has been validated; then rows are written in batches, each batch
committing with the job's checkpoint so a restarted worker resumes after the last written row.
"""

import io
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import xlsxwriter
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from chengdan.access import engine
from chengdan.access.fields import field_rules
from chengdan.accounts.models import User
from chengdan.core.errors import DomainError, ErrorCode, localized
from chengdan.core.events import Event, publish
from chengdan.core.header_mapping import FieldTarget, auto_map
from chengdan.core.spreadsheets import Table, open_table
from chengdan.customers.errors import CustomerError, CustomerErrorCode
from chengdan.customers.exports import neutralise
from chengdan.customers.import_headers import CUSTOMER_IMPORT_TARGETS, KNOWN_HEADERS
from chengdan.customers.import_rows import RowPlan, RowPlanner
from chengdan.customers.import_writer import write_batch
from chengdan.customers.models import (
    CustomField,
    CustomFieldEntity,
    ImportJob,
    ImportMode,
    JobStatus,
    MappingTemplate,
)
from chengdan.customers.permissions import CONTACTS, CUSTOMERS

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
BATCH_SIZE = 10_000
MAX_STORED_ERRORS = 20_000
MAX_CACHED_PLANS = 300_000
TARGET_KEYS = {target.key for target in CUSTOMER_IMPORT_TARGETS}


def import_targets(actor: User) -> list[FieldTarget]:
    """The fields a column may be mapped to: every import target the actor may see in clear."""
    restricted = set(field_rules(actor, CUSTOMERS.resource))
    restricted |= {f"contact_{name}" for name in field_rules(actor, CONTACTS.resource)}
    custom = CustomField.objects.filter(entity=CustomFieldEntity.CUSTOMER, is_active=True)
    custom_targets = [
        FieldTarget(key=f"custom.{field.key}", labels=(field.label, field.label_en or field.key, field.key))
        for field in custom
    ]
    return [target for target in [*CUSTOMER_IMPORT_TARGETS, *custom_targets] if target.key not in restricted]


def _upload_dir() -> Path:
    path = Path(settings.VAR_DIR) / "uploads" / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _table(job: ImportJob) -> Table:
    return open_table(Path(job.stored_path), job.filename, known_headers=KNOWN_HEADERS)


def start_import(*, actor: User, upload: UploadedFile) -> tuple[ImportJob, Table]:
    """Store an uploaded file, check it is a readable spreadsheet, and propose a column mapping."""
    engine.require_action(actor, CUSTOMERS.resource, "import")
    if upload.size is None or upload.size > MAX_UPLOAD_BYTES:
        raise DomainError(
            ErrorCode.VALIDATION_ERROR,
            fields={"file": localized("文件不能超过 50 MB。", "The file must be at most 50 MB.")},
        )
    name = Path(upload.name or "upload").name[:200]
    stored = _upload_dir() / f"{uuid.uuid4().hex}{Path(name).suffix.lower()[:10]}"
    with stored.open("wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    try:
        table = open_table(stored, name, known_headers=KNOWN_HEADERS)
    except Exception:
        stored.unlink(missing_ok=True)
        raise
    targets = import_targets(actor)
    mapping = {table.headers[index]: key for index, key in auto_map(table.headers, targets).items()}
    job = ImportJob.objects.create(
        actor=actor, filename=name, stored_path=str(stored), file_format=table.format, mapping=mapping
    )
    return job, table


def get_job(actor: User, job_id: int) -> ImportJob:
    """One of the actor's own import jobs (404 for anyone else's)."""
    job = ImportJob.objects.filter(pk=job_id, actor_id=actor.pk).first()
    if job is None:
        raise DomainError(ErrorCode.NOT_FOUND, status=404)
    return job


def _checked_mapping(actor: User, table: Table, mapping: dict[str, str]) -> dict[str, str]:
    allowed = {target.key for target in import_targets(actor)}
    errors = {}
    for header, key in mapping.items():
        if header not in table.headers:
            errors[f"mapping.{header}"] = localized("文件中没有这一列。", "No such column in the file.")
        elif key and key not in allowed:
            errors[f"mapping.{header}"] = localized("未知的目标字段。", "Unknown target field.")
    used = [key for key in mapping.values() if key]
    if len(used) != len(set(used)):
        errors["mapping"] = localized("同一个字段不能对应多列。", "A field can be mapped from one column only.")
    if "name" not in used:
        errors["mapping"] = localized("必须指定“客户名称”对应的列。", "Map a column to the customer name.")
    if errors:
        raise DomainError(ErrorCode.VALIDATION_ERROR, fields=errors)
    return {header: key for header, key in mapping.items() if key}


def _mapped_rows(table: Table, mapping: dict[str, str]) -> Iterator[tuple[int, dict[str, Any], list[Any]]]:
    columns = [(index, mapping[header]) for index, header in enumerate(table.headers) if header in mapping]
    for row_number, cells in table.rows():
        yield row_number, {key: cells[index] for index, key in columns}, cells


def preview_import(*, actor: User, job_id: int, mapping: dict[str, str] | None, limit: int = 20) -> dict[str, Any]:
    """The first rows under a mapping, each with what the import would do or why it would refuse it."""
    job = get_job(actor, job_id)
    table = _table(job)
    mapping = _checked_mapping(actor, table, mapping if mapping is not None else job.mapping)
    job.mapping = mapping
    job.save(update_fields=["mapping"])
    planner = RowPlanner(actor=actor, mode=ImportMode.UPSERT)
    rows = []
    for row_number, values, cells in _mapped_rows(table, mapping):
        plan = planner.plan(row_number, values)
        rows.append(
            {"row": row_number, "cells": [_cell(c) for c in cells], "errors": plan.errors, "action": plan.action}
        )
        if len(rows) >= limit:
            break
    return {"headers": table.headers, "mapping": mapping, "rows": rows}


def _cell(value: Any) -> Any:
    return value if isinstance(value, (str, int, float, bool)) or value is None else str(value)


def queue_import(
    *, actor: User, job_id: int, mapping: dict[str, str], mode: str, dry_run: bool, skip_invalid: bool
) -> ImportJob:
    """Fix the job's options and hand it to a worker."""
    from chengdan.customers.tasks import run_import

    with transaction.atomic():
        job = ImportJob.objects.select_for_update().filter(pk=get_job(actor, job_id).pk).get()
        if job.status != JobStatus.PENDING or job.processed_rows:
            raise CustomerError.plain(CustomerErrorCode.JOB_FINISHED, "该导入已经开始。", "This import already ran.")
        job.mapping = _checked_mapping(actor, _table(job), mapping)
        job.mode = mode if mode in ImportMode.values else ImportMode.CREATE
        job.is_dry_run = dry_run
        job.skip_invalid = skip_invalid
        job.status = JobStatus.RUNNING
        job.heartbeat_at = timezone.now()
        job.save()
        # robust: a broker hiccup must not fail the request; the resume task re-queues the job.
        transaction.on_commit(lambda: run_import.delay(job.pk), robust=True)
    return job


def cancel_import(*, actor: User, job_id: int) -> ImportJob:
    """Ask a running import to stop after its current batch (rows already written stay)."""
    job = get_job(actor, job_id)
    ImportJob.objects.filter(pk=job.pk, status__in=[JobStatus.PENDING, JobStatus.RUNNING]).update(
        is_cancel_requested=True
    )
    job.refresh_from_db()
    if job.status == JobStatus.PENDING:
        ImportJob.objects.filter(pk=job.pk).update(status=JobStatus.CANCELLED, finished_at=timezone.now())
        job.refresh_from_db()
    return job


@dataclass
class Validation:
    """One pass over the file: rows read, rejected rows (reported and beyond), the plans to write."""

    total: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    overflow: int = 0
    plans: list[RowPlan] | None = field(default_factory=list)


def _validate_all(job: ImportJob, table: Table, planner: RowPlanner) -> Validation:
    result = Validation()
    total = overflow = 0
    # On resume, rows up to the checkpoint are already written (and now match themselves in the base).
    errors: list[dict[str, Any]] = [error for error in job.errors if error["row"] <= job.checkpoint]
    for row_number, values, cells in _mapped_rows(table, job.mapping):
        total += 1
        if row_number <= job.checkpoint:
            continue
        if total % 10_000 == 0:
            # Progress while validating, and a heartbeat so the resume task leaves a live worker alone.
            ImportJob.objects.filter(pk=job.pk).update(total_rows=total, heartbeat_at=timezone.now())
        plan = planner.plan(row_number, values)
        if plan.errors and len(errors) < MAX_STORED_ERRORS:
            errors.append({"row": row_number, "errors": plan.errors, "cells": [_cell(c) for c in cells]})
        elif plan.errors:
            overflow += 1
        elif result.plans is not None:
            # Keep the plans for the write pass unless the file is huge (then it plans again).
            result.plans.append(plan)
            if len(result.plans) > MAX_CACHED_PLANS:
                result.plans = None
    result.total, result.errors, result.overflow = total, errors, overflow
    return result


def process_import(job_id: int) -> ImportJob:
    """Run (or resume) an import job: validate every row, then write in checkpointed batches."""
    job = ImportJob.objects.get(pk=job_id)
    if job.status != JobStatus.RUNNING:
        return job
    actor = User.objects.get(pk=job.actor_id)
    try:
        table = _table(job)
        planner = RowPlanner(actor=actor, mode=job.mode)
        checked = _validate_all(job, table, planner)
    except DomainError as error:
        return _finish(job, JobStatus.FAILED, message=error.message)
    job.total_rows = checked.total
    job.errors = checked.errors
    job.error_count = len(checked.errors) + checked.overflow
    if checked.errors and not job.skip_invalid:
        return _finish(job, JobStatus.FAILED, message=_refused_message(job.error_count))
    if job.is_dry_run:
        job.created_count, job.updated_count = planner.counts()
        return _finish(job, JobStatus.DONE)
    return _write(job, table, actor, checked.plans)


def _refused_message(count: int) -> str:
    return localized(
        f"{count} 行有错误，未导入任何数据。请下载错误报告修正后重新导入，或选择“跳过错误行”。",
        f"{count} rows have errors; nothing was imported. Fix them from the error report or skip invalid rows.",
    )


def _planned(job: ImportJob, table: Table, actor: User, plans: list[RowPlan] | None) -> Iterator[RowPlan]:
    if plans is not None:
        yield from plans
        return
    planner = RowPlanner(actor=actor, mode=job.mode)
    for row_number, values, _cells in _mapped_rows(table, job.mapping):
        plan = planner.plan(row_number, values)
        if row_number > job.checkpoint and not plan.errors:
            yield plan


def _write(job: ImportJob, table: Table, actor: User, plans: list[RowPlan] | None) -> ImportJob:
    batch: list[RowPlan] = []
    for plan in _planned(job, table, actor, plans):
        if plan.action == "skip":
            continue
        batch.append(plan)
        if len(batch) >= BATCH_SIZE:
            if not _commit_batch(job, actor, batch):
                return _finish(job, JobStatus.CANCELLED)
            batch = []
    if batch and not _commit_batch(job, actor, batch):
        return _finish(job, JobStatus.CANCELLED)
    publish(
        Event(
            "customer.imported",
            CUSTOMERS.resource,
            "",
            job.filename[:255],
            actor.pk,
            data={"job": job.pk, "created": job.created_count, "updated": job.updated_count, "rows": job.total_rows},
        )
    )
    return _finish(job, JobStatus.DONE)


def _commit_batch(job: ImportJob, actor: User, batch: list[RowPlan]) -> bool:
    """Write one batch and move the checkpoint in the same transaction; False when cancelled."""
    with transaction.atomic():
        current = ImportJob.objects.select_for_update().get(pk=job.pk)
        if current.is_cancel_requested:
            return False
        fresh = [plan for plan in batch if plan.row > current.checkpoint]
        created, updated = write_batch(actor, job.pk, fresh)
        job.created_count = current.created_count + created
        job.updated_count = current.updated_count + updated
        job.checkpoint = batch[-1].row
        job.processed_rows = current.processed_rows + len(fresh)
        job.heartbeat_at = timezone.now()
        ImportJob.objects.filter(pk=job.pk).update(
            created_count=job.created_count,
            updated_count=job.updated_count,
            checkpoint=job.checkpoint,
            processed_rows=job.processed_rows,
            heartbeat_at=job.heartbeat_at,
            total_rows=job.total_rows,
            errors=job.errors,
            error_count=job.error_count,
        )
    return True


def _finish(job: ImportJob, status: str, message: str = "") -> ImportJob:
    job.status = status
    job.message = message
    job.finished_at = timezone.now()
    job.save()
    return job


def save_template(*, actor: User, name: str, mapping: dict[str, str], is_shared: bool) -> MappingTemplate:
    """Save a header → field mapping for the next file in the same format."""
    engine.require_action(actor, CUSTOMERS.resource, "import")
    unknown = {key for key in mapping.values() if key and key not in TARGET_KEYS and not key.startswith("custom.")}
    if unknown:
        raise DomainError(
            ErrorCode.VALIDATION_ERROR, fields={"mapping": localized("未知的目标字段。", "Unknown target field.")}
        )
    return MappingTemplate.objects.create(name=name, owner=actor, mapping=mapping, is_shared=is_shared)


def list_templates(actor: User) -> list[MappingTemplate]:
    """The actor's own and shared mapping templates."""
    from django.db.models import Q

    engine.require_action(actor, CUSTOMERS.resource, "import")
    return list(MappingTemplate.objects.filter(Q(owner_id=actor.pk) | Q(is_shared=True)).order_by("name"))


def error_report(job: ImportJob) -> bytes:
    """The rejected rows as .xlsx: row number, the original cells, and the reasons."""
    try:
        headers = _table(job).headers
    except (DomainError, OSError):
        headers = list(job.mapping)  # the file is gone: the mapped headers still label the cells
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    sheet = workbook.add_worksheet("errors")
    sheet.write_row(0, 0, [localized("行号", "Row"), *headers, localized("错误原因", "Reasons")])
    for index, error in enumerate(job.errors, start=1):
        cells = [neutralise(cell) for cell in error.get("cells", [])]
        sheet.write_row(index, 0, [error["row"], *cells, "；".join(error["errors"])])
    workbook.close()
    return buffer.getvalue()
