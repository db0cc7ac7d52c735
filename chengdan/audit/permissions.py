"""The audit log's policy: who may read which entries."""

from typing import Any

from django.db.models import QuerySet

from chengdan.access import engine
from chengdan.access.policies import Policy, register
from chengdan.audit.models import AuditEntry

AUDIT = register(
    Policy(
        resource="audit",
        model=AuditEntry,
        owner_field="actor_id",
        department_field=None,
        actions=("view", "export"),
        label="审计日志",
    )
)


def visible_audit_entries(actor: Any, action: str = "view") -> QuerySet[AuditEntry]:
    """Audit entries the actor may read."""
    return engine.visible(actor, AUDIT.resource, action)
