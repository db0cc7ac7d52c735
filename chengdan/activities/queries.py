"""Reads on follow-ups: the record an activity is about, the follow-up log and one follow-up.

Every read starts from `visible_follow_ups` (the record's visibility, or authorship).
"""

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Model, Q, QuerySet
from django.utils import timezone

from chengdan.access import engine
from chengdan.accounts.models import Department
from chengdan.activities.models import FollowUp
from chengdan.activities.permissions import FOLLOW_UPS, VISITS, visible_follow_ups, visible_visits
from chengdan.core.errors import DomainError, ErrorCode, NotFoundError, localized
from chengdan.core.pagination import Page, PageRequest, paginate

# The records an activity may be about (their resource names, as the SPA's record pages use them).
RECORD_TYPES = ("leads", "customers", "contacts", "opportunities")
# Joined by every follow-up read, so rendering costs no query per row.
RELATED = ("author", "department", "lead", "customer", "contact", "opportunity")
VISIT_RELATED = ("owner", "department", "lead", "customer", "contact", "opportunity")
ORDERING = {"occurred_at": "occurred_at", "id": "id"}


@dataclass(frozen=True)
class RecordRef:
    """The record an activity is logged on, with the links the activity row stores."""

    resource: str
    record_id: int
    record: Model
    name: str
    path: str
    lead_id: int | None = None
    customer_id: int | None = None
    contact_id: int | None = None
    opportunity_id: int | None = None

    @property
    def links(self) -> dict[str, int | None]:
        """The activity row's link columns."""
        return {
            "lead_id": self.lead_id,
            "customer_id": self.customer_id,
            "contact_id": self.contact_id,
            "opportunity_id": self.opportunity_id,
        }


def _unknown_record_type() -> DomainError:
    return DomainError(
        ErrorCode.VALIDATION_ERROR,
        fields={
            "record_type": localized("只能是线索、客户、联系人或商机。", "Must be a lead, customer, contact or deal.")
        },
    )


def resolve_record(actor: Any, record_type: str, record_id: int, action: str = "view") -> RecordRef:
    """The record an activity is about, as the actor may `action` it (404 out of scope, like a missing id)."""
    if record_type not in RECORD_TYPES:
        raise _unknown_record_type()
    record = engine.get_visible(actor, record_type, record_id, action)
    if record_type == "leads":
        return RecordRef(record_type, record.pk, record, record.name, f"/leads/{record.pk}", lead_id=record.pk)
    if record_type == "customers":
        return RecordRef(record_type, record.pk, record, record.name, f"/customers/{record.pk}", customer_id=record.pk)
    if record_type == "contacts":
        return RecordRef(
            record_type,
            record.pk,
            record,
            record.name,
            f"/customers/{record.customer_id}",
            customer_id=record.customer_id,
            contact_id=record.pk,
        )
    return RecordRef(
        record_type,
        record.pk,
        record,
        record.name,
        f"/opportunities/{record.pk}",
        customer_id=record.customer_id,
        opportunity_id=record.pk,
    )


def record_condition(record_type: str, record_id: int) -> Q:
    """The activities about one record; a customer's include those on its contacts and deals."""
    column = {
        "leads": "lead_id",
        "customers": "customer_id",
        "contacts": "contact_id",
        "opportunities": "opportunity_id",
    }.get(record_type)
    if column is None:
        raise _unknown_record_type()
    return Q(**{column: record_id})


def record_type_condition(record_type: str) -> Q:
    """Activities whose most specific link is of this type (a deal's follow-up is not a customer's)."""
    if record_type == "opportunities":
        return Q(opportunity_id__isnull=False)
    if record_type == "leads":
        return Q(lead_id__isnull=False, opportunity_id__isnull=True)
    if record_type == "contacts":
        return Q(contact_id__isnull=False, opportunity_id__isnull=True)
    if record_type == "customers":
        return Q(customer_id__isnull=False, contact_id__isnull=True, opportunity_id__isnull=True)
    raise _unknown_record_type()


def day_start(day: date) -> datetime:
    """Midnight at the start of a day in the site's time zone (Asia/Shanghai)."""
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_current_timezone())


def department_subtree(department_id: int, column: str = "department_id") -> Q:
    """Rows whose department is the given one or under it."""
    path = Department.objects.filter(pk=department_id).values_list("path", flat=True).first()
    if path is None:
        return Q(pk__in=[])
    return Q(**{f"{column}__in": Department.objects.filter(path__startswith=path).values("pk")})


@dataclass(frozen=True)
class FollowUpFilters:
    """What the follow-up log can be narrowed by."""

    author_id: int | None = None
    department_id: int | None = None
    kind: tuple[str, ...] = ()
    record_type: str = ""
    date_from: date | None = None
    date_to: date | None = None


def filtered_follow_ups(actor: Any, filters: FollowUpFilters, action: str = "view") -> QuerySet[FollowUp]:
    """The visible follow-ups matching the filters (dates are whole days in the site's time zone)."""
    queryset = visible_follow_ups(actor, action)
    if filters.author_id is not None:
        queryset = queryset.filter(author_id=filters.author_id)
    if filters.department_id is not None:
        queryset = queryset.filter(department_subtree(filters.department_id))
    if filters.kind:
        queryset = queryset.filter(kind__in=filters.kind)
    if filters.record_type:
        queryset = queryset.filter(record_type_condition(filters.record_type))
    if filters.date_from is not None:
        queryset = queryset.filter(occurred_at__gte=day_start(filters.date_from))
    if filters.date_to is not None:
        queryset = queryset.filter(occurred_at__lt=day_start(filters.date_to + timedelta(days=1)))
    return queryset


def list_follow_ups(actor: Any, filters: FollowUpFilters, page: PageRequest) -> Page[FollowUp]:
    """One page of the follow-up log, newest first (a constant number of queries per page)."""
    engine.require_action(actor, FOLLOW_UPS.resource, "view")
    queryset = filtered_follow_ups(actor, filters).select_related(*RELATED)
    return paginate(queryset, page, allowed_ordering=ORDERING, default_ordering="-occurred_at")


def get_follow_up(actor: Any, follow_up_id: int) -> FollowUp:
    """One follow-up the actor may see, or 404."""
    follow_up: FollowUp = engine.get_visible(actor, FOLLOW_UPS.resource, follow_up_id, related=RELATED)
    return follow_up


def editable_ids(actor: Any, resource: str, ids: list[int]) -> set[int]:
    """Which of these activities the actor may edit (one query, whatever the page size)."""
    if not ids or not engine.has_action(actor, resource, "edit"):
        return set()
    return set(engine.visible(actor, resource, "edit").filter(pk__in=ids).values_list("pk", flat=True))


def require_found(found: bool) -> None:
    """404 unless found (the same answer as an out-of-scope id)."""
    if not found:
        raise NotFoundError()


@dataclass(frozen=True)
class FeedPage:
    """A page of a record's activities, newest first: ("follow_up" | "visit", row) pairs."""

    items: list[tuple[str, Any]]
    next_cursor: str | None


# Within the same instant follow-ups (rank 1) come before visits (rank 0), then higher ids first: a total
# order, so the cursor (instant, rank, id) neither skips nor repeats an entry.


def _feed_cursor(text: str | None) -> tuple[datetime, int, int] | None:
    if not text:
        return None
    try:
        padded = text + "=" * (-len(text) % 4)
        at, rank, pk = json.loads(base64.urlsafe_b64decode(padded.encode()).decode())
        moment = datetime.fromisoformat(at)
        if timezone.is_naive(moment) or rank not in (0, 1):
            raise ValueError("cursor")
        return moment, int(rank), int(pk)
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise DomainError(
            ErrorCode.VALIDATION_ERROR, fields={"cursor": localized("分页游标无效。", "The page cursor is invalid.")}
        ) from error


def _after(column: str, rank: int, cursor: tuple[datetime, int, int] | None) -> Q:
    if cursor is None:
        return Q()
    at, cursor_rank, pk = cursor
    if rank == cursor_rank:
        return Q(**{f"{column}__lt": at}) | Q(**{column: at, "pk__lt": pk})
    if rank < cursor_rank:
        return Q(**{f"{column}__lte": at})
    return Q(**{f"{column}__lt": at})


def activity_feed(actor: Any, record_type: str, record_id: int, limit: int, cursor: str | None) -> FeedPage:
    """The follow-ups and visits of a record the actor sees, newest first, in keyset pages (two queries)."""
    resolve_record(actor, record_type, record_id)
    position = _feed_cursor(cursor)
    condition = record_condition(record_type, record_id)
    rows: list[tuple[datetime, int, int, str, Any]] = []
    if engine.has_action(actor, FOLLOW_UPS.resource, "view"):
        follow_ups = (
            visible_follow_ups(actor)
            .filter(condition, _after("occurred_at", 1, position))
            .select_related(*RELATED)
            .order_by("-occurred_at", "-pk")[: limit + 1]
        )
        rows += [(item.occurred_at, 1, item.pk, "follow_up", item) for item in follow_ups]
    if engine.has_action(actor, VISITS.resource, "view"):
        visits = (
            visible_visits(actor)
            .filter(condition, _after("planned_at", 0, position), planned_at__isnull=False)
            .select_related(*VISIT_RELATED)
            .order_by("-planned_at", "-pk")[: limit + 1]
        )
        rows += [(item.planned_at, 0, item.pk, "visit", item) for item in visits if item.planned_at is not None]
    rows.sort(key=lambda row: (row[0], row[1], row[2]), reverse=True)
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        at, rank, pk, _, _ = rows[-1]
        raw = json.dumps([at.isoformat(), rank, pk])
        next_cursor = base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")
    return FeedPage(items=[(kind, item) for _, _, _, kind, item in rows], next_cursor=next_cursor)
