"""Turn raw values (API fields or spreadsheet cells) into clean customer and contact values, or reasons."""

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from chengdan.core import cleaning, phones, regions
from chengdan.core.cleaning import CleaningError
from chengdan.core.errors import localized
from chengdan.customers import identity
from chengdan.customers.models import CustomField, CustomFieldEntity, FieldType, Option, OptionKind

CUSTOMER_TEXT_LIMITS = {
    "name": 200,
    "short_name": 100,
    "address": 300,
    "website": 200,
    "phone": 30,
    "notes": 5000,
}
CONTACT_TEXT_LIMITS = {"name": 60, "title": 60, "department_name": 60, "wechat": 60, "notes": 5000}
CUSTOMER_OPTION_FIELDS = {
    "industry": OptionKind.INDUSTRY,
    "source": OptionKind.SOURCE,
    "level": OptionKind.LEVEL,
    "stage": OptionKind.STAGE,
}


def _required() -> str:
    return localized("此项为必填项。", "This field is required.")


def _too_long(limit: int) -> str:
    return localized(f"不能超过 {limit} 个字符。", f"At most {limit} characters.")


@dataclass
class Vocabulary:
    """Option codes and custom fields, loaded once per request or import."""

    codes: dict[str, set[str]] = field(default_factory=dict)
    by_label: dict[str, dict[str, str]] = field(default_factory=dict)
    custom_fields: dict[str, list[CustomField]] = field(default_factory=dict)

    @classmethod
    def load(cls) -> "Vocabulary":
        """Read the active option lists and custom fields (two queries)."""
        vocabulary = cls()
        for option in Option.objects.filter(is_active=True):
            vocabulary.codes.setdefault(option.kind, set()).add(option.code)
            labels = vocabulary.by_label.setdefault(option.kind, {})
            for name in (option.code, option.label, option.label_en):
                if name:
                    labels[name.strip().lower()] = option.code
        for custom in CustomField.objects.filter(is_active=True):
            vocabulary.custom_fields.setdefault(custom.entity, []).append(custom)
        return vocabulary

    def option(self, kind: str, value: Any) -> str:
        """The option code for a code or a label (imports carry labels); raises CleaningError."""
        text = cleaning.parse_text(value)
        if not text:
            return ""
        code = self.by_label.get(kind, {}).get(text.lower())
        if code is None:
            raise CleaningError(
                "option.unknown", localized(f"“{text}”不是可选的值。", f"“{text}” is not one of the choices.")
            )
        return code


def _text(values: dict[str, Any], errors: dict[str, str], name: str, limit: int, required: bool = False) -> str:
    text = cleaning.parse_text(values.get(name))
    if required and not text:
        errors[name] = _required()
    elif len(text) > limit:
        errors[name] = _too_long(limit)
    return text


def _apply(
    values: dict[str, Any], errors: dict[str, str], clean: dict[str, Any], name: str, parse: Callable[[Any], Any]
) -> None:
    if name not in values:
        return
    try:
        clean[name] = parse(values[name])
    except CleaningError as error:
        errors[name] = error.message


def _region(values: dict[str, Any]) -> dict[str, str]:
    code = cleaning.parse_text(values.get("region_code"))
    if not code and any(values.get(name) for name in ("region", "province", "city", "district")):
        text = " ".join(cleaning.parse_text(values.get(name)) for name in ("region", "province", "city", "district"))
        code = regions.parse_region(text) or ""
        if not code:
            raise CleaningError("region.unknown", localized(f"无法识别地区“{text.strip()}”。", "Unknown region."))
    if not code:
        return {"province_code": "", "city_code": "", "district_code": ""}
    path = regions.path(code)
    if not path:
        raise CleaningError("region.unknown", localized("行政区划代码不存在。", "Unknown region code."))
    codes = {"province_code": "", "city_code": "", "district_code": ""}
    for region, name in zip(path, ("province_code", "city_code", "district_code"), strict=False):
        codes[name] = region.code
    return codes


_REGION_KEYS = frozenset({"region_code", "region", "province", "city", "district"})


def _credit_code(value: Any) -> str:
    return identity.normalise_credit_code(value) if value else ""


def _mobile(value: Any) -> str:
    return phones.normalise_mobile(value) if cleaning.parse_text(value) else ""


def _landline(value: Any) -> str:
    return phones.normalise_landline(value) if cleaning.parse_text(value) else ""


def _email(value: Any) -> str:
    return phones.normalise_email(value) if cleaning.parse_text(value) else ""


def clean_customer(values: dict[str, Any], vocabulary: Vocabulary, *, partial: bool = False) -> tuple[dict, dict]:
    """Clean the customer fields present in `values`; returns (clean values, field → reason)."""
    clean: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for name, limit in CUSTOMER_TEXT_LIMITS.items():
        if name in values or (name == "name" and not partial):
            clean[name] = _text(values, errors, name, limit, required=name == "name")
    _apply(values, errors, clean, "credit_code", _credit_code)
    for name, kind in CUSTOMER_OPTION_FIELDS.items():
        if name in values:
            _apply(values, errors, clean, name, functools.partial(vocabulary.option, kind))
    if not _REGION_KEYS.isdisjoint(values):
        try:
            clean.update(_region(values))
        except CleaningError as error:
            errors["region_code"] = error.message
    if "custom" in values or not partial:
        custom, custom_errors = clean_custom(
            values.get("custom") or {}, vocabulary.custom_fields.get(CustomFieldEntity.CUSTOMER, []), partial=partial
        )
        clean["custom"] = custom
        errors.update(custom_errors)
    if "latitude" in values or "longitude" in values:
        _location(values, clean, errors)
    return clean, errors


def _location(values: dict[str, Any], clean: dict[str, Any], errors: dict[str, str]) -> None:
    """The pinned location: both coordinates, in range, six decimal places (about 0.1 m)."""
    for name, limit in (("latitude", 90), ("longitude", 180)):
        value = values.get(name)
        try:
            number = Decimal(str(value))
        except (ArithmeticError, ValueError):
            number = None
        if value is None or isinstance(value, bool) or number is None or not number.is_finite() or abs(number) > limit:
            errors[name] = localized(
                f"须为 -{limit} 到 {limit} 之间的数字（与另一坐标同时填写）。",
                f"Must be a number within -{limit}..{limit} (set together with the other coordinate).",
            )
        else:
            clean[name] = number.quantize(Decimal("0.000001"))


def clean_contact(values: dict[str, Any], vocabulary: Vocabulary, *, partial: bool = False) -> tuple[dict, dict]:
    """Clean the contact fields present in `values`; mobiles normalised, +86 handled."""
    clean: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for name, limit in CONTACT_TEXT_LIMITS.items():
        if name in values or (name == "name" and not partial):
            clean[name] = _text(values, errors, name, limit, required=name == "name")
    _apply(values, errors, clean, "mobile", _mobile)
    _apply(values, errors, clean, "landline", _landline)
    _apply(values, errors, clean, "email", _email)
    _apply(values, errors, clean, "birthday", cleaning.parse_date)
    _apply(values, errors, clean, "decision_role", lambda v: vocabulary.option(OptionKind.DECISION_ROLE, v))
    if "is_primary" in values:
        _apply(values, errors, clean, "is_primary", lambda v: bool(cleaning.parse_bool(v)))
    if "custom" in values or not partial:
        custom, custom_errors = clean_custom(
            values.get("custom") or {}, vocabulary.custom_fields.get(CustomFieldEntity.CONTACT, []), partial=partial
        )
        clean["custom"] = custom
        errors.update(custom_errors)
    return clean, errors


def _custom_value(custom: CustomField, value: Any) -> Any:
    kind = custom.field_type
    if kind == FieldType.TEXT:
        text = cleaning.parse_text(value)
        if len(text) > 1000:
            raise CleaningError("value.too_long", _too_long(1000))
        return text
    if kind in (FieldType.NUMBER, FieldType.MONEY):
        number = cleaning.parse_decimal(value)
        if number is None:
            return None
        return str(number.quantize(Decimal("0.01"))) if kind == FieldType.MONEY else float(number)
    if kind == FieldType.DATE:
        parsed: date | None = cleaning.parse_date(value)
        return parsed.isoformat() if parsed else None
    if kind == FieldType.BOOLEAN:
        return cleaning.parse_bool(value)
    if kind == FieldType.USER:
        return cleaning.parse_int(value)
    allowed = {str(choice.get("value")): str(choice.get("value")) for choice in custom.choices}
    allowed.update({str(choice.get("label", "")).lower(): str(choice.get("value")) for choice in custom.choices})
    items = (
        value if isinstance(value, list) else [] if value in (None, "") else str(value).replace("，", ",").split(",")
    )
    picked = []
    for item in items:
        key = str(item).strip()
        if not key:
            continue
        if key.lower() not in allowed and key not in allowed:
            raise CleaningError("option.unknown", localized(f"“{key}”不是可选的值。", f"“{key}” is not a choice."))
        picked.append(allowed.get(key, allowed.get(key.lower())))
    if kind == FieldType.CHOICE:
        if len(picked) > 1:
            raise CleaningError("option.single", localized("只能选择一个值。", "Pick one value."))
        return picked[0] if picked else None
    return picked


def clean_custom(
    values: dict[str, Any], fields: list[CustomField], *, partial: bool = False
) -> tuple[dict[str, Any], dict[str, str]]:
    """Clean custom field values by their declared type; unknown keys are refused."""
    clean: dict[str, Any] = {}
    errors: dict[str, str] = {}
    if not values and not fields:
        return clean, errors
    known = {custom.key: custom for custom in fields}
    for key in values:
        if key not in known:
            errors[f"custom.{key}"] = localized("没有这个自定义字段。", "Unknown custom field.")
    for key, custom in known.items():
        if key not in values:
            if custom.is_required and not partial:
                errors[f"custom.{key}"] = _required()
            continue
        try:
            value = _custom_value(custom, values[key])
        except CleaningError as error:
            errors[f"custom.{key}"] = error.message
            continue
        if custom.is_required and value in (None, "", []):
            errors[f"custom.{key}"] = _required()
        clean[key] = value
    return clean, errors
