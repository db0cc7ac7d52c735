"""The capture-time duplicate check: a lead's mobile, e-mail and company key against contacts, customers, leads."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from chengdan.access.fields import mask_value
from chengdan.customers.models import Contact, Customer
from chengdan.customers.permissions import visible_contacts, visible_customers
from chengdan.leads.choices import DuplicateStatus, LeadStatus
from chengdan.leads.models import Lead
from chengdan.leads.permissions import visible_leads

OPEN_STATUSES = (LeadStatus.NEW, LeadStatus.WORKING)
CANDIDATE_LIMIT = 20
CHUNK = 900


@dataclass(frozen=True)
class Matches:
    """What a lead's keys found; `is_same_person` says the open lead shares its mobile or e-mail."""

    customer: Customer | None
    contact: Contact | None
    lead: Lead | None
    status: str
    is_same_person: bool = False


def _person(mobile: str, email: str) -> Q | None:
    condition = Q(mobile=mobile) if mobile else None
    if email:
        condition = condition | Q(email=email) if condition is not None else Q(email=email)
    return condition


def find_matches(values: dict[str, Any], exclude_id: int | None = None) -> Matches:
    """Exact matches of clean values (normalised mobile, email, company_key) over the whole base.

    A contact with the mobile or e-mail links the lead to it and its customer; a customer whose name
    key equals the company key links the customer; an open lead sharing any key flags it.
    """
    mobile, email = values.get("mobile") or "", values.get("email") or ""
    company_key = values.get("company_key") or ""
    person = _person(mobile, email)
    contact = customer = lead = None
    if person is not None:
        contact = Contact.objects.filter(person).select_related("customer").order_by("pk").first()
        customer = contact.customer if contact else None
    if customer is None and company_key:
        customer = Customer.objects.filter(name_key=company_key).order_by("pk").first()
    keys = person
    if company_key:
        keys = keys | Q(company_key=company_key) if keys is not None else Q(company_key=company_key)
    is_same_person = False
    if keys is not None:
        open_leads = Lead.objects.filter(keys, status__in=OPEN_STATUSES)
        if exclude_id is not None:
            open_leads = open_leads.exclude(pk=exclude_id)
        same = open_leads.filter(person).order_by("pk").first() if person is not None else None
        lead = same or open_leads.order_by("pk").first()
        is_same_person = same is not None
    if contact or customer:
        status = DuplicateStatus.LINKED
    elif lead:
        status = DuplicateStatus.FLAGGED
    else:
        status = DuplicateStatus.NONE
    return Matches(customer=customer, contact=contact, lead=lead, status=status, is_same_person=is_same_person)


def _first_by(queryset: Any, field: str, values: set[str]) -> dict[str, Any]:
    """The lowest-id record per value of `field`, chunked (SQLite caps bound parameters)."""
    found: dict[str, Any] = {}
    ordered = sorted(value for value in values if value)
    for start in range(0, len(ordered), CHUNK):
        for record in queryset.filter(**{f"{field}__in": ordered[start : start + CHUNK]}).order_by("-pk"):
            found[getattr(record, field)] = record
    return found


def _lowest(*records: Any) -> Any:
    present = [record for record in records if record is not None]
    return min(present, key=lambda record: record.pk) if present else None


def find_matches_many(rows: list[dict[str, Any]]) -> list[Matches]:
    """`find_matches` for many clean rows with a handful of queries; the same answer row by row."""
    mobiles = {row.get("mobile") or "" for row in rows}
    emails = {row.get("email") or "" for row in rows}
    keys = {row.get("company_key") or "" for row in rows}
    contacts = Contact.objects.select_related("customer")
    contact_by_mobile, contact_by_email = _first_by(contacts, "mobile", mobiles), _first_by(contacts, "email", emails)
    customer_by_key = _first_by(Customer.objects.all(), "name_key", keys)
    open_leads = Lead.objects.filter(status__in=OPEN_STATUSES)
    lead_by_mobile, lead_by_email = _first_by(open_leads, "mobile", mobiles), _first_by(open_leads, "email", emails)
    lead_by_key = _first_by(open_leads, "company_key", keys)
    result = []
    for row in rows:
        mobile, email, key = row.get("mobile") or "", row.get("email") or "", row.get("company_key") or ""
        contact = _lowest(contact_by_mobile.get(mobile), contact_by_email.get(email))
        customer = contact.customer if contact else customer_by_key.get(key)
        same = _lowest(lead_by_mobile.get(mobile), lead_by_email.get(email))
        lead = same or lead_by_key.get(key)
        status = DuplicateStatus.LINKED if customer else DuplicateStatus.FLAGGED if lead else DuplicateStatus.NONE
        result.append(Matches(customer, contact, lead, status, is_same_person=same is not None))
    return result


def _candidate(kind: str, pk: int, name: str, reasons: list[str], visible: set[int]) -> dict[str, Any]:
    # Records outside the actor's scope are shown as existing, never as what they are.
    shown = pk in visible
    return {
        "kind": kind,
        "id": pk if shown else None,
        "name": name if shown else mask_value(name, "text"),
        "reasons": reasons,
    }


def _reasons(record: Any, mobile: str, email: str, company_key: str, key_field: str) -> list[str]:
    reasons = []
    if mobile and getattr(record, "mobile", "") == mobile:
        reasons.append("mobile")
    if email and getattr(record, "email", "") == email:
        reasons.append("email")
    if company_key and getattr(record, key_field, "") == company_key:
        reasons.append("company")
    return reasons


def candidates_for(actor: Any, lead: Lead) -> list[dict[str, Any]]:
    """Every record sharing a key with the lead (contacts, customers, other leads), masked when out of scope."""
    mobile, email, company_key = lead.mobile, lead.email, lead.company_key
    person = _person(mobile, email)
    result: list[dict[str, Any]] = []
    if person is not None:
        contacts = list(Contact.objects.filter(person).order_by("pk")[:CANDIDATE_LIMIT])
        seen = set(visible_contacts(actor).filter(pk__in=[c.pk for c in contacts]).values_list("pk", flat=True))
        result += [_candidate("contact", c.pk, c.name, _reasons(c, mobile, email, "", ""), seen) for c in contacts]
    if company_key:
        customers = list(Customer.objects.filter(name_key=company_key).order_by("pk")[:CANDIDATE_LIMIT])
        seen = set(visible_customers(actor).filter(pk__in=[c.pk for c in customers]).values_list("pk", flat=True))
        result += [_candidate("customer", c.pk, c.name, ["company"], seen) for c in customers]
    keys = person
    if company_key:
        keys = keys | Q(company_key=company_key) if keys is not None else Q(company_key=company_key)
    if keys is not None:
        leads = list(Lead.objects.filter(keys).exclude(pk=lead.pk).order_by("-pk")[:CANDIDATE_LIMIT])
        seen = set(visible_leads(actor).filter(pk__in=[item.pk for item in leads]).values_list("pk", flat=True))
        result += [
            {
                **_candidate(
                    "lead", item.pk, item.name, _reasons(item, mobile, email, company_key, "company_key"), seen
                ),
                "status": item.status,
            }
            for item in leads
        ]
    return result
