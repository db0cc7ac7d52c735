"""Reads on deals; every one starts from `visible_opportunities`."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Q, QuerySet, prefetch_related_objects
from django.utils import timezone

from chengdan.access import engine
from chengdan.access.fields import ensure_fields_usable
from chengdan.accounts.models import Department
from chengdan.core.errors import DomainError, ErrorCode, localized
from chengdan.core.pagination import Page, PageRequest, paginate
from chengdan.customers import queries as customer_queries
from chengdan.opportunities import risk
from chengdan.opportunities.models import Opportunity, OpportunityContact, StageChange
from chengdan.opportunities.permissions import OPPORTUNITIES, visible_opportunities

ORDERING = {
    "id": "id",
    "amount_cny": "amount_cny",
    "expected_close_date": "expected_close_date",
    "updated_at": "updated_at",
}
LIST_RELATED = ("customer", "owner", "department", "stage")
CUSTOMER_LIMIT = 500
# Filters that reveal amounts: refused for an actor who may not see them in clear.
AMOUNT_FIELDS = ("amount", "amount_cny")


@dataclass(frozen=True)
class OpportunityFilters:
    """What a deal list (or the board, without stage and status) can be narrowed by."""

    q: str = ""
    pipeline_id: int | None = None
    stage_id: int | None = None
    status: tuple[str, ...] = ()
    owner_id: int | None = None
    department_id: int | None = None
    customer_id: int | None = None
    tag_ids: tuple[int, ...] = ()
    close_from: date | None = None
    close_to: date | None = None
    won_from: date | None = None
    won_to: date | None = None
    amount_min: Decimal | None = None
    amount_max: Decimal | None = None
    forecast_category: tuple[str, ...] = ()
    risk: tuple[str, ...] = ()
    ids: tuple[int, ...] = ()


def parse_ids(text: str) -> tuple[int, ...]:
    """A comma list of ids ("3,5,8"); 422 on anything else."""
    try:
        return tuple(int(part) for part in text.split(",") if part.strip())
    except ValueError:
        raise DomainError(
            ErrorCode.VALIDATION_ERROR, fields={"ids": localized("应为逗号分隔的编号。", "Comma-separated ids.")}
        ) from None


def _department_subtree(department_id: int) -> Q:
    path = Department.objects.filter(pk=department_id).values_list("path", flat=True).first()
    if path is None:
        return Q(pk__in=[])
    return Q(department_id__in=Department.objects.filter(path__startswith=path).values("pk"))


def _risk_filter(kinds: tuple[str, ...]) -> Q:
    unknown = sorted(set(kinds) - set(risk.RISK_KINDS))
    if unknown:
        raise DomainError(
            ErrorCode.VALIDATION_ERROR, fields={"risk": localized("未知的风险类型。", "Unknown risk kind.")}
        )
    return risk.any_risk_condition(timezone.now(), kinds)


def filtered_opportunities(actor: Any, filters: OpportunityFilters, action: str = "view") -> QuerySet[Opportunity]:
    """The visible deals matching the filters (refusing amount filters the actor may not use)."""
    if filters.amount_min is not None or filters.amount_max is not None:
        ensure_fields_usable(actor, OPPORTUNITIES.resource, AMOUNT_FIELDS)
    queryset = visible_opportunities(actor, action)
    simple = {
        "pipeline_id": filters.pipeline_id,
        "stage_id": filters.stage_id,
        "owner_id": filters.owner_id,
        "customer_id": filters.customer_id,
        "expected_close_date__gte": filters.close_from,
        "expected_close_date__lte": filters.close_to,
        "won_at__date__gte": filters.won_from,
        "won_at__date__lte": filters.won_to,
        "amount_cny__gte": filters.amount_min,
        "amount_cny__lte": filters.amount_max,
    }
    queryset = queryset.filter(**{name: value for name, value in simple.items() if value is not None})
    if filters.q:
        queryset = queryset.filter(Q(name__icontains=filters.q) | Q(customer__name__icontains=filters.q))
    if filters.status:
        queryset = queryset.filter(status__in=filters.status)
    if filters.forecast_category:
        queryset = queryset.filter(forecast_category__in=filters.forecast_category)
    if filters.department_id is not None:
        queryset = queryset.filter(_department_subtree(filters.department_id))
    if filters.tag_ids:
        queryset = queryset.filter(
            pk__in=Opportunity.tags.through.objects.filter(tag_id__in=filters.tag_ids).values("opportunity_id")
        )
    if filters.ids:
        queryset = queryset.filter(pk__in=filters.ids)
    if filters.risk:
        queryset = queryset.filter(_risk_filter(filters.risk))
    return queryset


def risks_of(opportunities: list[Opportunity]) -> dict[int, list[str]]:
    """Risk badges for a page of deals (one query at most)."""
    return risk.flags_for(opportunities, timezone.now())


def list_opportunities(actor: Any, filters: OpportunityFilters, page: PageRequest) -> Page[Opportunity]:
    """One page of visible deals; related rows joined and tags prefetched (constant query count)."""
    engine.require_action(actor, OPPORTUNITIES.resource, "view")
    if page.ordering:
        ensure_fields_usable(actor, OPPORTUNITIES.resource, [page.ordering.lstrip("-")])
    queryset = filtered_opportunities(actor, filters).select_related(*LIST_RELATED).prefetch_related("tags")
    return paginate(queryset, page, allowed_ordering=ORDERING, default_ordering="-id")


def get_opportunity(actor: Any, opportunity_id: int) -> Opportunity:
    """One deal with its lines, contact roles and tags, or 404."""
    opportunity: Opportunity = engine.get_visible(actor, OPPORTUNITIES.resource, opportunity_id, related=LIST_RELATED)
    prefetch_related_objects(
        [opportunity],
        "tags",
        "lines",
        Prefetch("contact_roles", queryset=OpportunityContact.objects.select_related("contact")),
    )
    return opportunity


def with_related(opportunity: Opportunity) -> Opportunity:
    """A deal just written, reloaded with what its rendering needs."""
    reloaded: Opportunity = (
        Opportunity.objects.select_related(*LIST_RELATED).prefetch_related("tags").get(pk=opportunity.pk)
    )
    return reloaded


def customer_opportunities(actor: Any, customer_id: int) -> list[Opportunity]:
    """The deals of a customer the actor may see (404 when the customer is out of scope), newest first."""
    customer_queries.get_customer(actor, customer_id)
    queryset = visible_opportunities(actor).filter(customer_id=customer_id)
    return list(queryset.select_related(*LIST_RELATED).prefetch_related("tags").order_by("-pk")[:CUSTOMER_LIMIT])


def stage_history(actor: Any, opportunity_id: int) -> list[StageChange]:
    """The stage moves of a visible deal, oldest first, with stage and mover names joined."""
    engine.get_visible(actor, OPPORTUNITIES.resource, opportunity_id)
    return list(
        StageChange.objects.filter(opportunity_id=opportunity_id)
        .select_related("from_stage", "to_stage", "moved_by")
        .order_by("moved_at", "pk")
    )


# deal id → [(resource, [object ids])]: records whose history belongs on the deal's timeline.
TimelineSource = Callable[[int], list[tuple[str, list[str]]]]
_timeline_sources: list[TimelineSource] = []


def register_timeline_source(source: TimelineSource) -> None:
    """Declare more audit subjects of a deal's timeline (higher domains, e.g. its follow-ups, call this in ready())."""
    if source not in _timeline_sources:
        _timeline_sources.append(source)


def timeline_subjects(opportunity_id: int) -> list[tuple[str, list[str]]]:
    """The audit subjects of a deal's timeline: the deal, then every registered source."""
    subjects = [(OPPORTUNITIES.resource, [str(opportunity_id)])]
    for source in _timeline_sources:
        subjects.extend(source(opportunity_id))
    return subjects
