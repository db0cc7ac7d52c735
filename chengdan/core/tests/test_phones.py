"""Mainland mobile and landline numbers and e-mail addresses reduce to one canonical form."""

import pytest
from django.utils import translation

from chengdan.core import phones
from chengdan.core.cleaning import CleaningError


@pytest.mark.parametrize(
    "value",
    [
        "13800138000",
        "+86 138-0013-8000",
        "0086 13800138000",
        "86-13800138000",
        "138 0013 8000",
        "(+86)138.0013.8000",
        "１３８００１３８０００",
        13800138000,
        13800138000.0,
    ],
)
def test_normalise_mobile_accepts_common_notations(value: object) -> None:
    assert phones.normalise_mobile(value) == "13800138000"


@pytest.mark.parametrize(
    "value",
    ["", None, "12800138000", "1380013800", "138001380001", "+1 138 0013 8000", "0755-88888888", "13800138000 转 1"],
)
def test_normalise_mobile_refuses_other_numbers(value: object) -> None:
    with pytest.raises(CleaningError) as caught:
        phones.normalise_mobile(value)

    assert caught.value.code == "phone.invalid_mobile"


def test_mobile_error_message_follows_the_active_language() -> None:
    with translation.override("en"), pytest.raises(CleaningError) as english:
        phones.normalise_mobile("12345")
    with translation.override("zh-hans"), pytest.raises(CleaningError) as chinese:
        phones.normalise_mobile("12345")

    assert english.value.message == "Not a valid mobile number: 12345"
    assert chinese.value.message == "不是有效的手机号码：12345"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("010-12345678", "010-12345678"),
        ("010 6234 5678", "010-62345678"),
        ("(0755)8888 8888", "0755-88888888"),
        ("（０７５５）８８８８８８８８", "0755-88888888"),
        ("0755-8888-8888", "0755-88888888"),
        ("075588888888", "0755-88888888"),
        ("02168888888", "021-68888888"),
        ("0391-1234567", "0391-1234567"),
        ("0755-88888888-123", "0755-88888888-123"),
        ("0755-8888888-1234", "0755-8888888-1234"),
        ("0755 88888888 转 123", "0755-88888888-123"),
        ("021 6888 8888 ext. 45", "021-68888888-45"),
        ("0755-88888888 分机 8", "0755-88888888-8"),
        ("+86 10 62345678", "010-62345678"),
        ("+86-755-88888888", "0755-88888888"),
        ("0086 755 8888 8888", "0755-88888888"),
        ("+86 (0)755 8888 8888", "0755-88888888"),
        ("400-800-8888", "400-800-8888"),
        ("4008008888", "400-800-8888"),
        ("400 800 8888 转 2", "400-800-8888-2"),
        ("800-810-8888", "800-810-8888"),
        ("+86 400 800 8888", "400-800-8888"),
    ],
)
def test_normalise_landline_gives_the_canonical_form(value: str, expected: str) -> None:
    assert phones.normalise_landline(value) == expected


@pytest.mark.parametrize(
    ("value", "english_reason"),
    [
        ("", "no number"),
        ("88888888", "the area code is missing"),
        ("95588", "the area code is missing"),
        ("13800138000", "this is a mobile number"),
        ("011-12345678", "invalid area code"),
        ("0755-0888888", "local numbers never start with 0"),
        ("0755-888888889", "wrong number of digits"),
        ("400-800-888", "400/800 numbers have 10 digits"),
        ("0755-88888888-1234567", "the extension is too long"),
        ("0755-88888888-12 转 3", "two extensions"),
        ("tel: 0755-88888888", "unexpected characters"),
    ],
)
def test_normalise_landline_says_what_is_wrong(value: str, english_reason: str) -> None:
    with translation.override("en"), pytest.raises(CleaningError) as caught:
        phones.normalise_landline(value)

    assert caught.value.code == "phone.invalid_landline"
    assert caught.value.message == f"Not a valid landline number ({english_reason}): {value}"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (" Zhang.San@Example.COM ", "zhang.san@example.com"),
        ("mailto:Sales@Chengdan.CN", "sales@chengdan.cn"),
        ("张三 <Z.San@QQ.com>", "z.san@qq.com"),
        ("ｌｉ＠ｃｏｍｐａｎｙ．ｃｎ", "li@company.cn"),
    ],
)
def test_normalise_email(value: str, expected: str) -> None:
    assert phones.normalise_email(value) == expected


@pytest.mark.parametrize("value", ["", None, "zhang", "a@b", "a b@c.com", "a@b.com;c@d.com", "@example.com"])
def test_normalise_email_refuses_invalid_addresses(value: object) -> None:
    with pytest.raises(CleaningError) as caught:
        phones.normalise_email(value)

    assert caught.value.code == "email.invalid"
