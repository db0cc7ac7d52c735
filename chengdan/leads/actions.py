"""Writes on leads: create, edit, transfer, invalidate, delete, bulk actions and follow-up clocks."""

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from chengdan.access import engine
from chengdan.access.models import RecordShare
from chengdan.accounts.models import User
from chengdan.core.errors import DomainError, ErrorCode, validation_error
from chengdan.core.events import Event, diff, publish, publish_many, snapshot
from chengdan.core.versioning import bump_version
from chengdan.customers import actions as customer_actions
from chengdan.customers.validation import Vocabulary
from chengdan.leads import scoring, validation
from chengdan.leads.choices import AssignmentReason, LeadStatus
from chengdan.leads.errors import LeadError
from chengdan.leads.models import AssignmentLog, Lead
from chengdan.leads.permissions import LEADS, visible_leads
from chengdan.notifications import actions as notification_actions

AUDITED = [
    "name",
    "mobile",
    "email",
    "wechat",
    "title",
    "company_name",
    "province_code",
    "city_code",
    "district_code",
    "industry",
    "budget",
    "product_interest",
    "source",
    "campaign",
    "status",
    "invalid_reason",
    "owner_id",
    "department_id",
    "pool_id",
    "score",
    "notes",
    "duplicate_status",
    "matched_customer_id",
    "matched_contact_id",
    "matched_lead_id",
]
BULK_LIMIT = 1000
SETTABLE_STATUSES = (LeadStatus.NEW, LeadStatus.WORKING)
BULK_RIGHTS = {"transfer": "assign", "set_status": "edit", "delete": "delete"}


def lead_event(name: str, lead: Lead, actor_id: int | None, changes: dict[str, Any]) -> Event:
    """The event of one change of a lead."""
    return Event(name, LEADS.resource, str(lead.pk), lead.name[:255], actor_id, changes=changes)


def publish_event(name: str, lead: Lead, actor_id: int | None, changes: dict[str, Any]) -> None:
    """Audit one change of a lead (the timeline reads these)."""
    publish(lead_event(name, lead, actor_id, changes))


def publish_events(events: list[Event]) -> None:
    """Audit many changes at once (bulk capture and import)."""
    publish_many(events)


def audit_snapshot(lead: Lead) -> dict[str, Any]:
    """The audited values of a lead, for `diff`."""
    return snapshot(lead, AUDITED)


def checked_values(values: dict[str, Any], *, partial: bool, vocabulary: Vocabulary | None = None) -> dict[str, Any]:
    """Clean lead values or a 422 naming every field at fault."""
    clean, errors = validation.clean_lead(values, vocabulary or Vocabulary.load(), partial=partial)
    if errors:
        raise validation_error(errors)
    return clean


def rescore(lead: Lead) -> None:
    """Recompute the lead's score from the active scoring rules (caller saves)."""
    lead.score = scoring.score_of(lead)


def notify_owner(lead: Lead, actor_id: int | None) -> None:
    """Tell the new owner a lead is theirs (once per lead and owner; not when they took it themselves)."""
    if lead.owner_id is None or lead.owner_id == actor_id:
        return
    owner = lead.owner
    assert owner is not None
    notification_actions.notify(
        recipient=owner,
        kind="lead.assigned",
        title=f"新线索：{lead.name}" + (f"（{lead.company_name}）" if lead.company_name else ""),
        link=f"/leads/{lead.pk}",
        subject_type=LEADS.resource,
        subject_id=str(lead.pk),
        dedupe_key=f"lead.assigned:{lead.pk}:{lead.owner_id}",
    )


def give_to(lead: Lead, owner: User, now: datetime) -> None:
    """Make `owner` the lead's owner: out of any pool, fresh first-contact and take-back clocks (caller saves)."""
    lead.owner = owner
    lead.department_id = owner.department_id
    lead.pool = None
    lead.pooled_at = None
    lead.assigned_at = now
    lead.idle_since = now
    lead.sla_reminded_at = lead.sla_escalated_at = None


def create_lead(*, actor: User, values: dict[str, Any], owner_id: int | None = None) -> Lead:
    """Create a lead by hand, owned by the actor (or a colleague in reach); no rules, no duplicate merge."""
    engine.require_action(actor, LEADS.resource, "create")
    clean = checked_values(values, partial=False)
    clean.setdefault("source", "phone")
    owner = customer_actions.owner_for(owner_id, actor)
    now = timezone.now()
    lead = Lead(**clean)
    give_to(lead, owner, now)
    if owner.pk != actor.pk:
        engine.ensure_within_reach(actor, LEADS.resource, "assign", lead)
    lead.search_text = validation.search_text_of(lead)
    rescore(lead)
    with transaction.atomic():
        lead.save()
        AssignmentLog.objects.create(lead=lead, user=owner, reason=AssignmentReason.MANUAL, assigned_at=now)
        publish_event("lead.created", lead, actor.pk, diff({}, audit_snapshot(lead)))
        notify_owner(lead, actor.pk)
    return lead


def locked_lead(actor: User, lead_id: int, version: int | None, action: str) -> Lead:
    """The lead row locked for a write the actor may do (404/403/409 otherwise)."""
    lead: Lead = engine.get_visible(actor, LEADS.resource, lead_id, action, for_update=True, version=version)
    return lead


def update_lead(*, actor: User, lead_id: int, version: int, changes: dict[str, Any]) -> Lead:
    """Edit a lead's fields (status only between new and working); a stale version answers 409."""
    status = changes.pop("status", None)
    if status is not None and status not in SETTABLE_STATUSES:
        raise LeadError.status_not_allowed(status)
    clean = checked_values(changes, partial=True)
    with transaction.atomic():
        lead = locked_lead(actor, lead_id, version, "edit")
        before = audit_snapshot(lead)
        for name, value in clean.items():
            setattr(lead, name, value)
        if status is not None and status != lead.status:
            if lead.status == LeadStatus.CONVERTED:
                raise LeadError.converted()
            lead.status = status
            lead.invalid_reason = ""
        lead.search_text = validation.search_text_of(lead)
        rescore(lead)
        bump_version(lead)
        lead.save()
        publish_event("lead.updated", lead, actor.pk, diff(before, audit_snapshot(lead)))
    return lead


def _hand_over(actor: User, lead: Lead, owner: User, now: datetime) -> None:
    if lead.status == LeadStatus.CONVERTED:
        raise LeadError.converted()
    before = audit_snapshot(lead)
    give_to(lead, owner, now)
    engine.ensure_within_reach(actor, LEADS.resource, "assign", lead)
    bump_version(lead)
    lead.save()
    AssignmentLog.objects.create(lead=lead, user=owner, reason=AssignmentReason.MANUAL, assigned_at=now)
    publish_event("lead.transferred", lead, actor.pk, diff(before, audit_snapshot(lead)))
    notify_owner(lead, actor.pk)


def transfer_lead(*, actor: User, lead_id: int, owner_id: int, version: int | None) -> Lead:
    """Hand a lead to another owner inside the actor's reach; its department follows, its clocks restart."""
    engine.require_action(actor, LEADS.resource, "assign")
    owner = customer_actions.owner_for(owner_id, actor)
    with transaction.atomic():
        lead = locked_lead(actor, lead_id, version, "assign")
        _hand_over(actor, lead, owner, timezone.now())
    return lead


def _invalidate(actor: User, lead: Lead, reason: str) -> None:
    if lead.status == LeadStatus.CONVERTED:
        raise LeadError.converted()
    before = audit_snapshot(lead)
    lead.status = LeadStatus.INVALID
    lead.invalid_reason = reason
    bump_version(lead)
    lead.save(update_fields=["status", "invalid_reason", "version", "updated_at"])
    publish_event("lead.invalidated", lead, actor.pk, diff(before, audit_snapshot(lead)))


def _reason(reason: str | None) -> str:
    text = (reason or "").strip()
    if not text:
        raise LeadError.invalid_reason_required()
    if len(text) > 200:
        raise LeadError.invalid("reason", "无效原因不能超过 200 个字符。", "At most 200 characters.")
    return text


def mark_lead_invalid(*, actor: User, lead_id: int, version: int | None, reason: str) -> Lead:
    """Mark a lead invalid (无效) with the reason; a converted lead stays converted."""
    text = _reason(reason)
    with transaction.atomic():
        lead = locked_lead(actor, lead_id, version, "edit")
        _invalidate(actor, lead, text)
    return lead


def _delete(actor: User, lead: Lead) -> None:
    publish_event("lead.deleted", lead, actor.pk, diff(audit_snapshot(lead), {}))
    RecordShare.objects.filter(resource=LEADS.resource, object_id=lead.pk).delete()
    lead.delete()


def delete_lead(*, actor: User, lead_id: int) -> None:
    """Delete a lead; the audit keeps its last values."""
    with transaction.atomic():
        _delete(actor, locked_lead(actor, lead_id, None, "delete"))


def _set_status(actor: User, lead: Lead, status: str, reason: str | None) -> None:
    if status == LeadStatus.INVALID:
        _invalidate(actor, lead, _reason(reason))
        return
    if lead.status == LeadStatus.CONVERTED:
        raise LeadError.converted()
    if lead.status == status:
        return
    before = audit_snapshot(lead)
    lead.status = status
    lead.invalid_reason = ""
    bump_version(lead)
    lead.save(update_fields=["status", "invalid_reason", "version", "updated_at"])
    publish_event("lead.updated", lead, actor.pk, diff(before, audit_snapshot(lead)))


def _bulk_target(actor: User, action: str, owner_id: int | None, status: str | None, reason: str | None) -> Any:
    if action == "transfer":
        if owner_id is None:
            raise LeadError.invalid("owner_id", "请选择新负责人。", "Choose the new owner.")
        return customer_actions.owner_for(owner_id, actor)
    if action == "set_status":
        if status not in (*SETTABLE_STATUSES, LeadStatus.INVALID):
            raise LeadError.status_not_allowed(str(status))
        if status == LeadStatus.INVALID:
            _reason(reason)
        return status
    return None


def bulk_update(
    *,
    actor: User,
    ids: list[int],
    action: str,
    owner_id: int | None = None,
    status: str | None = None,
    reason: str | None = None,
) -> dict[str, Any]:
    """Transfer, set the status of or delete many leads; each refusal (out of reach, converted…) is reported by id."""
    right = BULK_RIGHTS.get(action)
    if right is None:
        raise LeadError.invalid("action", "未知的批量操作。", "Unknown bulk action.")
    engine.require_action(actor, LEADS.resource, right)
    if len(ids) > BULK_LIMIT:
        raise LeadError.bulk_too_large(BULK_LIMIT)
    target = _bulk_target(actor, action, owner_id, status, reason)
    now = timezone.now()
    done: list[int] = []
    refused: list[dict[str, Any]] = []
    with transaction.atomic():
        # Lock in primary-key order so two overlapping bulk actions cannot deadlock.
        allowed = list(visible_leads(actor, right).filter(pk__in=ids).select_for_update().order_by("pk"))
        for lead in allowed:
            try:
                with transaction.atomic():
                    if action == "transfer":
                        _hand_over(actor, lead, target, now)
                    elif action == "set_status":
                        _set_status(actor, lead, target, reason)
                    else:
                        _delete(actor, lead)
                done.append(lead.pk)
            except DomainError as error:
                refused.append({"id": lead.pk, "code": error.code, "message": error.message})
        missing = DomainError(ErrorCode.NOT_FOUND)
        found = {lead.pk for lead in allowed}
        refused.extend({"id": pk, "code": missing.code, "message": missing.message} for pk in sorted(set(ids) - found))
    refused.sort(key=lambda item: item["id"])
    return {"done": done, "refused": refused}


def rescore_after_follow_ups(lead_ids: Iterable[int]) -> None:
    """Recompute the score of leads whose follow-ups changed (rules may give points per follow-up)."""
    rules = scoring.load_rules()
    if not rules:
        return
    ids = list(lead_ids)
    counts = scoring.follow_up_counts(ids)
    for lead in Lead.objects.filter(pk__in=ids):
        score = scoring.score_of(lead, follow_ups=counts.get(lead.pk, 0), rules=rules)
        if score != lead.score:
            Lead.objects.filter(pk=lead.pk).update(score=score)


def touch_lead_follow_up(lead_ids: Iterable[int], at: datetime) -> None:
    """Record a follow-up: first contact (SLA), last follow-up, the take-back clock; a new lead starts working."""
    ids = list(lead_ids)
    leads = Lead.objects.filter(pk__in=ids)
    leads.filter(first_contacted_at__isnull=True).update(first_contacted_at=at)
    leads.filter(Q(last_follow_up_at__isnull=True) | Q(last_follow_up_at__lt=at)).update(last_follow_up_at=at)
    leads.filter(idle_since__lt=at).update(idle_since=at)
    leads.filter(status=LeadStatus.NEW).update(status=LeadStatus.WORKING, version=F("version") + 1)
