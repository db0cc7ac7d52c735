"""The records behind a figure, as far as the reader may see them.

A figure counts everything its author did; the list behind it is that same condition (see
`figures.SOURCES`) applied to the reader's own `visible_*` queryset. A supervisor who may not see a
deal the rep worked on sees the count include it but does not get the deal in the list.
"""

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.db.models import QuerySet

from chengdan.access.fields import apply_field_rules
from chengdan.activities.permissions import visible_follow_ups, visible_tasks, visible_visits
from chengdan.core.errors import NotFoundError
from chengdan.core.pagination import Page, PageRequest, paginate
from chengdan.customers.permissions import visible_customers
from chengdan.leads.permissions import visible_leads
from chengdan.opportunities.models import StageChange
from chengdan.opportunities.permissions import visible_opportunities
from chengdan.reports.errors import ReportError
from chengdan.reports.figures import FOLLOW_UP_KINDS, SOURCES, rows_behind
from chengdan.reports.periods import ReportPeriod

TITLE_LENGTH = 80


def _visible_stage_changes(actor: Any) -> QuerySet[StageChange]:
    # A stage move is as visible as its deal.
    return StageChange.objects.filter(opportunity_id__in=visible_opportunities(actor).values("pk"))


VISIBLE: dict[str, Callable[[Any], QuerySet[Any]]] = {
    "follow_ups": visible_follow_ups,
    "visits": visible_visits,
    "tasks": visible_tasks,
    "leads": visible_leads,
    "customers": visible_customers,
    "opportunities": visible_opportunities,
    "stage_changes": _visible_stage_changes,
}
RELATED: dict[str, tuple[str, ...]] = {"stage_changes": ("opportunity", "from_stage", "to_stage")}


def figure_records(
    reader: Any,
    figure: str,
    author_id: int,
    period: ReportPeriod,
    page: PageRequest,
    *,
    now: datetime,
    follow_up_kind: str | None = None,
) -> tuple[str, Page[Any]]:
    """One page of the rows behind the author's figure that the reader may see, newest first."""
    source = SOURCES.get(figure)
    if source is None:
        raise NotFoundError()
    queryset = VISIBLE[source.resource](reader).filter(rows_behind(figure, author_id, period, now))
    if follow_up_kind:
        if figure != "follow_ups" or follow_up_kind not in FOLLOW_UP_KINDS:
            raise ReportError.invalid("follow_up_kind", "跟进方式无效。", "Unknown follow-up kind.")
        queryset = queryset.filter(kind=follow_up_kind)
    queryset = queryset.select_related(*RELATED.get(source.resource, ()))
    found = paginate(queryset, page, allowed_ordering={"date": source.date_field, "id": "id"}, default_ordering="-date")
    return source.resource, found


def _link(row: Any) -> str:
    """The page of the record an activity is about: its deal, else its lead, else its customer."""
    for attribute, path in (("opportunity_id", "opportunities"), ("lead_id", "leads"), ("customer_id", "customers")):
        value = getattr(row, attribute, None)
        if value is not None:
            return f"/{path}/{value}"
    return ""


def _text(reader: Any, resource: str, field: str, value: str) -> str | None:
    shown = apply_field_rules(reader, resource, {field: value[:TITLE_LENGTH]})
    text = shown.get(field)
    return None if text is None else str(text)


def render_record(reader: Any, resource: str, row: Any, date_field: str) -> dict[str, Any]:
    """One record as a drill-down row: id, title, date, link and a short detail; field rules applied."""
    item: dict[str, Any] = {"id": row.pk, "resource": resource, "date": getattr(row, date_field), "detail": ""}
    if resource == "follow_ups":
        item.update(title=_text(reader, resource, "content", row.content), detail=row.kind, link=_link(row))
    elif resource == "visits":
        item.update(title=row.purpose, detail="far" if row.is_far else row.status, link=_link(row))
    elif resource == "tasks":
        item.update(title=row.title, detail=row.status, link=_link(row))
    elif resource == "leads":
        item.update(title=row.name, detail=row.company_name, link=f"/leads/{row.pk}")
    elif resource == "customers":
        item.update(title=_text(reader, resource, "name", row.name), link=f"/customers/{row.pk}")
    elif resource == "opportunities":
        item.update(title=row.name, detail=row.status, link=f"/opportunities/{row.pk}")
    else:
        change: StageChange = row
        source_stage = change.from_stage.name if change.from_stage else ""
        item.update(
            title=change.opportunity.name,
            detail=f"{source_stage} → {change.to_stage.name}",
            link=f"/opportunities/{change.opportunity_id}",
        )
    return item
