"""HTTP endpoints of the kanban board: the first screen and one column's further cards."""

from dataclasses import replace
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router
from pydantic import Field

from chengdan.accounts.actor import actor_of
from chengdan.core.schemas import responses
from chengdan.opportunities import board, queries, settings_queries
from chengdan.opportunities.rendering import money, render_card
from chengdan.opportunities.schemas import BoardColumnPageOut, BoardFiltersIn, BoardOut

router = Router(tags=["opportunities"])


class ColumnQuery(BoardFiltersIn):
    stage_id: int
    cursor: str | None = Field(None, max_length=500)
    limit: int = Field(board.FIRST_PAGE, ge=1, le=100)


def _filters(filters: BoardFiltersIn) -> queries.OpportunityFilters:
    data = filters.dict()
    data.pop("pipeline_id")
    for name in ("tag_ids", "forecast_category", "risk"):
        data[name] = tuple(data[name])
    known = set(queries.OpportunityFilters.__dataclass_fields__)
    return replace(queries.OpportunityFilters(), **{name: data[name] for name in data if name in known})


@router.get("/board", response=responses(BoardOut), exclude_unset=True)
def get_board(request: HttpRequest, filters: Query[BoardFiltersIn]) -> dict[str, Any]:
    """A pipeline's board: per stage the count, amount, weighted amount and the first 20 cards."""
    actor = actor_of(request)
    result = board.build_board(actor, filters.pipeline_id, _filters(filters))
    columns = []
    for column in result.columns:
        data: dict[str, Any] = {
            "stage_id": column.stage_id,
            "count": column.count,
            "items": [render_card(actor, card, result.risks.get(card.pk, [])) for card in column.items],
            "next_cursor": column.next_cursor,
        }
        if result.shows_amounts:
            data["amount"] = money(column.amount)
            data["weighted_amount"] = money(column.weighted_amount)
        columns.append(data)
    return {"pipeline": settings_queries.render_pipeline(result.pipeline), "columns": columns}


@router.get("/board/column", response=responses(BoardColumnPageOut), exclude_unset=True)
def get_column(request: HttpRequest, query: Query[ColumnQuery]) -> dict[str, Any]:
    """The next cards of one board column (keyset on id, newest first)."""
    actor = actor_of(request)
    filters = _filters(BoardFiltersIn(**query.dict(exclude={"stage_id", "cursor", "limit"})))
    items, next_cursor, risks = board.column_page(
        actor, query.pipeline_id, query.stage_id, filters, query.cursor, query.limit
    )
    return {"items": [render_card(actor, card, risks.get(card.pk, [])) for card in items], "next_cursor": next_cursor}
