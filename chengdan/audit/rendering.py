"""The JSON of a record's timeline page, shared by every domain that shows one."""

from typing import Any

from chengdan.access.fields import apply_field_rules_to_changes
from chengdan.audit.models import AuditEntry
from chengdan.core.pagination import Page
from chengdan.core.schemas import page_body


def render_timeline_entry(actor: Any, entry: AuditEntry) -> dict[str, Any]:
    """One history entry as the actor may see it: hidden fields' values are masked by the field rules."""
    return {
        "id": entry.pk,
        "at": entry.at,
        "action": entry.action,
        "actor_name": entry.actor_name or None,
        "subject_type": entry.object_type,
        "subject_id": entry.object_id,
        "changes": apply_field_rules_to_changes(actor, entry.object_type, entry.changes),
    }


def timeline_page_body(actor: Any, result: Page[AuditEntry]) -> dict[str, Any]:
    """A page of history entries with its cursor and count."""
    return page_body(result, [render_timeline_entry(actor, entry) for entry in result.items])
