"""The kanban board: every column's first cards in one windowed query, every column's totals in one GROUP BY."""

from dataclasses import dataclass, field, replace
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, DecimalField, ExpressionWrapper, F, Q, QuerySet, Sum, Value, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from chengdan.access import engine
from chengdan.access.fields import field_rules
from chengdan.core import pagination
from chengdan.core.errors import NotFoundError
from chengdan.core.pagination import PageRequest
from chengdan.opportunities import queries, settings_queries
from chengdan.opportunities.choices import OpportunityStatus
from chengdan.opportunities.models import Opportunity, Pipeline
from chengdan.opportunities.permissions import OPPORTUNITIES

FIRST_PAGE = 20
# Won and lost columns would grow forever; the board shows what closed recently.
CLOSED_WINDOW_DAYS = 90
CENTS = Decimal("0.01")
WEIGHTED = ExpressionWrapper(
    F("amount_cny") * F("probability") / Value(100), output_field=DecimalField(max_digits=24, decimal_places=4)
)


@dataclass
class Column:
    """One stage's totals and its first cards."""

    stage_id: int
    count: int = 0
    amount: Decimal = Decimal("0.00")
    weighted_amount: Decimal = Decimal("0.00")
    items: list[Opportunity] = field(default_factory=list)
    next_cursor: str | None = None


@dataclass
class Board:
    """A pipeline's board as the actor may see it, with risk badges per card."""

    pipeline: Pipeline
    columns: list[Column]
    risks: dict[int, list[str]]
    shows_amounts: bool


def _pipeline(pipeline_id: int | None) -> Pipeline:
    queryset = settings_queries.with_stages(Pipeline.objects.filter(is_active=True))
    if pipeline_id is not None:
        pipeline = queryset.filter(pk=pipeline_id).first()
    else:
        pipeline = queryset.order_by("-is_default", "position", "pk").first()
    if pipeline is None:
        raise NotFoundError()
    return pipeline


def _cards(actor: Any, pipeline: Pipeline, filters: queries.OpportunityFilters) -> QuerySet[Opportunity]:
    """The deals the board shows: visible, filtered, in the pipeline, closed ones only if recent."""
    filters = replace(filters, pipeline_id=pipeline.pk, stage_id=None, status=())
    queryset = queries.filtered_opportunities(actor, filters)
    if filters.close_from is None and filters.close_to is None:
        since = timezone.now() - timedelta(days=CLOSED_WINDOW_DAYS)
        queryset = queryset.filter(
            Q(status=OpportunityStatus.OPEN)
            | Q(status=OpportunityStatus.WON, won_at__gte=since)
            | Q(status=OpportunityStatus.LOST, lost_at__gte=since)
        )
    return queryset


def _cents(value: Decimal | None) -> Decimal:
    return Decimal(value or 0).quantize(CENTS, rounding=ROUND_HALF_UP)


def _cursor(last: Opportunity) -> str:
    # The same cursor `core.pagination` makes for ordering "-id", so column pages continue from it.
    return pagination.encode_cursor([last.pk, last.pk])


def build_board(actor: Any, pipeline_id: int | None, filters: queries.OpportunityFilters) -> Board:
    """The board of a pipeline (the default one when none is named) in a constant number of queries."""
    engine.require_action(actor, OPPORTUNITIES.resource, "view")
    pipeline = _pipeline(pipeline_id)
    columns = {stage.pk: Column(stage_id=stage.pk) for stage in pipeline.stages.all() if stage.is_active}
    # Naming the stages lets SQLite seek the (stage, status, id) index instead of scanning all of it.
    cards = _cards(actor, pipeline, filters).filter(stage_id__in=list(columns))
    totals = (
        cards.order_by()
        .values("stage_id")
        .annotate(count=Count("pk"), amount=Sum("amount_cny"), weighted=Sum(WEIGHTED))
    )
    for total in totals:
        column = columns.get(total["stage_id"])
        if column is not None:
            column.count = total["count"]
            column.amount = _cents(total["amount"])
            column.weighted_amount = _cents(total["weighted"])
    first = (
        cards.annotate(position=Window(RowNumber(), partition_by=[F("stage_id")], order_by=F("pk").desc()))
        .filter(position__lte=FIRST_PAGE + 1)
        .values("pk")
    )
    # Rank narrow rows; join customer, owner, department and stage only for the cards shown.
    ranked = (
        Opportunity.objects.filter(pk__in=first)
        .select_related(*queries.LIST_RELATED)
        .prefetch_related("tags")
        .order_by("stage_id", "-pk")
    )
    rows = list(ranked)
    for row in rows:
        column = columns.get(row.stage_id)
        if column is None:
            continue
        if len(column.items) < FIRST_PAGE:
            column.items.append(row)
        else:
            column.next_cursor = _cursor(column.items[-1])
    shown = [card for column in columns.values() for card in column.items]
    restricted = field_rules(actor, OPPORTUNITIES.resource)
    return Board(
        pipeline=pipeline,
        columns=list(columns.values()),
        risks=queries.risks_of(shown),
        shows_amounts=not any(name in restricted for name in queries.AMOUNT_FIELDS),
    )


def column_page(
    actor: Any,
    pipeline_id: int | None,
    stage_id: int,
    filters: queries.OpportunityFilters,
    cursor: str | None,
    limit: int,
) -> tuple[list[Opportunity], str | None, dict[int, list[str]]]:
    """The next cards of one column (keyset on id, newest first) and their risk badges."""
    engine.require_action(actor, OPPORTUNITIES.resource, "view")
    pipeline = _pipeline(pipeline_id)
    queryset = _cards(actor, pipeline, filters).filter(stage_id=stage_id)
    queryset = queryset.select_related(*queries.LIST_RELATED).prefetch_related("tags")
    page = pagination.paginate(
        queryset,
        PageRequest(limit=limit, cursor=cursor, ordering="-id"),
        allowed_ordering={"id": "id"},
        default_ordering="-id",
    )
    return page.items, page.next_cursor, queries.risks_of(page.items)
