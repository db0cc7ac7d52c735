"""The first-contact SLA scan: remind the owner, escalate to their manager, then return the lead to a pool.

Each step reads only leads assigned before its cutoff and never contacted (the `lead_sla_idx` partial
index on `assigned_at`), and marks what it did (`sla_reminded_at`, `sla_escalated_at`, the pool), so a
second run the same hour finds nothing new. Notifications carry a dedupe key per assignment, so even
an interrupted run sends each one once.
"""

from datetime import datetime, timedelta
from typing import NamedTuple

from django.db import transaction
from django.db.models import QuerySet

from chengdan.access.models import Pool
from chengdan.leads import pool_actions
from chengdan.leads.choices import AssignmentReason, LeadStatus
from chengdan.leads.models import AssignmentLog, Lead, LeadSlaPolicy
from chengdan.notifications import actions as notification_actions

CHUNK = 1000


class SlaScan(NamedTuple):
    """How many leads each step of one scan touched (a tuple, so a Celery task can return it as JSON)."""

    reminded: int = 0
    escalated: int = 0
    returned: int = 0


def _due(cutoff: datetime) -> QuerySet[Lead]:
    # Assigned, never contacted, still new: exactly the rows of the partial index, bounded by the cutoff.
    return Lead.objects.filter(
        first_contacted_at__isnull=True,
        assigned_at__lte=cutoff,
        owner__isnull=False,
        status=LeadStatus.NEW,
    )


def _key(step: str, lead_id: int, assigned_at: datetime | None) -> str:
    # Per assignment: a lead reassigned later gets a fresh reminder for its new owner.
    return f"lead-sla-{step}:{lead_id}:{int(assigned_at.timestamp()) if assigned_at else 0}"


def _remind(policy: LeadSlaPolicy, now: datetime) -> int:
    rows = list(
        _due(now - timedelta(hours=policy.remind_after_hours))
        .filter(sla_reminded_at__isnull=True)
        .order_by("assigned_at")
        .values_list("pk", "name", "owner_id", "assigned_at")
    )
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        notices = [
            notification_actions.Notice(
                recipient_id=owner_id,
                kind="lead.sla_remind",
                title=f"线索「{name}」已超过 {policy.remind_after_hours} 小时未联系",
                body=f"Lead {name} has not been contacted within {policy.remind_after_hours} hours.",
                link=f"/leads/{lead_id}",
                subject_type="leads",
                subject_id=str(lead_id),
                dedupe_key=_key("remind", lead_id, assigned_at),
            )
            for lead_id, name, owner_id, assigned_at in chunk
        ]
        with transaction.atomic():
            notification_actions.notify_many(notices)
            Lead.objects.filter(pk__in=[row[0] for row in chunk]).update(sla_reminded_at=now)
    return len(rows)


def _escalate(policy: LeadSlaPolicy, now: datetime) -> int:
    if policy.escalate_after_hours is None:
        return 0
    rows = list(
        _due(now - timedelta(hours=policy.escalate_after_hours))
        .filter(sla_escalated_at__isnull=True)
        .order_by("assigned_at")
        .values_list("pk", "name", "owner__manager_id", "owner__display_name", "owner__username", "assigned_at")
    )
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        notices = [
            notification_actions.Notice(
                recipient_id=manager_id,
                kind="lead.sla_escalate",
                title=f"{display or username} 的线索「{name}」已超过 {policy.escalate_after_hours} 小时未联系",
                body=f"{display or username} has not contacted lead {name} within {policy.escalate_after_hours} hours.",
                link=f"/leads/{lead_id}",
                subject_type="leads",
                subject_id=str(lead_id),
                dedupe_key=_key("escalate", lead_id, assigned_at),
            )
            for lead_id, name, manager_id, display, username, assigned_at in chunk
            if manager_id is not None
        ]
        with transaction.atomic():
            notification_actions.notify_many(notices)
            # Marked even without a manager: there is nobody to escalate to, and the scan must not retry forever.
            Lead.objects.filter(pk__in=[row[0] for row in chunk]).update(sla_escalated_at=now)
    return len(rows)


def _return(policy: LeadSlaPolicy, now: datetime) -> int:
    if policy.return_after_hours is None or policy.return_pool_id is None:
        return 0
    pool = Pool.objects.filter(pk=policy.return_pool_id, is_active=True).first()
    if pool is None:
        return 0
    cutoff = now - timedelta(hours=policy.return_after_hours)
    ids = list(_due(cutoff).order_by("pk").values_list("pk", flat=True))
    reason = f"超过 {policy.return_after_hours} 小时未首次联系，退回公海"
    returned = 0
    for start in range(0, len(ids), CHUNK):
        with transaction.atomic():
            # Re-checked under the row lock: a lead contacted since the first read stays with its owner.
            leads = list(_due(cutoff).filter(pk__in=ids[start : start + CHUNK]).select_for_update().order_by("pk"))
            for lead in leads:
                pool_actions.return_to_pool(lead, pool, reason, actor=None, now=now)
            AssignmentLog.objects.bulk_create(
                [AssignmentLog(lead=lead, reason=AssignmentReason.SLA_RETURN, assigned_at=now) for lead in leads]
            )
            returned += len(leads)
    return returned


def scan_first_contact_sla(now: datetime) -> SlaScan:
    """Run the SLA steps due at `now` (return first, so a returned lead is not also reminded); safe to run twice."""
    policy = LeadSlaPolicy.objects.order_by("pk").first()
    if policy is None or not policy.is_active:
        return SlaScan()
    returned = _return(policy, now)
    escalated = _escalate(policy, now)
    reminded = _remind(policy, now)
    return SlaScan(reminded=reminded, escalated=escalated, returned=returned)
