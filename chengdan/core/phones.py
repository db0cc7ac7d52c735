"""Canonical forms of Chinese mainland phone numbers and of e-mail addresses, as dedupe keys."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator

from chengdan.core.cleaning import CleaningError, parse_text
from chengdan.core.textnorm import to_halfwidth

_SEPARATORS = re.compile(r"[\s\-.()/]+")
_MOBILE = re.compile(r"1[3-9]\d{9}")
# +86 / 0086, optionally with the trunk "(0)" that some foreign-style cards print.
_COUNTRY = re.compile(r"(?:\+|00)86(?:\(0\))?")
_EXTENSION = re.compile(r"(?:转|分机|ext\.?|x|#)\s*(\d{1,6})$")
_LANDLINE_CHARACTERS = re.compile(r"[\d\s\-.()/]+")
_DIGIT_GROUPS = re.compile(r"\d+")
_MAILTO = re.compile(r"^mailto:", re.IGNORECASE)
_ANGLE_ADDRESS = re.compile(r"<([^<>]+)>")


class _EmailValidator(EmailValidator):
    """Django's e-mail check, remembering each domain's verdict: an import meets the same domains
    (qq.com, 163.com, the customer's own) thousands of times, and the domain pattern is the costly part."""

    # The same pattern, compiled eagerly: the lazy original pays a proxy lookup on every use.
    user_regex = re.compile(EmailValidator.user_regex.pattern, EmailValidator.user_regex.flags)
    max_known_domains = 10_000

    def __init__(self) -> None:
        super().__init__()
        self.known_domains: dict[str, bool] = {}

    def validate_domain_part(self, domain_part: str) -> bool:
        verdict = self.known_domains.get(domain_part)
        if verdict is None:
            verdict = bool(super().validate_domain_part(domain_part))
            if len(self.known_domains) < self.max_known_domains:
                self.known_domains[domain_part] = verdict
        return verdict


validate_email = _EmailValidator()


def _mobile_error(value: object) -> CleaningError:
    return CleaningError.localized(
        "phone.invalid_mobile", f"不是有效的手机号码：{value!s}", f"Not a valid mobile number: {value!s}"
    )


def normalise_mobile(value: object) -> str:
    """The 11-digit mainland mobile number (13800138000) from any common notation, or CleaningError."""
    text = _SEPARATORS.sub("", to_halfwidth(parse_text(value)))
    if text.startswith("+86"):
        text = text[3:]
    elif text.startswith("0086"):
        text = text[4:]
    elif text.startswith("86") and len(text) == 13:
        text = text[2:]
    if not _MOBILE.fullmatch(text):
        raise _mobile_error(value)
    return text


def _landline_error(value: object, zh_reason: str, en_reason: str) -> CleaningError:
    return CleaningError.localized(
        "phone.invalid_landline",
        f"不是有效的固定电话号码（{zh_reason}）：{value!s}",
        f"Not a valid landline number ({en_reason}): {value!s}",
    )


def _split_main(groups: list[str], length: int) -> tuple[str, list[str]] | None:
    # Digit groups are consumed until the number is complete; whatever follows is the extension,
    # which is how 0755-88888888-123 differs from 0755-8888-8888.
    taken = ""
    for index, group in enumerate(groups):
        taken += group
        if len(taken) >= length:
            return (taken, groups[index + 1 :]) if len(taken) == length else None
    return None


def normalise_landline(value: object) -> str:
    """Canonical landline: 0755-88888888, 0755-88888888-123 (extension) or 400-800-8888; else CleaningError.

    Area codes follow the national plan: 010 and 02x have three digits, all others four; local
    numbers have 7 or 8 digits and never start with 0. 400/800 numbers have 10 digits.
    Numbers without an area code are refused: the area cannot be guessed.
    """
    text = to_halfwidth(parse_text(value)).lower().replace(" ", "")
    extension = ""
    if match := _EXTENSION.search(text):
        extension, text = match[1], text[: match.start()]
    country = _COUNTRY.match(text)
    if country:
        text = text[country.end() :]
    if not text:
        raise _landline_error(value, "号码为空", "no number")
    if not _LANDLINE_CHARACTERS.fullmatch(text):
        raise _landline_error(value, "含有无法识别的字符", "unexpected characters")
    groups = _DIGIT_GROUPS.findall(text)
    digits = "".join(groups)
    if _MOBILE.fullmatch(digits):
        raise _landline_error(value, "这是手机号码", "this is a mobile number")
    if digits[:3] in ("400", "800"):
        split = _split_main(groups, 10)
        if split is None:
            raise _landline_error(value, "400/800 号码应为 10 位", "400/800 numbers have 10 digits")
        main, rest = split
        canonical = f"{main[:3]}-{main[3:6]}-{main[6:]}"
    else:
        if country and not digits.startswith("0"):
            groups = ["0", *groups]
            digits = "0" + digits
        if not digits.startswith("0"):
            raise _landline_error(value, "缺少区号", "the area code is missing")
        area_length = 3 if digits[1] in "12" else 4
        if digits[1] == "0" or (digits[1] == "1" and digits[:3] != "010"):
            raise _landline_error(value, "区号无效", "invalid area code")
        split = _split_main(groups, area_length + 8) or _split_main(groups, area_length + 7)
        if split is None:
            raise _landline_error(value, "位数不对", "wrong number of digits")
        main, rest = split
        if main[area_length] == "0":
            raise _landline_error(value, "本地号码不能以 0 开头", "local numbers never start with 0")
        canonical = f"{main[:area_length]}-{main[area_length:]}"
    if rest and extension:
        raise _landline_error(value, "分机号重复", "two extensions")
    extension = extension or "".join(rest)
    if len(extension) > 6:
        raise _landline_error(value, "分机号过长", "the extension is too long")
    return f"{canonical}-{extension}" if extension else canonical


def normalise_email(value: object) -> str:
    """The lowercased, validated e-mail address (mailto: and "Name <...>" wrappers removed), or CleaningError."""
    text = to_halfwidth(parse_text(value))
    if match := _ANGLE_ADDRESS.search(text):
        text = match[1]
    text = _MAILTO.sub("", text.strip()).strip().lower()
    try:
        validate_email(text)
    except ValidationError:
        raise CleaningError.localized(
            "email.invalid", f"不是有效的电子邮箱地址：{value!s}", f"Not a valid e-mail address: {value!s}"
        ) from None
    return text
