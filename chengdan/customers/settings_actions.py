"""Admin writes on the customer settings: tags, option lists and custom fields."""

import re
from typing import Any

from django.db import IntegrityError, transaction

from chengdan.access import engine
from chengdan.accounts.models import User
from chengdan.core.errors import DomainError, ErrorCode, localized
from chengdan.core.events import Event, publish
from chengdan.customers.models import CustomField, FieldType, Option, OptionKind, Tag
from chengdan.customers.permissions import CUSTOMER_SETTINGS, CUSTOMERS

KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
COLOR_PATTERN = re.compile(r"^#[0-9A-Fa-f]{6}$")


def _invalid(field: str, zh: str, en: str) -> DomainError:
    return DomainError(ErrorCode.VALIDATION_ERROR, fields={field: localized(zh, en)})


def _audit(name: str, subject: str, subject_id: object, label: str, actor: User, changes: dict[str, Any]) -> None:
    publish(Event(name, subject, str(subject_id), label[:255], actor.pk, changes=changes))


def _color(value: str) -> str:
    if value and not COLOR_PATTERN.match(value):
        raise _invalid("color", "颜色格式应为 #RRGGBB。", "Colour must look like #RRGGBB.")
    return value


def create_tag(*, actor: User, name: str, color: str = "#409EFF") -> Tag:
    """Create a tag; anyone who may edit customers may add one."""
    engine.require_action(actor, CUSTOMERS.resource, "edit")
    name = name.strip()
    if not name:
        raise _invalid("name", "此项为必填项。", "This field is required.")
    try:
        with transaction.atomic():
            tag = Tag.objects.create(name=name, color=_color(color) or "#409EFF")
            _audit("tag.created", "customer_tags", tag.pk, tag.name, actor, {"name": [None, tag.name]})
    except IntegrityError:
        raise _invalid("name", "标签已存在。", "This tag exists.") from None
    return tag


def update_tag(*, actor: User, tag_id: int, name: str | None, color: str | None) -> Tag:
    """Rename or recolour a tag (customer settings edit right)."""
    engine.require_action(actor, CUSTOMER_SETTINGS.resource, "edit")
    tag = Tag.objects.filter(pk=tag_id).first()
    if tag is None:
        raise DomainError(ErrorCode.NOT_FOUND, status=404)
    before = {"name": tag.name, "color": tag.color}
    if name is not None and name.strip():
        tag.name = name.strip()
    if color is not None:
        tag.color = _color(color) or tag.color
    try:
        with transaction.atomic():
            tag.save()
            _audit("tag.updated", "customer_tags", tag.pk, tag.name, actor, {"name": [before["name"], tag.name]})
    except IntegrityError:
        raise _invalid("name", "标签已存在。", "This tag exists.") from None
    return tag


def delete_tag(*, actor: User, tag_id: int) -> None:
    """Delete a tag; customers lose it."""
    engine.require_action(actor, CUSTOMER_SETTINGS.resource, "delete")
    with transaction.atomic():
        tag = Tag.objects.filter(pk=tag_id).first()
        if tag is None:
            raise DomainError(ErrorCode.NOT_FOUND, status=404)
        _audit("tag.deleted", "customer_tags", tag.pk, tag.name, actor, {"name": [tag.name, None]})
        tag.delete()


def save_option(*, actor: User, kind: str, code: str, values: dict[str, Any]) -> Option:
    """Create or edit one value of an option list (codes never change once used)."""
    engine.require_action(actor, CUSTOMER_SETTINGS.resource, "edit")
    if kind not in OptionKind.values:
        raise _invalid("kind", "未知的选项类别。", "Unknown option list.")
    if not KEY_PATTERN.match(code):
        raise _invalid("code", "编码只能包含小写字母、数字和下划线。", "Use lowercase letters, digits, _.")
    label = str(values.get("label") or "").strip()
    if not label:
        raise _invalid("label", "此项为必填项。", "This field is required.")
    with transaction.atomic():
        option, _created = Option.objects.get_or_create(kind=kind, code=code, defaults={"label": label})
        option.label = label
        option.label_en = str(values.get("label_en") or "")[:60]
        option.color = _color(str(values.get("color") or ""))
        option.position = int(values.get("position") or 0)
        option.is_active = bool(values.get("is_active", True))
        option.save()
        _audit("option.saved", "customer_options", option.pk, f"{kind}:{code}", actor, {"label": [None, label]})
    return option


def create_custom_field(*, actor: User, values: dict[str, Any]) -> CustomField:
    """Add a custom field to customers or contacts; it appears in forms, lists, filters, import and export."""
    engine.require_action(actor, CUSTOMER_SETTINGS.resource, "create")
    key = str(values.get("key") or "")
    if not KEY_PATTERN.match(key):
        raise _invalid("key", "字段标识只能包含小写字母、数字和下划线。", "Use lowercase letters, digits, _.")
    if values.get("field_type") not in FieldType.values:
        raise _invalid("field_type", "未知的字段类型。", "Unknown field type.")
    choices = _choices(values)
    try:
        with transaction.atomic():
            custom = CustomField.objects.create(
                entity=values["entity"],
                key=key,
                label=values["label"],
                label_en=values.get("label_en") or "",
                field_type=values["field_type"],
                choices=choices,
                is_required=bool(values.get("is_required")),
                is_unique=bool(values.get("is_unique")),
                position=int(values.get("position") or 0),
            )
            _audit("custom_field.created", "custom_fields", custom.pk, key, actor, {"label": [None, custom.label]})
    except IntegrityError:
        raise _invalid("key", "字段标识已存在。", "This key exists.") from None
    return custom


def _choices(values: dict[str, Any]) -> list[dict[str, str]]:
    raw = values.get("choices") or []
    choices = [{"value": str(c["value"]), "label": str(c.get("label") or c["value"])} for c in raw]
    if values.get("field_type") in (FieldType.CHOICE, FieldType.MULTI_CHOICE) and not choices:
        raise _invalid("choices", "请至少提供一个选项。", "Give at least one choice.")
    return choices


def update_custom_field(*, actor: User, field_id: int, values: dict[str, Any]) -> CustomField:
    """Relabel, reorder, change flags or choices of a custom field (its key and type stay)."""
    engine.require_action(actor, CUSTOMER_SETTINGS.resource, "edit")
    with transaction.atomic():
        custom = CustomField.objects.select_for_update().filter(pk=field_id).first()
        if custom is None:
            raise DomainError(ErrorCode.NOT_FOUND, status=404)
        before = custom.label
        for name in ("label", "label_en", "is_required", "is_unique", "is_active", "position"):
            if values.get(name) is not None:
                setattr(custom, name, values[name])
        if values.get("choices") is not None:
            custom.choices = _choices({**values, "field_type": custom.field_type})
        custom.save()
        _audit("custom_field.updated", "custom_fields", custom.pk, custom.key, actor, {"label": [before, custom.label]})
    return custom
