"""Exporting the filtered customer list as the actor sees it: CSV streamed, .xlsx built in the background.

Rows come from `visible_customers(actor, "export")`; hidden columns are left out, masked ones masked,
and cells that a spreadsheet would run as a formula are neutralised.
"""

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from chengdan.access import engine
from chengdan.access.fields import field_rules, mask_value
from chengdan.accounts.choices import FieldRuleKind
from chengdan.accounts.models import User
from chengdan.core.events import Event, publish
from chengdan.customers import queries
from chengdan.customers.models import Customer, ExportJob, JobStatus, Tag
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
DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """Prefix text a spreadsheet would evaluate (=, +, -, @, tab, CR) with a quote (CSV injection)."""
    if isinstance(value, str) and value.startswith(DANGEROUS_PREFIXES):
        return "'" + value
    return value


def _columns(actor: Any) -> list[tuple[str, str, str, str | None]]:
    """The columns the actor may export, with the mask style of each masked one."""
    rules = field_rules(actor, CUSTOMERS.resource)
    styles = CUSTOMERS.fields
    result = []
    for zh, en, source in COLUMNS:
        rule = rules.get(source)
        if rule == FieldRuleKind.HIDDEN:
            continue
        mask = styles.get(source, "text") if rule == FieldRuleKind.MASKED else None
        result.append((zh, en, source, mask))
    return result


def _rows(actor: Any, filters: queries.CustomerFilters) -> Iterator[list[Any]]:
    columns = _columns(actor)
    sources = [source for _, _, source, _ in columns if source not in ("region", "tags")]
    queryset = queries.filtered_customers(actor, filters, action="export").order_by("-created_at", "-pk")
    fields = ["pk", "province_code", "city_code", "district_code", *sources]
    chunk: list[dict[str, Any]] = []
    for row in queryset.values(*fields).iterator(chunk_size=CHUNK):
        chunk.append(row)
        if len(chunk) >= CHUNK:
            yield from _render_chunk(chunk, columns)
            chunk = []
    if chunk:
        yield from _render_chunk(chunk, columns)


def _render_chunk(chunk: list[dict[str, Any]], columns: list[tuple[str, str, str, str | None]]) -> Iterator[list[Any]]:
    tags: dict[int, list[str]] = {}
    if any(source == "tags" for _, _, source, _ in columns):
        links = Customer.tags.through.objects.filter(customer_id__in=[row["pk"] for row in chunk])
        names = dict(Tag.objects.values_list("pk", "name"))
        for customer_id, tag_id in links.values_list("customer_id", "tag_id"):
            tags.setdefault(customer_id, []).append(names[tag_id])
    for row in chunk:
        out = []
        for _, _, source, mask in columns:
            if source == "region":
                value: Any = region_name(row["district_code"] or row["city_code"] or row["province_code"])
            elif source == "tags":
                value = "、".join(sorted(tags.get(row["pk"], [])))
            elif source == "created_at":
                value = timezone.localtime(row[source]).strftime("%Y-%m-%d %H:%M")
            else:
                value = row[source]
            if mask and value:
                value = mask_value(value, mask)
            out.append(neutralise(value) if value is not None else "")
        yield out


def _headers(actor: Any, english: bool) -> list[str]:
    return [en if english else zh for zh, en, _, _ in _columns(actor)]


def _record_export(actor: Any, filters: queries.CustomerFilters, count: int, kind: str) -> None:
    publish(
        Event(
            "customer.exported",
            CUSTOMERS.resource,
            "",
            kind,
            getattr(actor, "pk", None),
            data={"rows": count, "format": kind, "filters": {k: str(v) for k, v in filters.__dict__.items() if v}},
        )
    )


class _Echo:
    def write(self, value: str) -> str:
        return value


def stream_csv(actor: Any, filters: queries.CustomerFilters, english: bool) -> Iterator[str]:
    """CSV lines (UTF-8 with BOM for Excel) of the filtered list; the audit records the export when done."""
    engine.require_action(actor, CUSTOMERS.resource, "export")
    writer = csv.writer(_Echo())
    headers = _headers(actor, english)

    def generate() -> Iterator[str]:
        yield "\ufeff" + writer.writerow(headers)
        count = 0
        for row in _rows(actor, filters):
            count += 1
            yield writer.writerow(row)
        with transaction.atomic():
            _record_export(actor, filters, count, "csv")

    return generate()


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
        transaction.on_commit(lambda: build_export.delay(job.pk))
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
    for count, row in enumerate(_rows(actor, filters), start=1):
        sheet.write_row(count, 0, [value if value is not None else "" for value in row])
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
