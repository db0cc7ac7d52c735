"""Converting a lead into a customer (new or existing), a contact and optionally a deal, in one audited step."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from chengdan.access import engine
from chengdan.access.fields import apply_field_rules
from chengdan.accounts.models import User
from chengdan.core.errors import DomainError, NotFoundError, localized, validation_error
from chengdan.core.events import Event, publish
from chengdan.core.versioning import bump_version
from chengdan.customers import actions as customer_actions
from chengdan.customers import contact_actions, duplicates
from chengdan.customers import queries as customer_queries
from chengdan.customers.models import Contact, Customer, OptionKind
from chengdan.customers.permissions import CONTACTS, visible_contacts
from chengdan.customers.validation import Vocabulary
from chengdan.leads.choices import LeadSource, LeadStatus
from chengdan.leads.errors import LeadError
from chengdan.leads.models import Lead
from chengdan.leads.permissions import LEADS
from chengdan.opportunities import actions as opportunity_actions
from chengdan.opportunities.models import Opportunity

NOT_CONVERTIBLE = "lead.not_convertible"
# Lead channel → the customers' source option code (seeded in customers.seed).
SOURCE_OPTIONS = {
    LeadSource.WEB_FORM: "web",
    LeadSource.EMAIL: "email",
    LeadSource.PHONE: "phone",
    LeadSource.WECHAT: "wechat",
    LeadSource.EXHIBITION: "exhibition",
    LeadSource.REFERRAL: "referral",
    LeadSource.ADVERTISING: "advertising",
    LeadSource.API: "other",
    LeadSource.IMPORT: "import",
}
CUSTOMER_OVERRIDES = frozenset(
    {"name", "short_name", "credit_code", "industry", "source", "level", "stage", "region_code", "address"}
    | {"website", "phone", "notes", "custom"}
)
CONTACT_OVERRIDES = frozenset(
    {"name", "title", "department_name", "mobile", "landline", "email", "wechat", "decision_role"}
    | {"is_primary", "notes", "custom"}
)
OPPORTUNITY_KEYS = frozenset({"name", "amount", "currency", "expected_close_date", "pipeline_id", "stage_id"})
CONTACT_FIELDS = ("name", "mobile", "email", "wechat", "title")


@dataclass(frozen=True)
class ConversionResult:
    """What a conversion produced or linked; `customer_created` tells a new customer from a matched one."""

    lead: Lead
    customer: Customer
    customer_created: bool
    contact: Contact | None
    opportunity: Opportunity | None


def _option(vocabulary: Vocabulary, kind: str, value: str) -> str:
    """The option code for a code or label of `kind`, else "" (a stale value must not block the conversion)."""
    return vocabulary.by_label.get(kind, {}).get(value.strip().lower(), "") if value else ""


def mapped_customer(lead: Lead, vocabulary: Vocabulary | None = None) -> dict[str, Any]:
    """The customer values a lead maps to: company name (or the person's), region, industry, source."""
    vocabulary = vocabulary or Vocabulary.load()
    values: dict[str, Any] = {"name": lead.company_name or lead.name}
    region = lead.district_code or lead.city_code or lead.province_code
    if region:
        values["region_code"] = region
    industry = _option(vocabulary, OptionKind.INDUSTRY, lead.industry)
    if industry:
        values["industry"] = industry
    source = _option(vocabulary, OptionKind.SOURCE, SOURCE_OPTIONS.get(LeadSource(lead.source), "other"))
    if source:
        values["source"] = source
    return values


def mapped_contact(lead: Lead) -> dict[str, Any]:
    """The contact values a lead maps to: the person's name, mobile, e-mail, WeChat id and title."""
    return {name: getattr(lead, name) for name in CONTACT_FIELDS if getattr(lead, name)}


@contextmanager
def _fields_under(prefix: str) -> Iterator[None]:
    """Name refused fields after the part of the request they came from ("customer.values.name")."""
    try:
        yield
    except DomainError as error:
        error.fields = {f"{prefix}.{name}": message for name, message in error.fields.items()}
        raise


def _refuse_unknown(values: dict[str, Any], allowed: frozenset[str], prefix: str) -> None:
    unknown = sorted(set(values) - allowed)
    if unknown:
        message = localized("不能设置该字段。", "This field cannot be set here.")
        raise validation_error({f"{prefix}.{name}": message for name in unknown})


def _mode(choice: dict[str, Any], prefix: str, allowed: tuple[str, ...]) -> str:
    mode = choice.get("mode")
    if mode not in allowed:
        raise validation_error(
            {f"{prefix}.mode": localized(f"应为 {' / '.join(allowed)}。", f"Must be one of {', '.join(allowed)}.")}
        )
    return str(mode)


def _customer(actor: User, lead: Lead, choice: dict[str, Any]) -> tuple[Customer, bool]:
    if _mode(choice, "customer", ("new", "existing")) == "existing":
        customer_id = choice.get("customer_id")
        if customer_id is None:
            raise validation_error({"customer.customer_id": localized("请选择客户。", "Choose a customer.")})
        return customer_queries.get_customer(actor, customer_id), False
    overrides = dict(choice.get("values") or {})
    _refuse_unknown(overrides, CUSTOMER_OVERRIDES, "customer.values")
    values = {**mapped_customer(lead), **overrides}
    with _fields_under("customer.values"):
        customer = customer_actions.create_customer(
            actor=actor,
            values=values,
            owner_id=lead.owner_id,
            allow_duplicate=bool(choice.get("allow_duplicate")),
        )
    return customer, True


def _contact(actor: User, lead: Lead, customer: Customer, is_new: bool, choice: dict[str, Any]) -> Contact | None:
    mode = _mode(choice, "contact", ("new", "existing", "none"))
    if mode == "none":
        return None
    if mode == "existing":
        contact_id = choice.get("contact_id")
        if contact_id is None:
            raise validation_error({"contact.contact_id": localized("请选择联系人。", "Choose a contact.")})
        contact = Contact.objects.filter(pk=contact_id, customer_id=customer.pk).first()
        if contact is None or not engine.can(actor, CONTACTS.resource, "view", contact):
            raise NotFoundError()
        return contact
    overrides = dict(choice.get("values") or {})
    _refuse_unknown(overrides, CONTACT_OVERRIDES, "contact.values")
    # The first contact of a new customer is its primary one.
    values = {**mapped_contact(lead), "is_primary": is_new, **overrides}
    with _fields_under("contact.values"):
        return contact_actions.create_contact(
            actor=actor, customer_id=customer.pk, values=values, allow_duplicate=bool(choice.get("allow_duplicate"))
        )


def _opportunity(
    actor: User, lead: Lead, customer: Customer, contact: Contact | None, choice: dict[str, Any]
) -> Opportunity:
    _refuse_unknown(choice, OPPORTUNITY_KEYS, "opportunity")
    values: dict[str, Any] = {"lead_id": lead.pk, "source": "lead", "campaign": lead.campaign}
    for name in ("amount", "currency", "expected_close_date"):
        if choice.get(name) is not None:
            values[name] = choice[name]
    name = str(choice.get("name") or "").strip() or f"{customer.name} {lead.product_interest}".strip()
    with _fields_under("opportunity"):
        return opportunity_actions.create_opportunity(
            actor=actor,
            name=name[:200],
            customer_id=customer.pk,
            values=values,
            pipeline_id=choice.get("pipeline_id"),
            stage_id=choice.get("stage_id"),
            owner_id=lead.owner_id,
            contacts=[{"contact_id": contact.pk, "is_key": True}] if contact else [],
        )


def _refuse_unconvertible(lead: Lead) -> None:
    if lead.status in (LeadStatus.CONVERTED, LeadStatus.INVALID):
        raise LeadError.plain(
            NOT_CONVERTIBLE,
            "线索已转化或已标记为无效，不能再转化。",
            "The lead is already converted or marked invalid; it cannot be converted.",
            status=422,
        )


def convert_lead(
    *,
    actor: User,
    lead_id: int,
    version: int | None,
    customer: dict[str, Any],
    contact: dict[str, Any],
    opportunity: dict[str, Any] | None = None,
) -> ConversionResult:
    """Turn a lead the actor may edit into customer + contact (+ deal): all or nothing, one "lead.converted" entry."""
    with transaction.atomic():
        lead: Lead = engine.get_visible(actor, LEADS.resource, lead_id, "edit", for_update=True, version=version)
        _refuse_unconvertible(lead)
        target, created = _customer(actor, lead, customer)
        person = _contact(actor, lead, target, created, contact)
        deal = _opportunity(actor, lead, target, person, opportunity) if opportunity is not None else None
        before = {"status": lead.status}
        lead.status = LeadStatus.CONVERTED
        lead.converted_customer = target
        lead.converted_contact = person
        lead.converted_opportunity = deal
        lead.converted_at = timezone.now()
        bump_version(lead)
        lead.save(
            update_fields=[
                "status",
                "converted_customer",
                "converted_contact",
                "converted_opportunity",
                "converted_at",
                "version",
                "updated_at",
            ]
        )
        changes = {
            "status": (before["status"], lead.status),
            "converted_customer_id": (None, target.pk),
            "converted_contact_id": (None, person.pk if person else None),
            "converted_opportunity_id": (None, deal.pk if deal else None),
            "customer_created": (None, created),
        }
        publish(Event("lead.converted", LEADS.resource, str(lead.pk), lead.name[:255], actor.pk, changes=changes))
    return ConversionResult(lead, target, created, person, deal)


def converted_lead_subjects(customer_id: int) -> list[tuple[str, list[str]]]:
    """The leads converted into a customer, as timeline subjects (their history moves along with them)."""
    ids = [str(pk) for pk in Lead.objects.filter(converted_customer_id=customer_id).values_list("pk", flat=True)]
    return [(LEADS.resource, ids)] if ids else []


def conversion_preview(actor: User, lead_id: int) -> dict[str, Any]:
    """Likely matching customers (masked outside scope) and contacts, and the values a conversion would use."""
    lead: Lead = engine.get_visible(actor, LEADS.resource, lead_id, "view")
    customer_values = mapped_customer(lead)
    mobiles, emails = [lead.mobile] if lead.mobile else [], [lead.email] if lead.email else []
    candidates = duplicates.find_candidates(actor, name=lead.company_name, mobiles=mobiles, emails=emails)
    contacts: list[Contact] = []
    if mobiles or emails:
        match = Q(mobile__in=mobiles) if mobiles else Q(pk__in=[])
        if emails:
            match |= Q(email__in=emails)
        contacts = list(visible_contacts(actor).filter(match).select_related("customer").order_by("pk")[:10])
    contact_rows = [
        apply_field_rules(
            actor,
            CONTACTS.resource,
            {
                "id": item.pk,
                "name": item.name,
                "customer_id": item.customer_id,
                "customer_name": item.customer.name,
                "mobile": item.mobile,
                "email": item.email,
                "title": item.title,
            },
        )
        for item in contacts
    ]
    return {
        "customer_candidates": candidates,
        "contact_candidates": contact_rows,
        "mapped": {
            "customer": customer_values,
            "contact": apply_field_rules(actor, LEADS.resource, mapped_contact(lead)),
        },
    }
