"""Exporting the filtered customer list as the actor sees it: CSV streamed, .xlsx built in the background.

Rows come from `visible_customers(actor, "export")`; hidden columns are left out, masked ones masked,
and cells that a spreadsheet would run as a formula are neutralised.
"""

import io
import json
import operator
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from chengdan.access import engine
from chengdan.access.fields import field_rules, mask_value
from chengdan.accounts.models import User
from chengdan.core import csv_export
from chengdan.core.csv_export import DANGEROUS_FIRST, neutralise
from chengdan.customers import queries
from chengdan.customers.models import Customer, CustomField, CustomFieldEntity, ExportJob, JobStatus, Tag
from chengdan.customers.permissions import CUSTOMERS
from chengdan.customers.rendering import region_name

CHUNK = 2000
# (output header zh, en, source column)
COLUMNS: list[tuple[str, str, str]] = [
    ("客户名称", "Name", "name"),
    ("简称", "Short name", "short_name"),
    ("统一社会信用代码", "Credit code", "credit_code"),
    ("行业", "Industry", "industry"),
    ("地区", "Region", "region"),
    ("地址", "Address", "address"),
    ("网址", "Website", "website"),
    ("来源", "Source", "source"),
    ("级别", "Level", "level"),
    ("阶段", "Stage", "stage"),
    ("电话", "Phone", "phone"),
    ("标签", "Tags", "tags"),
    ("负责人", "Owner", "owner__display_name"),
    ("部门", "Department", "department__name"),
    ("创建时间", "Created", "created_at"),
    ("备注", "Notes", "notes"),
]
# Kept under its former private name for callers that still import it from here.
_local_minute = csv_export.local_minute


def _columns(actor: Any) -> list[csv_export.Column]:
    """The columns the actor may export, with the mask style of each masked one."""
    custom = CustomField.objects.filter(entity=CustomFieldEntity.CUSTOMER, is_active=True)
    custom_columns = [(field.label, field.label_en or field.key, f"custom.{field.key}") for field in custom]
    return csv_export.select_columns(
        [*COLUMNS, *custom_columns], field_rules(actor, CUSTOMERS.resource), CUSTOMERS.all_fields()
    )


def _rows(actor: Any, filters: queries.CustomerFilters) -> Iterator[list[list[Any]]]:
    """The export's rows in chunks (one tags query per chunk), values masked and neutralised."""
    columns = _columns(actor)
    sources = [source for _, _, source, _ in columns if source not in ("region", "tags") and "." not in source]
    queryset = queries.filtered_customers(actor, filters, action="export").order_by("-created_at", "-pk")
    fields = ["pk", "province_code", "city_code", "district_code", "custom", *sources]
    position = {name: index for index, name in enumerate(fields)}
    with_tags = any(source == "tags" for _, _, source, _ in columns)
    zone = timezone.get_current_timezone()
    # The permission-filtered query, run on a plain cursor: the ORM's per-value converters cost more
    # than the rest of the export; the one value that needs converting (created_at) is done below.
    sql, params = queryset.values_list(*fields).query.sql_with_params()
    plan = _plan(columns, position)
    labels = _choice_labels() if plan.custom else {}
    tag_names = dict(Tag.objects.values_list("pk", "name")) if with_tags else {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while chunk := cursor.fetchmany(CHUNK):
            tags = _tag_names([row[0] for row in chunk], tag_names) if with_tags else {}
            yield _render_chunk(chunk, plan, labels, tags, zone)


@dataclass
class _Plan:
    """Where each output column comes from and which need work beyond copying."""

    sources: list[int]
    text: list[int]
    masked: list[tuple[int, str]]
    created: int | None = None
    region: int | None = None
    tags: int | None = None
    custom: list[tuple[int, str, str | None]] = field(default_factory=list)


def _plan(columns: list[tuple[str, str, str, str | None]], position: dict[str, int]) -> _Plan:
    plan = _Plan(sources=[], text=[], masked=[])
    for index, (_, _, source, mask) in enumerate(columns):
        plan.sources.append(position.get(source, 0))
        if source == "region":
            plan.region = index
        elif source == "tags":
            plan.tags = index
        elif source == "created_at":
            plan.created = index
        elif source.startswith("custom."):
            plan.custom.append((index, source.removeprefix("custom."), mask))
        elif mask:
            plan.masked.append((index, mask))
        else:
            plan.text.append(index)
    return plan


def _render_chunk(
    chunk: list[tuple[Any, ...]],
    plan: _Plan,
    labels: dict[str, dict[str, str]],
    tags: dict[int, list[str]],
    zone: Any,
) -> list[list[Any]]:
    getter = operator.itemgetter(*plan.sources)
    single = len(plan.sources) == 1  # itemgetter of one index returns the bare value
    rendered = []
    for row in chunk:
        out = [getter(row)] if single else list(getter(row))
        for index in plan.text:
            value = out[index]
            if value and value[0] in DANGEROUS_FIRST:
                out[index] = "'" + value
        for index, style in plan.masked:
            if out[index]:
                out[index] = neutralise(mask_value(out[index], style))
        if plan.created is not None:
            out[plan.created] = csv_export.local_minute(out[plan.created], zone)
        if plan.region is not None:
            out[plan.region] = region_name(row[3] or row[2] or row[1])
        if plan.tags is not None:
            out[plan.tags] = "、".join(sorted(tags.get(row[0], ())))
        if plan.custom:
            values = row[4] if isinstance(row[4], dict) else json.loads(row[4] or "{}")
            for index, key, mask in plan.custom:
                out[index] = _custom_cell(values.get(key), mask, labels.get(key, {}))
        rendered.append(out)
    return rendered


def _choice_labels() -> dict[str, dict[str, str]]:
    fields = CustomField.objects.filter(entity=CustomFieldEntity.CUSTOMER)
    return {f.key: {str(c.get("value")): str(c.get("label") or c.get("value")) for c in f.choices} for f in fields}


def _custom_cell(value: Any, mask: str | None, labels: dict[str, str]) -> Any:
    """A custom value as a spreadsheet cell: choices by label, lists joined, booleans as 是/否."""
    if value is None:
        return ""
    if isinstance(value, bool):
        value = "是" if value else "否"
    elif isinstance(value, list):
        value = "、".join(labels.get(str(item), str(item)) for item in value)
    elif labels:
        value = labels.get(str(value), value)
    if mask and value != "":
        value = mask_value(value, mask)
    return neutralise(value)


def _tag_names(customer_ids: list[int], names: dict[int, str]) -> dict[int, list[str]]:
    tags: dict[int, list[str]] = {}
    through = Customer.tags.through._meta.db_table
    # Ids are integers from our own query, so they go into the SQL as literals (no per-value prep).
    listed = ",".join(str(int(pk)) for pk in customer_ids)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT customer_id, tag_id FROM {through} WHERE customer_id IN ({listed})")  # noqa: S608
        for customer_id, tag_id in cursor.fetchall():
            tags.setdefault(customer_id, []).append(names[tag_id])
    return tags


def _headers(actor: Any, english: bool) -> list[str]:
    return csv_export.headers(_columns(actor), english)


def _record_export(actor: Any, filters: queries.CustomerFilters, count: int, kind: str) -> None:
    csv_export.record_export(
        name="customer.exported", resource=CUSTOMERS.resource, actor=actor, filters=filters, count=count, kind=kind
    )


def stream_csv(actor: Any, filters: queries.CustomerFilters, english: bool) -> Iterator[str]:
    """CSV lines (UTF-8 with BOM for Excel) of the filtered list; the audit records the export when done."""
    engine.require_action(actor, CUSTOMERS.resource, "export")
    return csv_export.stream(
        _headers(actor, english), _rows(actor, filters), lambda count: _record_export(actor, filters, count, "csv")
    )


def _export_dir() -> Path:
    path = Path(settings.VAR_DIR) / "exports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def queue_xlsx(*, actor: User, filters: dict[str, Any]) -> ExportJob:
    """Start an .xlsx export of the filtered list in the background."""
    from chengdan.customers.tasks import build_export

    engine.require_action(actor, CUSTOMERS.resource, "export")
    with transaction.atomic():
        job = ExportJob.objects.create(actor=actor, filters=filters)
        transaction.on_commit(lambda: build_export.delay(job.pk), robust=True)
    return job


def build_xlsx(job_id: int) -> ExportJob:
    """Write the .xlsx of an export job with the actor's rights as they are now."""
    import xlsxwriter

    job = ExportJob.objects.get(pk=job_id)
    if job.status != JobStatus.PENDING:
        return job
    actor = User.objects.get(pk=job.actor_id)
    filters = queries.CustomerFilters(**_filters_from_json(job.filters))
    path = _export_dir() / f"customers-{job.pk}.xlsx"
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_formulas": False})
    sheet = workbook.add_worksheet("客户")
    sheet.write_row(0, 0, _headers(actor, english=False))
    count = 0
    for rows in _rows(actor, filters):
        for row in rows:
            count += 1
            sheet.write_row(count, 0, row)
    workbook.close()
    with transaction.atomic():
        _record_export(actor, filters, count, "xlsx")
        job.status, job.row_count, job.stored_path = JobStatus.DONE, count, str(path)
        job.finished_at = timezone.now()
        job.save()
    return job


def _filters_from_json(data: dict[str, Any]) -> dict[str, Any]:
    from datetime import date

    result = dict(data)
    for name in ("tag_ids", "level", "stage", "industry", "source"):
        if name in result:
            result[name] = tuple(result[name])
    for name in ("created_from", "created_to", "follow_up_from", "follow_up_to"):
        if result.get(name):
            result[name] = date.fromisoformat(result[name])
    return result


def get_export(actor: User, job_id: int) -> ExportJob:
    """One of the actor's own export jobs, or 404."""
    from chengdan.core.errors import DomainError, ErrorCode

    job = ExportJob.objects.filter(pk=job_id, actor_id=actor.pk).first()
    if job is None:
        raise DomainError(ErrorCode.NOT_FOUND, status=404)
    return job


def csv_bytes(actor: Any, filters: queries.CustomerFilters) -> bytes:
    """The whole CSV in memory (tests and small exports)."""
    buffer = io.StringIO()
    for line in stream_csv(actor, filters, english=False):
        buffer.write(line)
    return buffer.getvalue().encode("utf-8")
