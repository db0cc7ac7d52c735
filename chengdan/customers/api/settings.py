"""HTTP endpoints of the customer settings: tags, option lists and custom fields."""

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from chengdan.access import engine
from chengdan.accounts.actor import actor_of
from chengdan.core.schemas import responses
from chengdan.customers import settings_actions
from chengdan.customers.models import CustomField, Option, Tag
from chengdan.customers.permissions import CUSTOMER_SETTINGS
from chengdan.customers.schemas import (
    CustomFieldIn,
    CustomFieldOut,
    CustomFieldPatch,
    OptionIn,
    OptionOut,
    TagIn,
    TagOut,
    TagPatch,
)

router = Router(tags=["customer settings"])


def _tag(tag: Tag) -> dict[str, Any]:
    return {"id": tag.pk, "name": tag.name, "color": tag.color}


def _field(custom: CustomField) -> dict[str, Any]:
    return {
        "id": custom.pk,
        "entity": custom.entity,
        "key": custom.key,
        "label": custom.label,
        "label_en": custom.label_en,
        "field_type": custom.field_type,
        "choices": custom.choices,
        "is_required": custom.is_required,
        "is_unique": custom.is_unique,
        "is_active": custom.is_active,
        "position": custom.position,
    }


@router.get("/tags", response=responses(list[TagOut]))
def list_tags(request: HttpRequest) -> list[dict[str, Any]]:
    """Every tag, by name."""
    engine.require_action(request.user, CUSTOMER_SETTINGS.resource, "view")
    return [_tag(tag) for tag in Tag.objects.order_by("name")]


@router.post("/tags", response=responses(TagOut, 201))
def create_tag(request: HttpRequest, payload: TagIn) -> Status[dict[str, Any]]:
    """Create a tag."""
    return Status(201, _tag(settings_actions.create_tag(actor=actor_of(request), **payload.dict())))


@router.patch("/tags/{tag_id}", response=responses(TagOut))
def update_tag(request: HttpRequest, tag_id: int, payload: TagPatch) -> dict[str, Any]:
    """Rename or recolour a tag."""
    return _tag(settings_actions.update_tag(actor=actor_of(request), tag_id=tag_id, **payload.dict()))


@router.delete("/tags/{tag_id}", response=responses(None, 204))
def delete_tag(request: HttpRequest, tag_id: int) -> Status[None]:
    """Delete a tag."""
    settings_actions.delete_tag(actor=actor_of(request), tag_id=tag_id)
    return Status(204, None)


@router.get("/options", response=responses(list[OptionOut]))
def list_options(request: HttpRequest) -> list[dict[str, Any]]:
    """Every option list (levels, stages, industries, sources, decision roles), in order."""
    engine.require_action(request.user, CUSTOMER_SETTINGS.resource, "view")
    rows = Option.objects.values("id", "kind", "code", "label", "label_en", "color", "position", "is_active")
    return [dict(row) for row in rows]


@router.put("/options/{kind}/{code}", response=responses(OptionOut))
def save_option(request: HttpRequest, kind: str, code: str, payload: OptionIn) -> dict[str, Any]:
    """Create or edit one value of an option list."""
    option = settings_actions.save_option(actor=actor_of(request), kind=kind, code=code, values=payload.dict())
    return {
        "id": option.pk,
        "kind": option.kind,
        "code": option.code,
        "label": option.label,
        "label_en": option.label_en,
        "color": option.color,
        "position": option.position,
        "is_active": option.is_active,
    }


@router.get("/fields", response=responses(list[CustomFieldOut]))
def list_custom_fields(request: HttpRequest) -> list[dict[str, Any]]:
    """Every custom field of customers and contacts."""
    engine.require_action(request.user, CUSTOMER_SETTINGS.resource, "view")
    return [_field(custom) for custom in CustomField.objects.all()]


@router.post("/fields", response=responses(CustomFieldOut, 201))
def create_custom_field(request: HttpRequest, payload: CustomFieldIn) -> Status[dict[str, Any]]:
    """Add a custom field."""
    return Status(201, _field(settings_actions.create_custom_field(actor=actor_of(request), values=payload.dict())))


@router.patch("/fields/{field_id}", response=responses(CustomFieldOut))
def update_custom_field(request: HttpRequest, field_id: int, payload: CustomFieldPatch) -> dict[str, Any]:
    """Change a custom field's label, flags, order or choices."""
    values = payload.dict(exclude_unset=True)
    return _field(settings_actions.update_custom_field(actor=actor_of(request), field_id=field_id, values=values))
