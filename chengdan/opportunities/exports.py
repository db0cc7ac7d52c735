"""Exporting the filtered deal list as the actor sees it, as streamed CSV.

Rows come from `visible_opportunities(actor, "export")` with the list's filters; hidden columns are left
out, masked ones masked, and cells a spreadsheet would run as a formula are neutralised.
"""

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from chengdan.access import engine
from chengdan.access.fields import field_rules, mask_value
from chengdan.core import csv_export
from chengdan.opportunities import queries
from chengdan.opportunities.choices import ForecastCategory, OpportunityStatus
from chengdan.opportunities.models import LostReason, Opportunity
from chengdan.opportunities.permissions import OPPORTUNITIES

CHUNK = 2000
# (header zh, header en, source); sources named like policy fields so field rules apply by name.
COLUMNS: list[tuple[str, str, str]] = [
    ("商机名称", "Name", "name"),
    ("客户", "Customer", "customer"),
    ("阶段", "Stage", "stage"),
    ("状态", "Status", "status"),
    ("金额", "Amount", "amount"),
    ("币种", "Currency", "currency"),
    ("金额（人民币）", "Amount (CNY)", "amount_cny"),
    ("赢率（%）", "Probability (%)", "probability"),
    ("预计成交日期", "Expected close date", "expected_close_date"),
    ("预测分类", "Forecast category", "forecast_category"),
    ("负责人", "Owner", "owner"),
    ("部门", "Department", "department"),
    ("来源", "Source", "source"),
    ("市场活动", "Campaign", "campaign"),
    ("竞争对手", "Competitors", "competitors"),
    ("下一步", "Next step", "next_step"),
    ("下一步日期", "Next step date", "next_step_date"),
    ("赢单时间", "Won at", "won_at"),
    ("赢单金额", "Won amount", "won_amount"),
    ("输单时间", "Lost at", "lost_at"),
    ("输单原因", "Lost reason", "lost_reason"),
    ("输给竞争对手", "Lost to competitor", "lost_to_competitor"),
    ("标签", "Tags", "tags"),
    ("创建时间", "Created", "created_at"),
    ("更新时间", "Updated", "updated_at"),
    ("备注", "Notes", "notes"),
]
FIELDS = (
    "pk",
    "name",
    "customer__name",
    "stage__name",
    "stage__name_en",
    "status",
    "amount",
    "currency",
    "amount_cny",
    "probability",
    "expected_close_date",
    "forecast_category",
    "owner__display_name",
    "owner__username",
    "department__name",
    "source",
    "campaign",
    "competitors",
    "next_step",
    "next_step_date",
    "won_at",
    "won_amount",
    "lost_at",
    "lost_reason",
    "lost_to_competitor",
    "created_at",
    "updated_at",
    "notes",
)
STATUS_EN = {"open": "Open", "won": "Won", "lost": "Lost"}
FORECAST_EN = {
    "omitted": "Omitted",
    "pipeline": "Pipeline",
    "best_case": "Best case",
    "commit": "Commit",
    "closed": "Closed",
}
Row = dict[str, Any]
Cell = Callable[[Row], Any]


def _columns(actor: Any) -> list[csv_export.Column]:
    """The columns the actor may export, with the mask style of each masked one."""
    return csv_export.select_columns(COLUMNS, field_rules(actor, OPPORTUNITIES.resource), OPPORTUNITIES.all_fields())


def _text(value: Any) -> str:
    """A plain cell: money as its exact decimal, dates ISO, nothing as empty."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    # Money comes back as a Decimal with its column scale, so str() writes "12345.00".
    return str(value)


def _cells(english: bool, zone: Any) -> dict[str, Cell]:
    """How each derived column is read from a row of `FIELDS`; other columns copy their field."""
    statuses = STATUS_EN if english else dict(OpportunityStatus.choices)
    forecasts = FORECAST_EN if english else dict(ForecastCategory.choices)
    reasons = {
        reason.code: (reason.label_en or reason.label) if english else reason.label
        for reason in LostReason.objects.all()
    }

    def moment(name: str) -> Cell:
        return lambda row: csv_export.local_minute(row[name], zone) if row[name] else ""

    return {
        "customer": lambda row: row["customer__name"],
        "stage": lambda row: (row["stage__name_en"] or row["stage__name"]) if english else row["stage__name"],
        "status": lambda row: statuses.get(row["status"], row["status"]),
        "forecast_category": lambda row: forecasts.get(row["forecast_category"], row["forecast_category"]),
        "owner": lambda row: row["owner__display_name"] or row["owner__username"],
        "department": lambda row: row["department__name"],
        "competitors": lambda row: "、".join(str(name) for name in row["competitors"] or []),
        "lost_reason": lambda row: reasons.get(row["lost_reason"], row["lost_reason"]),
        "tags": lambda row: "、".join(sorted(row["tags"])),
        "won_at": moment("won_at"),
        "lost_at": moment("lost_at"),
        "created_at": moment("created_at"),
        "updated_at": moment("updated_at"),
    }


def _tag_names(opportunity_ids: list[int]) -> dict[int, list[str]]:
    """The tag names of a chunk of deals, in one query."""
    through = Opportunity.tags.through.objects.filter(opportunity_id__in=opportunity_ids)
    names: dict[int, list[str]] = {}
    for opportunity_id, name in through.values_list("opportunity_id", "tag__name"):
        names.setdefault(opportunity_id, []).append(name)
    return names


def _render(
    chunk: list[tuple[Any, ...]], columns: list[csv_export.Column], cells: dict[str, Cell], with_tags: bool
) -> list[list[Any]]:
    tags = _tag_names([row[0] for row in chunk]) if with_tags else {}
    rendered = []
    for values in chunk:
        row = dict(zip(FIELDS, values, strict=True))
        row["tags"] = tags.get(row["pk"], [])
        out = []
        for _, _, source, mask in columns:
            cell = cells.get(source)
            value = _text(cell(row) if cell else row[source])
            if mask and value:
                value = mask_value(value, mask)
            out.append(csv_export.neutralise(value))
        rendered.append(out)
    return rendered


def _rows(
    queryset: QuerySet[Opportunity], columns: list[csv_export.Column], english: bool
) -> Iterator[list[list[Any]]]:
    """The export's rows in chunks: one streamed query, plus one tags query per chunk."""
    cells = _cells(english, timezone.get_current_timezone())
    with_tags = any(source == "tags" for _, _, source, _ in columns)
    # A server-side cursor on PostgreSQL (chunked fetches on SQLite): memory stays one chunk deep.
    values = queryset.order_by("-pk").values_list(*FIELDS).iterator(chunk_size=CHUNK)
    for chunk in csv_export.chunked(values, CHUNK):
        yield _render(chunk, columns, cells, with_tags)


def stream_csv(actor: Any, filters: queries.OpportunityFilters, english: bool) -> Iterator[str]:
    """CSV text (UTF-8 with BOM for Excel) of the filtered deal list; the audit records the export when done."""
    engine.require_action(actor, OPPORTUNITIES.resource, "export")
    # Built now, so refused filters answer before the first byte is sent.
    queryset = queries.filtered_opportunities(actor, filters, action="export")
    columns = _columns(actor)

    def record(count: int) -> None:
        csv_export.record_export(
            name="opportunity.exported",
            resource=OPPORTUNITIES.resource,
            actor=actor,
            filters=filters,
            count=count,
            kind="csv",
        )

    return csv_export.stream(csv_export.headers(columns, english), _rows(queryset, columns, english), record)
