"""Reads on public pools: the pools, the ones an actor belongs to, their records and a record's pool history."""

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from chengdan.access import engine
from chengdan.access.models import Pool
from chengdan.access.profile import load_profile
from chengdan.accounts.models import User
from chengdan.core.errors import NotFoundError
from chengdan.core.pagination import Page, PageRequest, paginate
from chengdan.leads.choices import PoolAction
from chengdan.leads.models import PoolEvent, TakeBackRule
from chengdan.leads.pool_actions import model_of, start_of_day

POOLS_RESOURCE = "pools"
RECORD_ORDERING = {"pooled_at": "pooled_at", "created_at": "created_at", "name": "name"}


def _with_related(queryset: QuerySet[Pool]) -> QuerySet[Pool]:
    users = User.objects.only("pk", "username", "display_name")
    return queryset.prefetch_related(
        Prefetch("members", queryset=users),
        Prefetch("managers", queryset=users),
        "member_departments",
        Prefetch("take_back_rules", queryset=TakeBackRule.objects.order_by("customer_level", "pk")),
    )


def list_pools(actor: Any, resource: str | None = None) -> list[Pool]:
    """Every pool (the settings page), optionally of one resource; needs the pools view right."""
    engine.require_action(actor, POOLS_RESOURCE, "view")
    queryset: QuerySet[Pool] = engine.visible(actor, POOLS_RESOURCE)
    if resource:
        model_of(resource)
        queryset = queryset.filter(resource=resource)
    return list(_with_related(queryset.order_by("resource", "name", "pk")))


def get_pool(actor: Any, pool_id: int) -> Pool:
    """One pool with its members and rules, or 404."""
    engine.require_action(actor, POOLS_RESOURCE, "view")
    pool = _with_related(Pool.objects.filter(pk=pool_id)).first()
    if pool is None:
        raise NotFoundError()
    return pool


def member_pool_ids(actor: Any, resource: str) -> frozenset[int]:
    """The active pools of `resource` the actor is a member or manager of."""
    return load_profile(actor).pool_ids(resource)


def member_pools(actor: Any, resource: str) -> list[Pool]:
    """The active pools of `resource` the actor may see and claim from (members, member departments, managers)."""
    model_of(resource)
    ids = member_pool_ids(actor, resource)
    return list(Pool.objects.filter(pk__in=sorted(ids)).order_by("name", "pk")) if ids else []


def pool_records(actor: Any, pool_id: int, page: PageRequest) -> tuple[Pool, Page[Any]]:
    """One page of the records waiting in a pool, as the actor sees them (non-members see none)."""
    pool = Pool.objects.filter(pk=pool_id).first()
    if pool is None:
        raise NotFoundError()
    model_of(pool.resource)
    engine.require_action(actor, pool.resource, "view")
    queryset = engine.visible(actor, pool.resource, "view").filter(pool_id=pool.pk)
    if pool.resource == "customers":
        queryset = queryset.defer("search_text", "name_key")
    return pool, paginate(queryset, page, allowed_ordering=RECORD_ORDERING, default_ordering="-pooled_at")


def last_losers(resource: str, object_ids: list[int]) -> dict[int, int]:
    """Who last lost each record to its pool (the rep it was returned or released from), by record id."""
    events = (
        PoolEvent.objects.filter(
            resource=resource, object_id__in=object_ids, action__in=("returned", "released"), user__isnull=False
        )
        .order_by("object_id", "at", "pk")
        .values_list("object_id", "user_id")
    )
    # Ordered by time: the last one of each record wins.
    return dict(events)


def record_history(actor: Any, resource: str, object_id: int) -> list[PoolEvent]:
    """The pool history of a record the actor may see (404 otherwise), oldest first."""
    model_of(resource)
    engine.get_visible(actor, resource, object_id)
    return list(
        PoolEvent.objects.filter(resource=resource, object_id=object_id)
        .select_related("pool", "user", "actor")
        .order_by("at", "pk")
    )


def claimed_today(actor: Any, resource: str) -> int:
    """How many records of `resource` the actor claimed today (Beijing day), for the daily limit display."""
    since = start_of_day(timezone.now())
    return PoolEvent.objects.filter(user=actor, resource=resource, action=PoolAction.CLAIMED, at__gte=since).count()
