"""Writes on field visits (拜访): plan, move, cancel, check in (planned or not), check out.

The server stamps check-in and check-out times; the phone's own clock is kept apart as `client_at` in the
audit only. A check-in farther than CHENGDAN_VISIT_MAX_DISTANCE_M from the customer's pinned location is
flagged `is_far`; checking out logs the summary as a follow-up on the visited record.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from chengdan.access import engine
from chengdan.accounts.models import User
from chengdan.activities import actions, geo, queries, reminders
from chengdan.activities.choices import FollowUpKind, FollowUpSource, ReminderKind, VisitStatus
from chengdan.activities.models import FollowUp, Visit
from chengdan.activities.permissions import FOLLOW_UPS, VISITS
from chengdan.core.errors import DomainError, ErrorCode, localized
from chengdan.core.events import Event, diff, publish, snapshot
from chengdan.core.versioning import bump_version
from chengdan.customers import actions as customer_actions
from chengdan.customers.models import Contact, Customer

AUDITED = [
    "status",
    "purpose",
    "customer_id",
    "contact_id",
    "opportunity_id",
    "owner_id",
    "planned_at",
    "planned_minutes",
    "check_in_at",
    "check_in_latitude",
    "check_in_longitude",
    "check_in_accuracy_m",
    "check_in_address",
    "check_in_distance_m",
    "is_far",
    "check_out_at",
    "check_out_latitude",
    "check_out_longitude",
    "check_out_accuracy_m",
    "summary",
]
DUE_AHEAD = timedelta(minutes=30)
MAX_ACCURACY_M = 100_000
# A position this vague (a cell tower, an IP guess) would misplace the customer for every later check-in.
PIN_MAX_ACCURACY_M = 200
MAX_SUMMARY = 5000


class VisitErrorCode:
    """The visit refusals clients may rely on."""

    NOT_OPEN = "visit.not_open"
    ALREADY_CHECKED_IN = "visit.already_checked_in"
    NOT_CHECKED_IN = "visit.not_checked_in"
    NOT_OWNER = "visit.not_owner"


@dataclass(frozen=True)
class Position:
    """Where the phone was (degrees), how precisely (metres), and what its clock said."""

    latitude: float
    longitude: float
    accuracy_m: float
    client_at: datetime | None = None
    address: str = ""


def _invalid(name: str, zh: str, en: str) -> DomainError:
    return DomainError(ErrorCode.VALIDATION_ERROR, fields={name: localized(zh, en)})


def _checked(position: Position) -> Position:
    if not geo.is_valid_position(position.latitude, position.longitude):
        message = localized(
            "坐标无效：纬度须在 -90 到 90 之间，经度须在 -180 到 180 之间。",
            "Invalid coordinates: latitude must be within -90..90 and longitude within -180..180.",
        )
        raise DomainError(ErrorCode.VALIDATION_ERROR, fields={"latitude": message, "longitude": message})
    if not 0 <= position.accuracy_m <= MAX_ACCURACY_M:
        raise _invalid("accuracy_m", "定位精度无效。", "Invalid location accuracy.")
    return position


def _not_open(visit: Visit) -> DomainError:
    return DomainError.plain(
        VisitErrorCode.NOT_OPEN,
        f"该拜访已{VisitStatus(visit.status).label}，不能再操作。",
        f"This visit is {visit.status.replace('_', ' ')}; it cannot be changed.",
    )


def _publish(name: str, visit: Visit, actor: User, changes: dict[str, Any], data: dict[str, Any] | None = None) -> None:
    subject = f"{visit.customer.name if visit.customer else ''} {visit.purpose}".strip()[:255]
    publish(Event(name, VISITS.resource, str(visit.pk), subject, actor.pk, changes=changes, data=data or {}))


def audit_snapshot(visit: Visit) -> dict[str, Any]:
    """The audited values of a visit, for `diff`."""
    return snapshot(visit, AUDITED)


def _links(
    actor: User, customer_id: int, contact_id: int | None, opportunity_id: int | None
) -> tuple[Customer, dict[str, int | None]]:
    """The customer (404 out of scope), and the contact and deal, which must belong to it (422)."""
    customer: Customer = engine.get_visible(actor, "customers", customer_id)
    if contact_id is not None and not Contact.objects.filter(pk=contact_id, customer_id=customer_id).exists():
        raise _invalid("contact_id", "联系人不属于该客户。", "The contact does not belong to this customer.")
    if opportunity_id is not None and (
        not engine.has_action(actor, "opportunities", "view")
        or not engine.visible(actor, "opportunities").filter(pk=opportunity_id, customer_id=customer_id).exists()
    ):
        raise _invalid(
            "opportunity_id", "商机不属于该客户或不可见。", "The deal is not one of this customer's deals you can see."
        )
    return customer, {"customer_id": customer_id, "contact_id": contact_id, "opportunity_id": opportunity_id}


def _schedule_due(visit: Visit, customer_name: str, now: datetime) -> None:
    """The owner's reminder 30 minutes before the planned time (none once that time has passed)."""
    if visit.planned_at is None or visit.planned_at <= now:
        reminders.cancel_reminders(subject_type=VISITS.resource, subject_id=visit.pk, kind=ReminderKind.VISIT_DUE)
        return
    local = timezone.localtime(visit.planned_at)
    reminders.schedule_reminder(
        recipient_id=visit.owner_id,
        kind=ReminderKind.VISIT_DUE,
        due_at=max(visit.planned_at - DUE_AHEAD, now),
        subject_type=VISITS.resource,
        subject_id=visit.pk,
        title=f"拜访提醒：{local:%H:%M} {customer_name}",
        body=visit.purpose,
        link=f"/visits/{visit.pk}/check-in",
        dedupe_key=f"visit:{visit.pk}",
    )


def reschedule_due_reminder(visit: Visit, now: datetime | None = None) -> None:
    """The owner's reminder for the visit's current planned time: its title, lead time and link as when planned."""
    _schedule_due(visit, visit.customer.name if visit.customer else "", now or timezone.now())


def plan_visit(
    *,
    actor: User,
    customer_id: int,
    planned_at: datetime,
    purpose: str = "",
    planned_minutes: int = 60,
    contact_id: int | None = None,
    opportunity_id: int | None = None,
) -> Visit:
    """Plan a visit to a customer the actor can see; its owner is reminded 30 minutes ahead."""
    engine.require_action(actor, VISITS.resource, "create")
    now = timezone.now()
    with transaction.atomic():
        customer, links = _links(actor, customer_id, contact_id, opportunity_id)
        visit = Visit(
            **links,
            owner=actor,
            department_id=actor.department_id,
            status=VisitStatus.PLANNED,
            purpose=purpose.strip(),
            planned_at=planned_at,
            planned_minutes=planned_minutes,
        )
        visit.customer = customer
        visit.save()
        _schedule_due(visit, customer.name, now)
        _publish("visit.planned", visit, actor, diff({}, audit_snapshot(visit)))
    return visit


def _locked(actor: User, visit_id: int, version: int | None, action: str = "edit") -> Visit:
    # No joins under FOR UPDATE: PostgreSQL refuses to lock the nullable side of an outer join.
    visit: Visit = engine.get_visible(actor, VISITS.resource, visit_id, action, for_update=True, version=version)
    return visit


def update_visit(*, actor: User, visit_id: int, version: int, changes: dict[str, Any]) -> Visit:
    """Move a planned visit or change its purpose, contact or deal; the reminder moves with it."""
    now = timezone.now()
    with transaction.atomic():
        visit = _locked(actor, visit_id, version)
        if visit.status != VisitStatus.PLANNED:
            raise _not_open(visit)
        before = audit_snapshot(visit)
        contact_id = changes.get("contact_id", visit.contact_id)
        opportunity_id = changes.get("opportunity_id", visit.opportunity_id)
        if "contact_id" in changes or "opportunity_id" in changes:
            _, links = _links(actor, visit.customer_id or 0, contact_id, opportunity_id)
            visit.contact_id, visit.opportunity_id = links["contact_id"], links["opportunity_id"]
        for name in ("planned_at", "planned_minutes"):
            if changes.get(name) is not None:
                setattr(visit, name, changes[name])
        if changes.get("purpose") is not None:
            visit.purpose = changes["purpose"].strip()
        bump_version(visit)
        visit.save()
        if visit.planned_at != before["planned_at"]:
            _schedule_due(visit, visit.customer.name if visit.customer else "", now)
        _publish("visit.updated", visit, actor, diff(before, audit_snapshot(visit)))
    return visit


def cancel_visit(*, actor: User, visit_id: int, version: int, reason: str = "") -> Visit:
    """Cancel a planned visit and its reminder."""
    with transaction.atomic():
        visit = _locked(actor, visit_id, version)
        if visit.status != VisitStatus.PLANNED:
            raise _not_open(visit)
        before = audit_snapshot(visit)
        visit.status = VisitStatus.CANCELLED
        bump_version(visit)
        visit.save()
        reminders.cancel_reminders(subject_type=VISITS.resource, subject_id=visit.pk)
        _publish("visit.cancelled", visit, actor, diff(before, audit_snapshot(visit)), {"reason": reason.strip()})
    return visit


def _pin(actor: User, customer: Customer, position: Position) -> None:
    if customer.latitude is not None and customer.longitude is not None:
        raise _invalid("pin_customer_location", "该客户已有位置。", "The customer already has a location.")
    if position.accuracy_m > PIN_MAX_ACCURACY_M:
        raise _invalid(
            "pin_customer_location",
            f"定位精度不足（须在 {PIN_MAX_ACCURACY_M} 米以内）才能标注客户位置。",
            f"The position must be accurate to {PIN_MAX_ACCURACY_M} m to pin the customer's location.",
        )
    # The customer's own edit path: its edit right, version and audit apply (403 when the actor may not edit it).
    updated = customer_actions.update_customer(
        actor=actor,
        customer_id=customer.pk,
        version=customer.version,
        changes={"latitude": position.latitude, "longitude": position.longitude},
    )
    customer.latitude, customer.longitude, customer.version = updated.latitude, updated.longitude, updated.version


def _stamp_check_in(visit: Visit, position: Position, now: datetime) -> None:
    customer = visit.customer
    visit.status = VisitStatus.CHECKED_IN
    visit.check_in_at = now
    visit.check_in_latitude = geo.coordinate(position.latitude)
    visit.check_in_longitude = geo.coordinate(position.longitude)
    visit.check_in_accuracy_m = position.accuracy_m
    visit.check_in_address = position.address.strip()[:300]
    visit.check_in_distance_m = None
    visit.is_far = False
    if customer is not None and customer.latitude is not None and customer.longitude is not None:
        distance = geo.haversine_m(
            float(visit.check_in_latitude),
            float(visit.check_in_longitude),
            float(customer.latitude),
            float(customer.longitude),
        )
        visit.check_in_distance_m = round(distance)
        visit.is_far = distance > geo.max_distance_m()


def _client_time(position: Position) -> dict[str, Any]:
    return {"client_at": position.client_at.isoformat()} if position.client_at else {}


def _require_owner(actor: User, visit: Visit) -> None:
    if visit.owner_id != actor.pk:
        # Only the rep on site can say where they are.
        raise DomainError.plain(
            VisitErrorCode.NOT_OWNER,
            "只有拜访人本人可以签到或签退。",
            "Only the visiting rep can check in or out.",
            status=403,
        )


def check_in(
    *, actor: User, visit_id: int, version: int | None, position: Position, pin_customer_location: bool = False
) -> Visit:
    """Check in on site at a planned visit: server time, distance to the customer, far flag."""
    _checked(position)
    now = timezone.now()
    with transaction.atomic():
        visit = _locked(actor, visit_id, version)
        _require_owner(actor, visit)
        if visit.status == VisitStatus.CHECKED_IN:
            raise DomainError.plain(
                VisitErrorCode.ALREADY_CHECKED_IN, "已签到，不能重复签到。", "Already checked in.", status=409
            )
        if visit.status != VisitStatus.PLANNED:
            raise _not_open(visit)
        before = audit_snapshot(visit)
        if pin_customer_location and visit.customer is not None:
            _pin(actor, visit.customer, position)
        _stamp_check_in(visit, position, now)
        bump_version(visit)
        visit.save()
        reminders.cancel_reminders(subject_type=VISITS.resource, subject_id=visit.pk, kind=ReminderKind.VISIT_DUE)
        _publish("visit.checked_in", visit, actor, diff(before, audit_snapshot(visit)), _client_time(position))
    return visit


def check_in_unplanned(
    *,
    actor: User,
    customer_id: int,
    position: Position,
    contact_id: int | None = None,
    opportunity_id: int | None = None,
    purpose: str = "",
    pin_customer_location: bool = False,
) -> Visit:
    """Check in at a customer without a plan: the visit is created checked in (planned time = now)."""
    engine.require_action(actor, VISITS.resource, "create")
    _checked(position)
    now = timezone.now()
    with transaction.atomic():
        customer, links = _links(actor, customer_id, contact_id, opportunity_id)
        visit = Visit(**links, owner=actor, department_id=actor.department_id, purpose=purpose.strip(), planned_at=now)
        visit.customer = customer
        if pin_customer_location:
            _pin(actor, customer, position)
        _stamp_check_in(visit, position, now)
        visit.save()
        _publish("visit.checked_in", visit, actor, diff({}, audit_snapshot(visit)), _client_time(position))
    return visit


def _record(visit: Visit) -> queries.RecordRef:
    """The record the visit's follow-up is about: its deal if any, else its contact, else its customer."""
    customer = visit.customer
    assert customer is not None
    opportunity = visit.opportunity
    if opportunity is not None:
        opportunity.customer = customer
        return queries.RecordRef(
            "opportunities",
            opportunity.pk,
            opportunity,
            opportunity.name,
            f"/opportunities/{opportunity.pk}",
            customer_id=customer.pk,
            opportunity_id=opportunity.pk,
        )
    return queries.RecordRef(
        "customers",
        customer.pk,
        customer,
        customer.name,
        f"/customers/{customer.pk}",
        customer_id=customer.pk,
        contact_id=visit.contact_id,
    )


def check_out(
    *,
    actor: User,
    visit_id: int,
    version: int | None,
    position: Position,
    summary: str,
    follow_up: actions.FollowUpValues | None = None,
) -> tuple[Visit, FollowUp]:
    """Check out: stamp the position, complete the visit, and log its summary as a follow-up (kind visit)."""
    _checked(position)
    text = (summary or "").strip()
    if not text:
        raise _invalid("summary", "请填写拜访小结。", "Summarise the visit.")
    if len(text) > MAX_SUMMARY:
        raise _invalid("summary", f"不能超过 {MAX_SUMMARY} 个字符。", f"At most {MAX_SUMMARY} characters.")
    engine.require_action(actor, FOLLOW_UPS.resource, "create")
    now = timezone.now()
    with transaction.atomic():
        visit = _locked(actor, visit_id, version)
        _require_owner(actor, visit)
        if visit.status == VisitStatus.PLANNED:
            raise DomainError.plain(VisitErrorCode.NOT_CHECKED_IN, "请先签到再签退。", "Check in before checking out.")
        if visit.status != VisitStatus.CHECKED_IN:
            raise _not_open(visit)
        before = audit_snapshot(visit)
        visit.status = VisitStatus.COMPLETED
        visit.check_out_at = now
        visit.check_out_latitude = geo.coordinate(position.latitude)
        visit.check_out_longitude = geo.coordinate(position.longitude)
        visit.check_out_accuracy_m = position.accuracy_m
        visit.summary = text
        bump_version(visit)
        visit.save()
        _publish("visit.checked_out", visit, actor, diff(before, audit_snapshot(visit)), _client_time(position))
        values = follow_up or actions.FollowUpValues()
        values.kind = FollowUpKind.VISIT
        values.content = text
        values.occurred_at = visit.check_in_at
        logged = actions.create_follow_up_on(
            actor=actor, record=_record(visit), values=values, visit=visit, source=FollowUpSource.VISIT
        )
    return visit, logged
