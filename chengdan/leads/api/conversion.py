"""HTTP endpoints of lead conversion (preview, convert) and the lead import."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from django.http import HttpRequest
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile
from pydantic import Field

from chengdan.accounts.actor import actor_of
from chengdan.core.schemas import InputSchema, responses
from chengdan.leads import conversion, lead_import

router = Router(tags=["leads"])


class CustomerChoiceIn(InputSchema):
    """A new customer from the lead (with overrides), or an existing one the caller can see."""

    mode: Literal["new", "existing"]
    customer_id: int | None = None
    values: dict[str, Any] = Field(default_factory=dict)
    # Set once the user confirmed that the similar customers shown are not this one.
    allow_duplicate: bool = False


class ContactChoiceIn(InputSchema):
    """A new contact from the lead (with overrides), an existing contact of that customer, or none."""

    mode: Literal["new", "existing", "none"] = "new"
    contact_id: int | None = None
    values: dict[str, Any] = Field(default_factory=dict)
    allow_duplicate: bool = False


class ConversionOpportunityIn(InputSchema):
    """The optional deal: named after the customer and the product interest unless given."""

    name: str | None = Field(None, max_length=200)
    amount: Decimal | None = Field(None, ge=0, max_digits=16, decimal_places=2)
    currency: str | None = Field(None, max_length=3)
    expected_close_date: date | None = None
    pipeline_id: int | None = None
    stage_id: int | None = None


class ConvertIn(InputSchema):
    """The whole conversion, applied in one transaction."""

    version: int
    customer: CustomerChoiceIn
    contact: ContactChoiceIn = Field(default_factory=lambda: ContactChoiceIn(mode="new"))
    opportunity: ConversionOpportunityIn | None = None


class ConversionOut(Schema):
    """What the lead became: its customer (new or matched), contact and deal."""

    lead_id: int
    lead_version: int
    status: str
    converted_at: datetime
    customer_id: int
    customer_name: str
    customer_created: bool
    contact_id: int | None
    contact_name: str | None
    opportunity_id: int | None
    opportunity_name: str | None


class CustomerCandidateOut(Schema):
    """A possible existing customer; outside the caller's scope it comes masked and without id."""

    id: int | None
    name: str
    owner_name: str | None
    is_visible: bool
    reasons: list[str]
    score: float


class ContactCandidateOut(Schema):
    """A visible contact with the lead's mobile or e-mail (field rules applied)."""

    id: int
    name: str
    customer_id: int
    customer_name: str
    mobile: str | None = None
    email: str | None = None
    title: str | None = None


class MappedValuesOut(Schema):
    """The values a conversion takes from the lead unless overridden."""

    customer: dict[str, Any]
    contact: dict[str, Any]


class ConversionPreviewOut(Schema):
    """Suggested matches and the mapped values, for the conversion dialog."""

    customer_candidates: list[CustomerCandidateOut]
    contact_candidates: list[ContactCandidateOut]
    mapped: MappedValuesOut


class ImportRowErrorOut(Schema):
    """Why one row was refused; `row` is the row number as the spreadsheet shows it."""

    row: int
    code: str
    message: str
    fields: dict[str, str]


class LeadImportOut(Schema):
    """The import's outcome: counts, refused rows, and whether anything was written."""

    total_rows: int
    created_count: int
    merged_count: int
    error_count: int
    is_dry_run: bool
    is_written: bool
    mapping: dict[str, str]
    errors: list[ImportRowErrorOut]


@router.get("/leads/{lead_id}/conversion-preview", response=responses(ConversionPreviewOut))
def conversion_preview(request: HttpRequest, lead_id: int) -> dict[str, Any]:
    """Likely existing customers and contacts for the lead, and the values a conversion would carry over."""
    return conversion.conversion_preview(actor_of(request), lead_id)


@router.post("/leads/{lead_id}/convert", response=responses(ConversionOut))
def convert_lead(request: HttpRequest, lead_id: int, payload: ConvertIn) -> dict[str, Any]:
    """Convert the lead into customer + contact (+ deal) in one step; a likely duplicate customer answers 409."""
    result = conversion.convert_lead(
        actor=actor_of(request),
        lead_id=lead_id,
        version=payload.version,
        customer=payload.customer.dict(),
        contact=payload.contact.dict(),
        opportunity=payload.opportunity.dict(exclude_unset=True) if payload.opportunity is not None else None,
    )
    lead = result.lead
    return {
        "lead_id": lead.pk,
        "lead_version": lead.version,
        "status": lead.status,
        "converted_at": lead.converted_at,
        "customer_id": result.customer.pk,
        "customer_name": result.customer.name,
        "customer_created": result.customer_created,
        "contact_id": result.contact.pk if result.contact else None,
        "contact_name": result.contact.name if result.contact else None,
        "opportunity_id": result.opportunity.pk if result.opportunity else None,
        "opportunity_name": result.opportunity.name if result.opportunity else None,
    }


@router.post("/leads/import", response=responses(LeadImportOut))
def import_leads(
    request: HttpRequest,
    file: File[UploadedFile],
    mode: Form[Literal["create"]] = "create",
    dry_run: Form[bool] = False,
    skip_invalid: Form[bool] = False,
) -> dict[str, Any]:
    """Import up to 5,000 leads from .xlsx/.xls/.csv; each row is captured (deduped, scored, assigned) as "import"."""
    return lead_import.import_leads(
        actor=actor_of(request), upload=file, is_dry_run=dry_run, skip_invalid=skip_invalid
    ).as_dict()
