"""How follow-ups and visits are shown to an actor: a constant number of queries per page, field rules applied."""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import Count
from django.utils import timezone

from chengdan.access import engine
from chengdan.access.fields import apply_field_rules, field_rules, mask_value
from chengdan.accounts.models import User
from chengdan.activities import queries
from chengdan.activities.choices import FollowUpKind, FollowUpSource
from chengdan.activities.models import FollowUp, Visit
from chengdan.activities.permissions import FOLLOW_UPS, VISITS
from chengdan.attachments.models import Attachment
from chengdan.core import csv_export
from chengdan.core.records import register_renderer


def record_of(activity: FollowUp | Visit) -> dict[str, Any]:
    """The record an activity is about, most specific link first (links must be loaded)."""
    if activity.opportunity_id is not None and activity.opportunity is not None:
        return {
            "record_type": "opportunities",
            "record_id": activity.opportunity_id,
            "record_name": activity.opportunity.name,
        }
    if activity.lead_id is not None and activity.lead is not None:
        return {"record_type": "leads", "record_id": activity.lead_id, "record_name": activity.lead.name}
    if activity.contact_id is not None and activity.contact is not None:
        return {"record_type": "contacts", "record_id": activity.contact_id, "record_name": activity.contact.name}
    customer = activity.customer
    return {
        "record_type": "customers",
        "record_id": activity.customer_id,
        "record_name": customer.name if customer is not None else "",
    }


def attachment_counts(resource: str, ids: Iterable[int]) -> dict[int, int]:
    """Files per activity (one query)."""
    id_list = list(ids)
    if not id_list:
        return {}
    rows = (
        Attachment.objects.filter(resource=resource, object_id__in=id_list)
        .values("object_id")
        .annotate(total=Count("pk"))
    )
    return {row["object_id"]: row["total"] for row in rows}


class FollowUpContext:
    """What rendering a page of follow-ups needs, loaded once for the page (four queries at most)."""

    def __init__(self, actor: Any, follow_ups: list[FollowUp], *, just_written: bool = False) -> None:
        ids = [item.pk for item in follow_ups]
        self.actor = actor
        if just_written:
            # The actor has just written these: they are their author, and no file is attached yet.
            self.editable, self.files = set(ids), {}
        else:
            self.editable = queries.editable_ids(actor, FOLLOW_UPS.resource, ids)
            self.files = attachment_counts(FOLLOW_UPS.resource, ids)
        self.participants: dict[int, list[dict[str, Any]]] = defaultdict(list)
        self.contacts: dict[int, list[dict[str, Any]]] = defaultdict(list)
        user_ids = {user_id for item in follow_ups for user_id in item.mentioned_user_ids}
        if ids:
            users = FollowUp.participants.through.objects.filter(followup_id__in=ids).order_by("pk")
            for follow_up_id, user_id, username, display_name in users.values_list(
                "followup_id", "user_id", "user__username", "user__display_name"
            ):
                self.participants[follow_up_id].append({"id": user_id, "name": display_name or username})
            contacts = FollowUp.participant_contacts.through.objects.filter(followup_id__in=ids).order_by("pk")
            for follow_up_id, contact_id, name in contacts.values_list("followup_id", "contact_id", "contact__name"):
                self.contacts[follow_up_id].append({"id": contact_id, "name": name})
        named = User.objects.filter(pk__in=user_ids).values_list("pk", "username", "display_name") if user_ids else []
        self.names = {pk: display_name or username for pk, username, display_name in named}


def follow_up_data(follow_up: FollowUp, context: FollowUpContext) -> dict[str, Any]:
    """Every output field of a follow-up before field rules."""
    return {
        "id": follow_up.pk,
        "kind": follow_up.kind,
        "content": follow_up.content,
        "occurred_at": follow_up.occurred_at,
        **record_of(follow_up),
        "lead_id": follow_up.lead_id,
        "customer_id": follow_up.customer_id,
        "customer_name": follow_up.customer.name if follow_up.customer else None,
        "contact_id": follow_up.contact_id,
        "opportunity_id": follow_up.opportunity_id,
        "author_id": follow_up.author_id,
        "author_name": follow_up.author.name,
        "department_id": follow_up.department_id,
        "department_name": follow_up.department.name if follow_up.department else None,
        "participants": context.participants.get(follow_up.pk, []),
        "participant_contacts": context.contacts.get(follow_up.pk, []),
        "mentions": [
            {"id": user_id, "name": context.names.get(user_id, "")} for user_id in follow_up.mentioned_user_ids
        ],
        "next_follow_up_at": follow_up.next_follow_up_at,
        "visit_id": follow_up.visit_id,
        "source": follow_up.source,
        "attachment_count": context.files.get(follow_up.pk, 0),
        "can_edit": follow_up.pk in context.editable,
        "created_at": follow_up.created_at,
        "updated_at": follow_up.updated_at,
        "version": follow_up.version,
    }


def render_follow_ups(actor: Any, follow_ups: list[FollowUp]) -> list[dict[str, Any]]:
    """A page of follow-ups as the actor may see them (links, author and department must be joined)."""
    context = FollowUpContext(actor, follow_ups)
    return [apply_field_rules(actor, FOLLOW_UPS.resource, follow_up_data(item, context)) for item in follow_ups]


def render_follow_up(actor: Any, follow_up: FollowUp) -> dict[str, Any]:
    """One follow-up as the actor may see it."""
    return render_follow_ups(actor, [follow_up])[0]


def render_new_follow_up(actor: Any, follow_up: FollowUp) -> dict[str, Any]:
    """A follow-up the actor has just logged (their own, no files yet), from the objects the write loaded."""
    context = FollowUpContext(actor, [follow_up], just_written=True)
    return apply_field_rules(actor, FOLLOW_UPS.resource, follow_up_data(follow_up, context))


def _reload_follow_up(actor: Any, follow_up: FollowUp) -> dict[str, Any]:
    reloaded = FollowUp.objects.select_related(*queries.RELATED).get(pk=follow_up.pk)
    return render_follow_up(actor, reloaded)


register_renderer(FollowUp, _reload_follow_up)


class VisitContext:
    """What rendering a page of visits needs (two queries at most)."""

    def __init__(self, actor: Any, visits: list[Visit]) -> None:
        ids = [item.pk for item in visits]
        self.editable = queries.editable_ids(actor, VISITS.resource, ids)
        self.files = attachment_counts(VISITS.resource, ids)


def visit_data(visit: Visit, context: VisitContext) -> dict[str, Any]:
    """Every output field of a visit before field rules (links, owner and department must be joined)."""
    customer = visit.customer
    return {
        "id": visit.pk,
        "status": visit.status,
        "purpose": visit.purpose,
        **record_of(visit),
        "customer_id": visit.customer_id,
        "customer_name": customer.name if customer else None,
        "customer_has_location": bool(customer and customer.latitude is not None and customer.longitude is not None),
        "contact_id": visit.contact_id,
        "contact_name": visit.contact.name if visit.contact else None,
        "opportunity_id": visit.opportunity_id,
        "opportunity_name": visit.opportunity.name if visit.opportunity else None,
        "owner_id": visit.owner_id,
        "owner_name": visit.owner.name,
        "department_id": visit.department_id,
        "department_name": visit.department.name if visit.department else None,
        "planned_at": visit.planned_at,
        "planned_minutes": visit.planned_minutes,
        "check_in_at": visit.check_in_at,
        "check_in_latitude": _float(visit.check_in_latitude),
        "check_in_longitude": _float(visit.check_in_longitude),
        "check_in_accuracy_m": visit.check_in_accuracy_m,
        "check_in_address": visit.check_in_address,
        "check_in_distance_m": visit.check_in_distance_m,
        "is_far": visit.is_far,
        "check_out_at": visit.check_out_at,
        "check_out_latitude": _float(visit.check_out_latitude),
        "check_out_longitude": _float(visit.check_out_longitude),
        "check_out_accuracy_m": visit.check_out_accuracy_m,
        "summary": visit.summary,
        "attachment_count": context.files.get(visit.pk, 0),
        "can_edit": visit.pk in context.editable,
        "created_at": visit.created_at,
        "updated_at": visit.updated_at,
        "version": visit.version,
    }


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def render_visits(actor: Any, visits: list[Visit]) -> list[dict[str, Any]]:
    """A page of visits as the actor may see them."""
    context = VisitContext(actor, visits)
    return [apply_field_rules(actor, VISITS.resource, visit_data(item, context)) for item in visits]


def render_visit(actor: Any, visit: Visit) -> dict[str, Any]:
    """One visit as the actor may see it, with whether the actor may pin the customer's location from it."""
    data = render_visits(actor, [visit])[0]
    customer = visit.customer
    data["can_pin_customer_location"] = bool(
        customer is not None
        and customer.latitude is None
        and engine.has_action(actor, "customers", "edit")
        and engine.can(actor, "customers", "edit", customer)
    )
    return data


def _reload_visit(actor: Any, visit: Visit) -> dict[str, Any]:
    return render_visit(actor, Visit.objects.select_related(*queries.VISIT_RELATED).get(pk=visit.pk))


register_renderer(Visit, _reload_visit)


# (header zh, header en, source); "content" is named like the policy field so field rules apply by name.
EXPORT_COLUMNS: list[tuple[str, str, str]] = [
    ("跟进时间", "Time", "occurred_at"),
    ("方式", "Type", "kind"),
    ("记录类型", "Record type", "record_type"),
    ("记录", "Record", "record_name"),
    ("客户", "Customer", "customer_name"),
    ("内容", "Content", "content"),
    ("跟进人", "Author", "author_name"),
    ("部门", "Department", "department_name"),
    ("下次跟进", "Next follow-up", "next_follow_up_at"),
    ("来源", "Source", "source"),
]
RECORD_TYPE_LABELS = {
    "leads": ("线索", "Lead"),
    "customers": ("客户", "Customer"),
    "contacts": ("联系人", "Contact"),
    "opportunities": ("商机", "Deal"),
}
EXPORT_CHUNK = 2000


def export_lines(actor: Any, rows: Iterable[FollowUp], english: bool, on_done: Any) -> Iterator[str]:
    """The follow-up log as CSV text: hidden columns left out, masked ones masked, formulas neutralised."""
    columns = csv_export.select_columns(
        EXPORT_COLUMNS, field_rules(actor, FOLLOW_UPS.resource), FOLLOW_UPS.all_fields()
    )
    zone = timezone.get_current_timezone()

    def cell(follow_up: FollowUp, source: str, mask: str | None) -> Any:
        if source in ("occurred_at", "next_follow_up_at"):
            value = getattr(follow_up, source)
            return csv_export.local_minute(value, zone) if value else ""
        if source == "kind":
            return follow_up.kind if english else FollowUpKind(follow_up.kind).label
        if source == "source":
            return follow_up.source if english else FollowUpSource(follow_up.source).label
        if source == "record_type":
            zh, en = RECORD_TYPE_LABELS[record_of(follow_up)["record_type"]]
            return en if english else zh
        if source == "record_name":
            return record_of(follow_up)["record_name"]
        if source == "customer_name":
            return follow_up.customer.name if follow_up.customer else ""
        if source == "author_name":
            return follow_up.author.name
        if source == "department_name":
            return follow_up.department.name if follow_up.department else ""
        value = getattr(follow_up, source)
        return mask_value(value, mask) if mask else value

    chunks = (
        [[csv_export.neutralise(cell(item, source, mask)) for _, _, source, mask in columns] for item in chunk]
        for chunk in csv_export.chunked(rows, EXPORT_CHUNK)
    )
    return csv_export.stream(csv_export.headers(columns, english), chunks, on_done)
