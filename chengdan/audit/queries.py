"""Reading the audit log, with field rules applied to every diff."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Q

from chengdan.access import engine
from chengdan.access.fields import apply_field_rules_to_changes
from chengdan.audit.models import AuditEntry
from chengdan.audit.permissions import visible_audit_entries
from chengdan.core.pagination import Page, PageRequest, paginate

ORDERING = {"at": "seq", "seq": "seq"}


@dataclass(frozen=True)
class AuditFilters:
    """What the audit viewer filters by."""

    user_id: int | None = None
    object_type: str = ""
    object_id: str = ""
    action: str = ""
    since: datetime | None = None
    until: datetime | None = None


def list_entries(actor: Any, filters: AuditFilters, page: PageRequest) -> Page[AuditEntry]:
    """One page of visible audit entries, newest first."""
    engine.require_action(actor, "audit", "view")
    queryset = visible_audit_entries(actor)
    if filters.user_id is not None:
        queryset = queryset.filter(actor_id=filters.user_id)
    if filters.object_type:
        queryset = queryset.filter(object_type=filters.object_type)
    if filters.object_id:
        queryset = queryset.filter(object_id=filters.object_id)
    if filters.action:
        queryset = queryset.filter(action__startswith=filters.action)
    if filters.since:
        queryset = queryset.filter(at__gte=filters.since)
    if filters.until:
        queryset = queryset.filter(at__lt=filters.until)
    return paginate(queryset, page, allowed_ordering=ORDERING, default_ordering="-seq")


def render_entry(actor: Any, entry: AuditEntry) -> dict[str, Any]:
    """An entry as the actor may read it: hidden fields dropped from the diff, masked ones masked."""
    return {
        "id": entry.pk,
        "seq": entry.seq,
        "at": entry.at,
        "user_id": entry.actor_id,
        "user_name": entry.actor_name,
        "ip": entry.ip,
        "user_agent": entry.user_agent,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "object_repr": entry.object_repr,
        "changes": apply_field_rules_to_changes(actor, entry.object_type, entry.changes),
        "data": entry.data,
    }


def record_history(actor: Any, subjects: list[tuple[str, list[str]]], page: PageRequest) -> Page[AuditEntry]:
    """Changes to records the caller has already been allowed to see (a record's timeline), newest first."""
    condition = Q(pk__in=[])
    for object_type, object_ids in subjects:
        if object_ids:
            condition |= Q(object_type=object_type, object_id__in=object_ids)
    queryset = AuditEntry.objects.filter(condition).exclude(action="permission.denied")
    return paginate(queryset, page, allowed_ordering=ORDERING, default_ordering="-seq")
