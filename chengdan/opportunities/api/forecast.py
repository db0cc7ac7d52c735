"""HTTP endpoints of the forecast, its drill-down and the at-risk list (mounted before /opportunities/{id})."""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router

from chengdan.core.pagination import PageRequest, paginate
from chengdan.core.schemas import PageQuery, page_body, page_of, responses
from chengdan.opportunities import forecast, risk
from chengdan.opportunities.forecast_schemas import AtRiskQuery, DrillQuery, ForecastOut, ForecastQuery
from chengdan.opportunities.models import Opportunity
from chengdan.opportunities.periods import period_of
from chengdan.opportunities.rendering import render_opportunity
from chengdan.opportunities.schemas import OpportunityOut

router = Router(tags=["forecast"])
ORDERING = {"id": "id"}


def _row_out(row: forecast.ForecastRow) -> dict[str, Any]:
    return {
        "key_id": row.key_id,
        "key_name": row.key_name,
        "target": None if row.target is None else str(row.target),
        **{name: str(row.figures[name]) for name in forecast.FIGURES},
        "attainment": row.attainment,
        "change": {kind: {"count": count, "amount": str(amount)} for kind, (count, amount) in row.change.items()},
    }


def _page(request: HttpRequest, deals: QuerySet[Opportunity], page: PageQuery) -> dict[str, Any]:
    loaded = deals.select_related("customer", "owner", "department", "stage").prefetch_related("tags")
    result = paginate(loaded, PageRequest(**page.dict()), allowed_ordering=ORDERING, default_ordering="-id")
    flags = risk.flags_for(result.items, timezone.now())
    return page_body(result, [render_opportunity(request.user, deal, flags[deal.pk]) for deal in result.items])


@router.get("/forecast", response=responses(ForecastOut))
def get_forecast(request: HttpRequest, filters: Query[ForecastQuery]) -> dict[str, Any]:
    """The period's forecast over the caller's visible deals, by owner, team or region, with targets."""
    period = period_of(filters.period_type, filters.period_start)
    result = forecast.build_forecast(
        request.user,
        period,
        filters.group_by,
        department_id=filters.department_id,
        today=timezone.localdate(),
    )
    return {
        "period_type": period.period_type,
        "period_start": period.start,
        "period_end": period.end,
        "group_by": filters.group_by,
        "compared_with": result.compared_with,
        "rows": [_row_out(row) for row in result.rows],
        "total": _row_out(result.total),
    }


@router.get("/forecast/drill", response=responses(page_of(OpportunityOut)), exclude_unset=True)
def drill_forecast(request: HttpRequest, filters: Query[DrillQuery], page: Query[PageQuery]) -> dict[str, Any]:
    """The deals behind one figure of one forecast row (`group_by` + `key_id`; neither for the total)."""
    period = period_of(filters.period_type, filters.period_start)
    deals = forecast.drill(
        request.user,
        period,
        filters.figure,
        group_by=filters.group_by,
        key_id=filters.key_id,
        owner_id=filters.owner_id,
        department_id=filters.department_id,
        today=timezone.localdate(),
    )
    return _page(request, deals, page)


@router.get("/opportunities/at-risk", response=responses(page_of(OpportunityOut)), exclude_unset=True)
def list_at_risk(request: HttpRequest, filters: Query[AtRiskQuery], page: Query[PageQuery]) -> dict[str, Any]:
    """Open deals the caller may see that carry any of the asked risk flags (any flag when none asked)."""
    deals = risk.at_risk_deals(
        request.user,
        timezone.now(),
        kinds=filters.risk,
        owner_id=filters.owner_id,
        department_id=filters.department_id,
    )
    return _page(request, deals, page)
