"""Reads on visits: the visit log (per rep, per team, per ISO week) and one visit."""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import QuerySet

from chengdan.access import engine
from chengdan.activities.models import Visit
from chengdan.activities.permissions import VISITS, visible_visits
from chengdan.activities.queries import VISIT_RELATED, day_start, department_subtree
from chengdan.core.errors import DomainError, ErrorCode, localized
from chengdan.core.pagination import Page, PageRequest, paginate

RELATED = VISIT_RELATED
ORDERING = {"planned_at": "planned_at", "check_in_at": "check_in_at", "id": "id"}


@dataclass(frozen=True)
class VisitFilters:
    """What the visit log can be narrowed by."""

    owner_id: int | None = None
    department_id: int | None = None
    customer_id: int | None = None
    status: tuple[str, ...] = ()
    is_far: bool | None = None
    week: str = ""
    date_from: date | None = None
    date_to: date | None = None


def week_days(week: str) -> tuple[date, date]:
    """Monday and the next Monday of an ISO week ("2025-W07"); 422 for a week that does not exist."""
    try:
        year, number = week.split("-W")
        monday = date.fromisocalendar(int(year), int(number), 1)
    except ValueError as error:
        raise DomainError(
            ErrorCode.VALIDATION_ERROR, fields={"week": localized("周次无效。", "Not a valid ISO week.")}
        ) from error
    return monday, monday + timedelta(days=7)


def filtered_visits(actor: Any, filters: VisitFilters, action: str = "view") -> QuerySet[Visit]:
    """The visible visits matching the filters (by planned time; dates are whole days in Asia/Shanghai)."""
    queryset = visible_visits(actor, action)
    simple = {"owner_id": filters.owner_id, "customer_id": filters.customer_id, "is_far": filters.is_far}
    queryset = queryset.filter(**{name: value for name, value in simple.items() if value is not None})
    if filters.status:
        queryset = queryset.filter(status__in=filters.status)
    if filters.department_id is not None:
        queryset = queryset.filter(department_subtree(filters.department_id))
    if filters.week:
        monday, next_monday = week_days(filters.week)
        queryset = queryset.filter(planned_at__gte=day_start(monday), planned_at__lt=day_start(next_monday))
    if filters.date_from is not None:
        queryset = queryset.filter(planned_at__gte=day_start(filters.date_from))
    if filters.date_to is not None:
        queryset = queryset.filter(planned_at__lt=day_start(filters.date_to + timedelta(days=1)))
    return queryset


def list_visits(actor: Any, filters: VisitFilters, page: PageRequest) -> Page[Visit]:
    """One page of the visit log (newest planned first unless ordered otherwise), constant queries per page."""
    engine.require_action(actor, VISITS.resource, "view")
    queryset = filtered_visits(actor, filters).select_related(*RELATED)
    return paginate(queryset, page, allowed_ordering=ORDERING, default_ordering="-planned_at")


def get_visit(actor: Any, visit_id: int) -> Visit:
    """One visit the actor may see, or 404."""
    visit: Visit = engine.get_visible(actor, VISITS.resource, visit_id, related=RELATED)
    return visit
