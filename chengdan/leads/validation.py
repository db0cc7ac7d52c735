"""Turn raw lead values (API fields, form posts, e-mails, spreadsheet cells) into clean values, or reasons."""

from decimal import Decimal
from typing import Any

from chengdan.core import cleaning, phones, regions, textnorm
from chengdan.core.cleaning import CleaningError
from chengdan.core.errors import localized
from chengdan.customers import identity
from chengdan.customers.models import OptionKind
from chengdan.customers.validation import Vocabulary
from chengdan.leads.choices import LeadSource

TEXT_LIMITS = {
    "name": 60,
    "wechat": 60,
    "title": 60,
    "company_name": 200,
    "product_interest": 200,
    "campaign": 100,
    "notes": 5000,
}
REGION_KEYS = ("region", "region_code", "province_code", "city_code", "district_code")
CONTACT_FIELDS = ("mobile", "email", "wechat")
CENTS = Decimal("0.01")
BUDGET_LIMIT = Decimal("100000000000000")


def _required() -> str:
    return localized("此项为必填项。", "This field is required.")


def _region_codes(values: dict[str, Any]) -> dict[str, str]:
    """Province, city and district codes from a code of any level or free text (广东 深圳 南山)."""
    codes = {name: cleaning.parse_text(values.get(name)) for name in ("province_code", "city_code", "district_code")}
    code = cleaning.parse_text(values.get("region_code")) or codes["district_code"] or codes["city_code"]
    code = code or codes["province_code"]
    text = cleaning.parse_text(values.get("region"))
    if not code and text:
        code = regions.parse_region(text) or ""
        if not code:
            raise CleaningError("region.unknown", localized(f"无法识别地区“{text}”。", f"Unknown region “{text}”."))
    result = {"province_code": "", "city_code": "", "district_code": ""}
    if not code:
        return result
    path = regions.path(code)
    if not path:
        raise CleaningError(
            "region.unknown", localized(f"行政区划代码 {code} 不存在。", f"Unknown region code {code}.")
        )
    for region, name in zip(path, result, strict=False):
        result[name] = region.code
    # A city given with a district of another city is a contradiction, not a choice to make silently.
    if any(codes[name] and codes[name] != result[name] for name in result):
        raise CleaningError("region.mismatch", localized("省、市、区不一致。", "Province, city and district disagree."))
    return result


def _budget(value: Any) -> Decimal | None:
    number = cleaning.parse_decimal(value)
    if number is None:
        return None
    if number < 0:
        raise CleaningError("value.negative", localized("预算不能为负数。", "The budget cannot be negative."))
    if number >= BUDGET_LIMIT:
        raise CleaningError("value.too_large", localized("预算金额过大。", "The budget is too large."))
    return number.quantize(CENTS)


# Codes and labels (any case) of the lead sources, looked up once per value rather than scanned.
SOURCES = {
    **{str(choice.label).lower(): choice.value for choice in LeadSource},
    **{choice.value: choice.value for choice in LeadSource},
}


def _source(value: Any) -> str:
    text = cleaning.parse_text(value)
    source = SOURCES.get(text.lower())
    if source is not None:
        return source
    raise CleaningError("option.unknown", localized(f"“{text}”不是可选的线索来源。", f"“{text}” is not a lead source."))


def _optional(parse: Any) -> Any:
    """Empty stays empty; anything else goes through `parse`."""
    return lambda value: parse(value) if cleaning.parse_text(value) else ""


def clean_lead(
    values: dict[str, Any], vocabulary: Vocabulary, *, partial: bool = False
) -> tuple[dict[str, Any], dict[str, str]]:
    """Clean the lead fields present in `values`; returns (clean values, field → reason).

    Mobiles and e-mails are normalised (+86, full-width digits, "Name <a@b>"), the company gets its
    duplicate key, budgets accept "¥12,000" and "1.5万".
    """
    clean: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for name, limit in TEXT_LIMITS.items():
        if name in values or (name == "name" and not partial):
            text = cleaning.parse_text(values.get(name))
            if name == "name" and not text:
                errors[name] = _required()
            elif len(text) > limit:
                errors[name] = localized(f"不能超过 {limit} 个字符。", f"At most {limit} characters.")
            clean[name] = text
    parsers = {
        "mobile": _optional(phones.normalise_mobile),
        "email": _optional(phones.normalise_email),
        "industry": lambda value: vocabulary.option(OptionKind.INDUSTRY, value),
        "budget": _budget,
        "source": _source,
    }
    for name, parse in parsers.items():
        if name not in values:
            continue
        try:
            clean[name] = parse(values[name])
        except CleaningError as error:
            errors[name] = error.message
    if any(name in values for name in REGION_KEYS):
        try:
            clean.update(_region_codes(values))
        except CleaningError as error:
            errors["region_code"] = error.message
    if "company_name" in clean:
        clean["company_key"] = identity.normalise_company_name(clean["company_name"]) if clean["company_name"] else ""
    return clean, errors


def has_contact(clean: dict[str, Any]) -> bool:
    """Whether the lead can be reached: a mobile, an e-mail or a WeChat id."""
    return any(clean.get(name) for name in CONTACT_FIELDS)


def search_text_of(lead: Any) -> str:
    """The folded text `q` searches: name, company, mobile and e-mail (no pinyin: captures stay cheap)."""
    parts = [textnorm.normalise_query(lead.name), textnorm.normalise_query(lead.company_name), lead.mobile, lead.email]
    return textnorm.SEARCH_SEPARATOR.join(part for part in parts if part)
