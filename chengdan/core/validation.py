"""Pydantic validation errors, re-worded per field in the user's language."""

from typing import Any

from chengdan.core.errors import localized

_MESSAGES: dict[str, tuple[str, str]] = {
    "missing": ("此项为必填项。", "This field is required."),
    "string_too_long": ("内容过长，最多 {max_length} 个字符。", "Too long: at most {max_length} characters."),
    "string_too_short": ("内容过短，至少 {min_length} 个字符。", "Too short: at least {min_length} characters."),
    "string_type": ("应为文本。", "Must be text."),
    "int_type": ("应为整数。", "Must be a whole number."),
    "int_parsing": ("应为整数。", "Must be a whole number."),
    "int_from_float": ("应为整数。", "Must be a whole number."),
    "bool_type": ("应为是/否。", "Must be true or false."),
    "bool_parsing": ("应为是/否。", "Must be true or false."),
    "greater_than_equal": ("不能小于 {ge}。", "Must be at least {ge}."),
    "less_than_equal": ("不能大于 {le}。", "Must be at most {le}."),
    "extra_forbidden": ("不支持的字段。", "Unknown field."),
    "list_type": ("应为列表。", "Must be a list."),
    "dict_type": ("应为对象。", "Must be an object."),
    "model_attributes_type": ("应为对象。", "Must be an object."),
    "literal_error": ("取值不在允许范围内。", "Not one of the allowed values."),
    "enum": ("取值不在允许范围内。", "Not one of the allowed values."),
    "datetime_parsing": ("日期时间格式不正确。", "Not a valid date-time."),
    "datetime_from_date_parsing": ("日期时间格式不正确。", "Not a valid date-time."),
    "date_parsing": ("日期格式不正确。", "Not a valid date."),
    "date_from_datetime_parsing": ("日期格式不正确。", "Not a valid date."),
    "decimal_parsing": ("应为数字。", "Must be a number."),
    "float_parsing": ("应为数字。", "Must be a number."),
    "value_error": ("取值无效。", "Invalid value."),
    "json_invalid": ("JSON 格式错误。", "Invalid JSON."),
}
_LOCATIONS = {"body", "query", "path", "header", "cookie", "form", "file"}


def _field_name(loc: list[Any] | tuple[Any, ...]) -> str:
    parts = [str(part) for part in loc]
    if parts and parts[0] in _LOCATIONS:
        parts = parts[1:]
    # Ninja nests a body schema under its parameter name ("payload"); clients only know the fields.
    if len(parts) > 1 and parts[0] in {"payload", "filters", "page", "data"}:
        parts = parts[1:]
    return ".".join(parts) or "__all__"


def field_errors(errors: list[dict[str, Any]]) -> dict[str, str]:
    """One message per field, in the active language."""
    result: dict[str, str] = {}
    for error in errors:
        name = _field_name(error.get("loc", ()))
        zh, en = _MESSAGES.get(str(error.get("type")), ("取值无效。", "Invalid value."))
        context = {
            key: value for key, value in (error.get("ctx") or {}).items() if isinstance(value, (int, float, str))
        }
        try:
            message = localized(zh, en).format(**context)
        except (KeyError, IndexError):
            message = localized(zh, en)
        result.setdefault(name, message)
    return result
