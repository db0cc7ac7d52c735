"""Reads on leads; every one starts from `visible_leads`."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet

from chengdan.access import engine
from chengdan.access.fields import ensure_fields_usable, field_rules
from chengdan.accounts.models import Department
from chengdan.audit import queries as audit_queries
from chengdan.audit.models import AuditEntry
from chengdan.core import textnorm
from chengdan.core.pagination import Page, PageRequest, paginate
from chengdan.leads.models import Lead
from chengdan.leads.permissions import LEADS, visible_leads
from chengdan.leads.rendering import LIST_RELATED

ORDERING = {
    "id": "id",
    "created_at": "created_at",
    "updated_at": "updated_at",
    "score": "score",
    "budget": "budget",
    "assigned_at": "assigned_at",
    "last_follow_up_at": "last_follow_up_at",
}
# Searching a field the actor sees masked would reveal it, so those actors search names only.
PRIVATE_FIELDS = {"mobile", "email"}
# Never shown; lists skip them (search_text is the widest column).
DERIVED_COLUMNS = ("search_text",)


@dataclass(frozen=True)
class LeadFilters:
    """What a lead list can be narrowed by."""

    q: str = ""
    status: tuple[str, ...] = ()
    source: tuple[str, ...] = ()
    owner_id: int | None = None
    department_id: int | None = None
    pool_id: int | None = None
    campaign: str = ""
    score_min: int | None = None
    score_max: int | None = None
    created_from: date | None = None
    created_to: date | None = None
    duplicate_status: tuple[str, ...] = ()


def _department_subtree(department_id: int) -> Q:
    path = Department.objects.filter(pk=department_id).values_list("path", flat=True).first()
    if path is None:
        return Q(pk__in=[])
    return Q(department_id__in=Department.objects.filter(path__startswith=path).values("pk"))


def _search(actor: Any, queryset: QuerySet[Lead], query: str) -> QuerySet[Lead]:
    needle = textnorm.normalise_query(query)
    if not needle:
        return queryset
    if set(field_rules(actor, LEADS.resource)) & PRIVATE_FIELDS:
        return queryset.filter(Q(name__icontains=needle) | Q(company_name__icontains=needle))
    return queryset.filter(search_text__contains=needle)


def filtered_leads(actor: Any, filters: LeadFilters, action: str = "view") -> QuerySet[Lead]:
    """The visible leads matching the filters."""
    queryset = _search(actor, visible_leads(actor, action), filters.q)
    simple = {
        "owner_id": filters.owner_id,
        "pool_id": filters.pool_id,
        "score__gte": filters.score_min,
        "score__lte": filters.score_max,
        "created_at__date__gte": filters.created_from,
        "created_at__date__lte": filters.created_to,
    }
    queryset = queryset.filter(**{name: value for name, value in simple.items() if value is not None})
    if filters.campaign:
        queryset = queryset.filter(campaign=filters.campaign)
    for name in ("status", "source", "duplicate_status"):
        values = getattr(filters, name)
        if values:
            queryset = queryset.filter(**{f"{name}__in": values})
    if filters.department_id is not None:
        queryset = queryset.filter(_department_subtree(filters.department_id))
    return queryset


def list_leads(actor: Any, filters: LeadFilters, page: PageRequest) -> Page[Lead]:
    """One page of visible leads, owner, department and pool joined (constant query count)."""
    engine.require_action(actor, LEADS.resource, "view")
    if page.ordering:
        ensure_fields_usable(actor, LEADS.resource, [page.ordering.lstrip("-")])
    queryset = filtered_leads(actor, filters).select_related(*LIST_RELATED).defer(*DERIVED_COLUMNS)
    return paginate(queryset, page, allowed_ordering=ORDERING, default_ordering="-id")


def get_lead(actor: Any, lead_id: int) -> Lead:
    """One lead the actor may see, or 404."""
    lead: Lead = engine.get_visible(actor, LEADS.resource, lead_id, related=LIST_RELATED)
    return lead


def with_related(lead: Lead) -> Lead:
    """A lead just written, reloaded with what its rendering needs."""
    reloaded: Lead = Lead.objects.select_related(*LIST_RELATED).get(pk=lead.pk)
    return reloaded


# lead id → [(resource, [object ids])]: records whose history belongs on the lead's timeline.
TimelineSource = Callable[[int], list[tuple[str, list[str]]]]
_timeline_sources: list[TimelineSource] = []


def register_timeline_source(source: TimelineSource) -> None:
    """Declare more audit subjects of a lead's timeline (higher domains, e.g. its follow-ups, call this in ready())."""
    if source not in _timeline_sources:
        _timeline_sources.append(source)


def timeline_subjects(lead_id: int) -> list[tuple[str, list[str]]]:
    """The audit subjects of a lead's timeline: the lead, then every registered source."""
    subjects = [(LEADS.resource, [str(lead_id)])]
    for source in _timeline_sources:
        subjects.extend(source(lead_id))
    return subjects


def lead_timeline(actor: Any, lead_id: int, page: PageRequest) -> Page[AuditEntry]:
    """The history of a visible lead (its changes, captures, shares and registered sources), newest first."""
    get_lead(actor, lead_id)
    return audit_queries.record_history(actor, timeline_subjects(lead_id), page)
