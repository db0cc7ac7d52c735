"""Capture: one lead from any channel (API, form, e-mail, import), checked, deduplicated, scored and assigned."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from chengdan.access import engine
from chengdan.accounts.models import User
from chengdan.core.errors import validation_error
from chengdan.core.events import diff
from chengdan.core.versioning import bump_version
from chengdan.customers import actions as customer_actions
from chengdan.customers.validation import Vocabulary
from chengdan.leads import actions, assignment, dedupe, scoring, validation
from chengdan.leads.choices import AssignmentReason, LeadSource
from chengdan.leads.errors import LeadError
from chengdan.leads.models import AssignmentLog, Lead, Mailbox, WebForm
from chengdan.leads.permissions import LEADS

# Blank fields of an open lead that a repeated capture of the same person fills in; nothing is overwritten.
BULK_LIMIT = 1000
FILLABLE = ("mobile", "email", "wechat", "title", "company_name", "company_key", "industry", "product_interest")


@dataclass(frozen=True)
class CaptureResult:
    """The captured lead, and whether it is new (False: the same submission, or the same open lead's person)."""

    lead: Lead
    created: bool
    errors: dict[str, str] = field(default_factory=dict)


@dataclass
class _Batch:
    """What a bulk capture loads once for all its rows."""

    vocabulary: Vocabulary
    rules: Sequence[scoring.Rule] | None = None


def clean_values(values: dict[str, Any], source: str, vocabulary: Vocabulary) -> dict[str, Any]:
    """Clean capture values: 422 per field, a way to reach the person, a known source channel."""
    # One pass over the fields and the channel; the channel's own error comes last, as a separate check.
    values = {**values, "source": source or LeadSource.API}
    clean, errors = validation.clean_lead(values, vocabulary, partial=False)
    source_error = errors.pop("source", None)
    if errors:
        raise validation_error(errors)
    if not validation.has_contact(clean):
        raise LeadError.contact_required()
    if source_error is not None:
        raise validation_error({"source": source_error})
    return clean


def merge_into(lead: Lead, clean: dict[str, Any], now: datetime) -> None:
    """Note a repeated capture on the lead and fill its blank fields (caller saves)."""
    label = LeadSource(clean["source"]).label
    stamp = timezone.localtime(now).strftime("%Y-%m-%d %H:%M")
    line = f"[{stamp}] 再次提交（{label}）" + (f"：{clean['notes']}" if clean.get("notes") else "")
    lead.notes = f"{lead.notes}\n{line}" if lead.notes else line
    for name in FILLABLE:
        if clean.get(name) and not getattr(lead, name):
            setattr(lead, name, clean[name])
    lead.search_text = validation.search_text_of(lead)


def recapture(lead: Lead, clean: dict[str, Any], now: datetime, actor_id: int | None) -> Lead:
    """The same person again on an open lead: note it on that lead, fill its blanks, keep one row."""
    before = actions.audit_snapshot(lead)
    merge_into(lead, clean, now)
    bump_version(lead)
    lead.save()
    changes = diff(before, actions.audit_snapshot(lead))
    actions.publish_event("lead.recaptured", lead, actor_id, {**changes, "source": (None, clean["source"])})
    return lead


def _assign(lead: Lead, owner: User | None, actor: User | None, now: datetime) -> None:
    """Give the saved-to-be lead its owner: the one asked for, else the rules, else the capturing user."""
    if owner is None:
        decision = assignment.assign_new_lead(lead, now)
        if decision.user_id or decision.pool_id or actor is None:
            assignment.apply_decision(lead, decision, now)
            return
        owner = actor
    actions.give_to(lead, owner, now)
    lead.save()
    AssignmentLog.objects.create(lead=lead, user=owner, reason=AssignmentReason.MANUAL, assigned_at=now)


def _create(
    clean: dict[str, Any],
    matches: dedupe.Matches,
    *,
    owner: User | None,
    actor: User | None,
    submission_key: str | None,
    form: WebForm | None,
    mailbox: Mailbox | None,
    now: datetime,
    batch: _Batch,
) -> Lead:
    if form is not None and not clean.get("campaign"):
        clean["campaign"] = form.campaign
    if mailbox is not None and not clean.get("campaign"):
        clean["campaign"] = mailbox.campaign
    lead = Lead(
        **clean,
        form=form,
        mailbox=mailbox,
        submission_key=submission_key,
        duplicate_status=matches.status,
        matched_customer=matches.customer,
        matched_contact=matches.contact,
        matched_lead=matches.lead,
    )
    lead.search_text = validation.search_text_of(lead)
    lead.score = scoring.score_of(lead, rules=batch.rules)
    if owner is not None and actor is not None and owner.pk != actor.pk:
        actions.give_to(lead, owner, now)
        engine.ensure_within_reach(actor, LEADS.resource, "assign", lead)
    _assign(lead, owner, actor, now)
    actor_id = actor.pk if actor else None
    actions.publish_event("lead.captured", lead, actor_id, diff({}, actions.audit_snapshot(lead)))
    actions.notify_owner(lead, actor_id)
    return lead


def _capture(
    *,
    source: str,
    values: dict[str, Any],
    submission_key: str | None,
    actor: User | None,
    form: WebForm | None,
    mailbox: Mailbox | None,
    now: datetime,
    owner_id: int | None,
    batch: _Batch,
) -> CaptureResult:
    if submission_key:
        existing = Lead.objects.filter(submission_key=submission_key).first()
        if existing is not None:
            return CaptureResult(existing, False)
    clean = clean_values(values, source, batch.vocabulary)
    owner = customer_actions.owner_for(owner_id, actor) if owner_id is not None and actor is not None else None
    matches = dedupe.find_matches(clean)
    actor_id = actor.pk if actor else None
    try:
        with transaction.atomic():
            if matches.lead is not None and matches.is_same_person:
                same = Lead.objects.select_for_update().get(pk=matches.lead.pk)
                return CaptureResult(recapture(same, clean, now, actor_id), False)
            lead = _create(
                clean,
                matches,
                owner=owner,
                actor=actor,
                submission_key=submission_key,
                form=form,
                mailbox=mailbox,
                now=now,
                batch=batch,
            )
    except IntegrityError:
        # Two deliveries of one submission raced; the unique key kept the first.
        existing = Lead.objects.filter(submission_key=submission_key).first() if submission_key else None
        if existing is None:
            raise
        return CaptureResult(existing, False)
    return CaptureResult(lead, True)


def capture_lead(
    *,
    source: str,
    values: dict[str, Any],
    submission_key: str | None,
    actor: User | None,
    form: WebForm | None = None,
    mailbox: Mailbox | None = None,
    now: datetime | None = None,
    owner_id: int | None = None,
) -> CaptureResult:
    """Capture one lead: validate (422 per field), dedupe, score, assign by rules (or to `owner_id`), audit, notify.

    The same `submission_key` twice answers the first lead; a mobile or e-mail equal to an open lead's
    notes the capture on that lead (created=False). Without a rule, the capturing user owns the lead.
    """
    if actor is not None:
        engine.require_action(actor, LEADS.resource, "create")
    return _capture(
        source=source,
        values=values,
        submission_key=submission_key,
        actor=actor,
        form=form,
        mailbox=mailbox,
        now=now or timezone.now(),
        owner_id=owner_id,
        batch=_Batch(Vocabulary.load()),
    )


def capture_many(
    *, actor: User | None, source: str, rows: Sequence[dict[str, Any]], now: datetime | None = None
) -> list[dict[str, Any]]:
    """Capture up to BULK_LIMIT rows in batches: per row {index, id, created} or {index, created, code, fields}."""
    # bulk_capture builds on this module, so it is imported where it is used.
    from chengdan.leads import bulk_capture

    return bulk_capture.capture_many(actor=actor, source=source, rows=list(rows), now=now)
