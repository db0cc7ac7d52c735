"""Bulk capture: up to 1,000 rows checked together, deduplicated and assigned in batches (API bulk, imports)."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from chengdan.access import engine
from chengdan.accounts.models import User
from chengdan.core import bulk
from chengdan.core.errors import DomainError
from chengdan.core.events import diff
from chengdan.customers import actions as customer_actions
from chengdan.customers.validation import Vocabulary
from chengdan.leads import actions, assignment, capture, dedupe, scoring, validation
from chengdan.leads.choices import AssignmentReason, DuplicateStatus
from chengdan.leads.errors import LeadError
from chengdan.leads.models import AssignmentLog, Lead
from chengdan.leads.permissions import LEADS
from chengdan.notifications.actions import Notice, notify_many

BULK_LIMIT = capture.BULK_LIMIT
CHUNK = 900


@dataclass
class _Row:
    index: int
    clean: dict[str, Any]
    key: str | None
    owner: User | None
    lead: Lead | None = None
    created: bool = False


@dataclass
class _Pending:
    """New leads of the batch, with what a later row may find on them before they are saved."""

    leads: list[Lead] = field(default_factory=list)
    by_person: dict[str, Lead] = field(default_factory=dict)
    by_key: dict[str, Lead] = field(default_factory=dict)
    by_company: dict[str, Lead] = field(default_factory=dict)
    # (lead, earlier lead of this batch with the same company), linked once both have ids.
    flagged: list[tuple[Lead, Lead]] = field(default_factory=list)


def _error(index: int, error: DomainError) -> dict[str, Any]:
    return {"index": index, "created": False, "code": error.code, "message": error.message, "fields": error.fields}


def _prepare(actor: User | None, source: str, rows: list[dict[str, Any]]) -> tuple[list[_Row], dict[int, Any]]:
    """Clean every row on its own; refusals are answered by index."""
    vocabulary = Vocabulary.load()
    owners: dict[int, User] = {}
    prepared: list[_Row] = []
    refused: dict[int, Any] = {}
    for index, row in enumerate(rows):
        values = dict(row)
        owner_id = values.pop("owner_id", None)
        key = values.pop("submission_key", None) or None
        try:
            clean = capture.clean_values(values, values.pop("source", None) or source, vocabulary)
            owner = None
            if owner_id is not None and actor is not None:
                owner = owners.get(owner_id) or customer_actions.owner_for(owner_id, actor)
                owners[owner.pk] = owner
        except DomainError as error:
            refused[index] = _error(index, error)
            continue
        prepared.append(_Row(index, clean, key, owner))
    return prepared, refused


def _stored_keys(rows: list[_Row]) -> dict[str, Lead]:
    keys = sorted({row.key for row in rows if row.key})
    found: dict[str, Lead] = {}
    for start in range(0, len(keys), CHUNK):
        for lead in Lead.objects.filter(submission_key__in=keys[start : start + CHUNK]):
            found[str(lead.submission_key)] = lead
    return found


def _person_keys(clean: dict[str, Any]) -> list[str]:
    return [f"{name}:{clean[name]}" for name in ("mobile", "email") if clean.get(name)]


def _new_lead(actor: User | None, row: _Row, match: dedupe.Matches, rules: list[Any], now: datetime) -> Lead:
    lead = Lead(
        **row.clean,
        submission_key=row.key,
        duplicate_status=match.status,
        matched_customer=match.customer,
        matched_contact=match.contact,
        matched_lead=match.lead,
    )
    lead.search_text = validation.search_text_of(lead)
    lead.score = scoring.score_of(lead, rules=rules)
    if row.owner is not None:
        actions.give_to(lead, row.owner, now)
        if actor is not None and row.owner.pk != actor.pk:
            engine.ensure_within_reach(actor, LEADS.resource, "assign", lead)
    return lead


def _place(actor: User | None, row: _Row, match: dedupe.Matches, pending: _Pending, context: dict[str, Any]) -> None:
    """Decide what one clean row becomes: the stored submission, a known open lead, a lead of this batch, or new.

    A refusal (DomainError) leaves `pending` as it was: new leads are only built in memory here.
    """
    now: datetime = context["now"]
    stored = context["stored"].get(row.key) if row.key else None
    earlier = (pending.by_key.get(row.key) if row.key else None) or next(
        (pending.by_person[name] for name in _person_keys(row.clean) if name in pending.by_person), None
    )
    if stored is not None:
        row.lead = stored
    elif match.lead is not None and match.is_same_person:
        # The only branch that writes before the batch does: its own savepoint, so a refusal undoes it alone.
        with transaction.atomic():
            locked = Lead.objects.select_for_update().get(pk=match.lead.pk)
            row.lead = capture.recapture(locked, row.clean, now, actor.pk if actor else None)
    elif earlier is not None:
        capture.merge_into(earlier, row.clean, now)
        row.lead = earlier
    else:
        lead = _new_lead(actor, row, match, context["rules"], now)
        company = row.clean.get("company_key") or ""
        if match.lead is None and company in pending.by_company:
            lead.duplicate_status = lead.duplicate_status if match.customer else DuplicateStatus.FLAGGED
            pending.flagged.append((lead, pending.by_company[company]))
        pending.leads.append(lead)
        pending.by_person.update(dict.fromkeys(_person_keys(row.clean), lead))
        if row.key:
            pending.by_key[row.key] = lead
        if company:
            pending.by_company.setdefault(company, lead)
        row.lead, row.created = lead, True


def _set_assignment(lead: Lead, decision: assignment.Decision, now: datetime) -> None:
    """The fields `assignment.apply_decision` gives a new lead, set before the insert instead of updated after it."""
    lead.owner_id = decision.user_id
    lead.department_id = decision.department_id if decision.user_id else None
    lead.pool_id = decision.pool_id if decision.user_id is None else None
    lead.pooled_at = now if lead.pool_id is not None else None
    lead.assigned_rule_id = decision.rule_id
    lead.assigned_at = now if decision.user_id or decision.pool_id else None
    lead.idle_since = now
    lead.sla_reminded_at = lead.sla_escalated_at = None


def _assign(actor: User | None, leads: list[Lead], now: datetime) -> list[tuple[Any, ...]]:
    """Decide the owner of every new lead (ids reserved, not yet written); returns their AssignmentLog rows.

    Rules decide every lead without a chosen owner in one batch; without a rule the capturing user owns it.
    """
    logs: list[tuple[Any, ...]] = [
        (lead.pk, None, lead.owner_id, AssignmentReason.MANUAL, now) for lead in leads if lead.owner_id
    ]
    open_leads = [lead for lead in leads if lead.owner_id is None]
    mine = assignment.Decision(actor.pk, None, None, "", department_id=actor.department_id) if actor else None
    for lead, decision in zip(open_leads, assignment.assign_batch(open_leads, now), strict=True):
        reason = AssignmentReason.RULE
        if not (decision.user_id or decision.pool_id) and mine is not None:
            decision, reason = mine, AssignmentReason.MANUAL
        _set_assignment(lead, decision, now)
        if decision.user_id or decision.pool_id:
            logs.append((lead.pk, decision.rule_id, decision.user_id, reason, now))
    return logs


def _insert(actor: User | None, leads: list[Lead], flagged: list[tuple[Lead, Lead]], now: datetime) -> None:
    """Reserve ids, decide owners, then write leads and logs through the driver (executemany / COPY) once each.

    Deciding before the insert writes each lead once, with its owner, instead of inserting then updating it.
    """
    for lead, pk in zip(leads, bulk.reserve_ids(Lead, len(leads)), strict=True):
        lead.pk = pk
    for lead, earlier in flagged:
        lead.matched_lead = earlier
    logs = _assign(actor, leads, now)
    stamp = timezone.now()
    columns = [field.attname for field in Lead._meta.concrete_fields]
    rows = []
    for lead in leads:
        # What bulk_create's pre_save would stamp; the values are clean already, so no per-field preparation.
        lead.created_at = lead.updated_at = stamp
        lead._state.adding, lead._state.db = False, connection.alias
        rows.append([getattr(lead, column) for column in columns])
    bulk.insert_rows(Lead, columns, rows)
    bulk.insert_rows(AssignmentLog, assignment.LOG_COLUMNS, logs)


def _notify(actor: User | None, leads: list[Lead]) -> None:
    """One notice per new owner for the whole batch, not one per lead, written together."""
    counts = Counter(
        lead.owner_id for lead in leads if lead.owner_id and lead.owner_id != (actor.pk if actor else None)
    )
    notify_many(
        [
            Notice(
                recipient_id=owner_id,
                kind="lead.assigned",
                title=f"新分配给您 {counts[owner_id]} 条线索",
                link=f"/leads?owner_id={owner_id}",
                subject_type=LEADS.resource,
            )
            for owner_id in sorted(counts)
        ]
    )


def capture_many(
    *, actor: User | None, source: str, rows: list[dict[str, Any]], now: datetime | None = None
) -> list[dict[str, Any]]:
    """Capture up to 1,000 rows as `capture_lead` would each: per row {index, id, created} or {index, code, fields}.

    Rows are cleaned one by one, then deduplicated, scored, inserted, assigned and audited in batches;
    rows of the batch that repeat an earlier row's person or submission key answer that row's lead.
    """
    if actor is not None:
        engine.require_action(actor, LEADS.resource, "create")
    if len(rows) > BULK_LIMIT:
        raise LeadError.bulk_too_large(BULK_LIMIT)
    now = now or timezone.now()
    prepared, answers = _prepare(actor, source, rows)
    with transaction.atomic():
        context = {"now": now, "stored": _stored_keys(prepared), "rules": scoring.load_rules()}
        matches = dedupe.find_matches_many([row.clean for row in prepared])
        pending = _Pending()
        placed: list[_Row] = []
        for row, match in zip(prepared, matches, strict=True):
            try:
                _place(actor, row, match, pending, context)
                placed.append(row)
            except DomainError as error:
                answers[row.index] = _error(row.index, error)
        _insert(actor, pending.leads, pending.flagged, now)
        # One entry per lead (each lead's timeline starts with it), appended to the chain in one go.
        actions.publish_events(
            [
                actions.lead_event(
                    "lead.captured", lead, actor.pk if actor else None, diff({}, actions.audit_snapshot(lead))
                )
                for lead in pending.leads
            ]
        )
        _notify(actor, pending.leads)
    for row in placed:
        assert row.lead is not None
        answers[row.index] = {"index": row.index, "id": row.lead.pk, "created": row.created}
    return [answers[index] for index in sorted(answers)]
