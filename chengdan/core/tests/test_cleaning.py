"""Spreadsheet cells as real exports contain them become clean numbers, booleans, dates and text."""

from datetime import UTC, date, datetime, time
from decimal import Decimal

import pytest
from django.utils import translation

from chengdan.core import cleaning
from chengdan.core.cleaning import CleaningError


def test_cleaning_error_is_a_value_error_with_code_and_message() -> None:
    with translation.override("en"):
        error = CleaningError.localized("value.invalid_number", "无法识别", "Not a number")

    assert isinstance(error, ValueError)
    assert (error.code, error.message) == ("value.invalid_number", "Not a number")
    assert str(error) == "value.invalid_number: Not a number"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        ("", None),
        ("   ", None),
        (42, Decimal(42)),
        (0.1, Decimal("0.1")),
        (1234567.5, Decimal("1234567.5")),
        (Decimal("3.50"), Decimal("3.50")),
        ("1,234,567.50", Decimal("1234567.50")),
        ("１２３", Decimal(123)),
        ("１，２３４．５", Decimal("1234.5")),
        ("¥1,000", Decimal(1000)),
        ("￥ 1,000.00", Decimal("1000.00")),
        ("$12.5", Decimal("12.5")),
        ("RMB 3,000", Decimal(3000)),
        ("cny3000", Decimal(3000)),
        ("3000 元", Decimal(3000)),
        ("人民币 3000 元", Decimal(3000)),
        (" 1 234 567 ", Decimal(1234567)),
        ("-5", Decimal(-5)),
        ("+5", Decimal(5)),
        ("−5", Decimal(-5)),
        ("(5)", Decimal(-5)),
        ("（1,000.50）", Decimal("-1000.50")),
        ("-¥1,000", Decimal(-1000)),
        ("¥-1,000", Decimal(-1000)),
        ("1.5万", Decimal(15000)),
        ("12万元", Decimal(120000)),
        ("¥3.2亿", Decimal(320000000)),
        ("12.5%", Decimal("12.5")),
        (".5", Decimal("0.5")),
        ("1.38E+10", Decimal("1.38E+10")),
    ],
)
def test_parse_decimal(value: object, expected: Decimal | None) -> None:
    result = cleaning.parse_decimal(value)

    assert result == expected
    assert result is None or isinstance(result, Decimal)


@pytest.mark.parametrize(
    "value",
    [
        "abc",
        "1,23",
        "12,34,567",
        "1.2.3",
        "--5",
        "-(5)",
        "(5",
        "5)",
        "-¥-5",
        "5 apples",
        "N/A",
        "-",
        True,
        float("nan"),
        float("inf"),
        Decimal("NaN"),
        [1],
    ],
)
def test_parse_decimal_refuses_garbage(value: object) -> None:
    with translation.override("en"), pytest.raises(CleaningError) as caught:
        cleaning.parse_decimal(value)

    assert caught.value.code == "value.invalid_number"
    assert caught.value.message == f"Not a number: {value!s}"


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, None), ("", None), (7, 7), (7.0, 7), ("1,200", 1200), ("1.5万", 15000), ("１２", 12), ("(3)", -3)],
)
def test_parse_int(value: object, expected: int | None) -> None:
    assert cleaning.parse_int(value) == expected


@pytest.mark.parametrize("value", ["1.5", 2.5, "abc", True])
def test_parse_int_refuses_fractions_and_garbage(value: object) -> None:
    with pytest.raises(CleaningError) as caught:
        cleaning.parse_int(value)

    assert caught.value.code == "value.invalid_integer"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        ("", None),
        (True, True),
        (False, False),
        (1, True),
        (0, False),
        (1.0, True),
        *[(text, True) for text in ["是", "是的", "Y", "yes", "TRUE", "true", "1", "√", "✓", "有", " Yes "]],
        *[(text, False) for text in ["否", "N", "no", "False", "0", "×", "✗", "无", "不是"]],
    ],
)
def test_parse_bool(value: object, expected: bool | None) -> None:
    assert cleaning.parse_bool(value) is expected


@pytest.mark.parametrize("value", ["maybe", "x", "2", 2, "是否", 0.5])
def test_parse_bool_refuses_other_values(value: object) -> None:
    with pytest.raises(CleaningError) as caught:
        cleaning.parse_bool(value)

    assert caught.value.code == "value.invalid_boolean"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        ("", None),
        (date(2024, 1, 5), date(2024, 1, 5)),
        (datetime(2024, 1, 5, 10, 20, 30), date(2024, 1, 5)),
        # Excel 1900 system: serials before the fictitious 1900-02-29 (serial 60) are one day off.
        (1, date(1900, 1, 1)),
        (59, date(1900, 2, 28)),
        (61, date(1900, 3, 1)),
        (45292, date(2024, 1, 1)),
        (45296, date(2024, 1, 5)),
        (45296.75, date(2024, 1, 5)),
        (Decimal(45296), date(2024, 1, 5)),
        ("45296", date(2024, 1, 5)),
        ("2024-01-05", date(2024, 1, 5)),
        ("2024/1/5", date(2024, 1, 5)),
        ("2024.1.5", date(2024, 1, 5)),
        ("20240105", date(2024, 1, 5)),
        ("2024年1月5日", date(2024, 1, 5)),
        ("2024 年 01 月 05 日 10:20", date(2024, 1, 5)),
        ("２０２４年１月５号", date(2024, 1, 5)),
        ("2024年1月", date(2024, 1, 1)),
        ("2024-01-05 10:20:30", date(2024, 1, 5)),
        ("2024-01-05T10:20:30Z", date(2024, 1, 5)),
        ("2024-01-05T23:59:59.123+08:00", date(2024, 1, 5)),
        ("1/5/2024", date(2024, 1, 5)),
        ("25/12/2024", date(2024, 12, 25)),
        ("12/25/2024", date(2024, 12, 25)),
        ("5-Jan-2024", date(2024, 1, 5)),
        ("Jan 5, 2024", date(2024, 1, 5)),
        ("January 5 2024", date(2024, 1, 5)),
        ("05 Jan 2024", date(2024, 1, 5)),
        ("16 Apr, 2021 00:02:00", date(2021, 4, 16)),
        ("Fri, 05 Jan 2024 10:00:00 +0800", date(2024, 1, 5)),
        ("5 Sept 2024", date(2024, 9, 5)),
    ],
)
def test_parse_date(value: object, expected: date | None) -> None:
    assert cleaning.parse_date(value) == expected


@pytest.mark.parametrize(
    ("value", "dayfirst", "expected"),
    [
        ("1/5/2024", False, date(2024, 1, 5)),
        ("1/5/2024", True, date(2024, 5, 1)),
        ("13/5/2024", False, date(2024, 5, 13)),
        ("5/13/2024", True, date(2024, 5, 13)),
    ],
)
def test_parse_date_day_first_only_when_ambiguous(value: str, dayfirst: bool, expected: date) -> None:
    assert cleaning.parse_date(value, dayfirst=dayfirst) == expected


@pytest.mark.parametrize(
    "value",
    [
        "2024-02-30",
        "2023/2/29",
        "13/13/2024",
        "1/5/24",
        "soon",
        "Jan 2024",
        "2024-13-01",
        0,
        60,
        80001,
        -1,
        "60",
        45296.0 * 2,
        True,
        time(10, 0),
        "32 Jan 2024",
    ],
)
def test_parse_date_refuses_what_is_not_a_date(value: object) -> None:
    with translation.override("en"), pytest.raises(CleaningError) as caught:
        cleaning.parse_date(value)

    assert caught.value.code == "value.invalid_date"
    assert caught.value.message == f"Not a date: {value!s}"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, ""),
        ("  平安银行 \u3000", "平安银行"),
        ("\ufeffname", "name"),
        (13800138000.0, "13800138000"),
        (1.5e20, "150000000000000000000"),
        (0.000015, "0.000015"),
        (12.5, "12.5"),
        (float("nan"), ""),
        (42, "42"),
        (Decimal("1E+3"), "1000"),
        (True, "TRUE"),
        (date(2024, 1, 5), "2024-01-05"),
        (datetime(2024, 1, 5), "2024-01-05"),
        (datetime(2024, 1, 5, 10, 20), "2024-01-05 10:20:00"),
        (datetime(2024, 1, 5, tzinfo=UTC), "2024-01-05 00:00:00+00:00"),
        (time(10, 20), "10:20:00"),
    ],
)
def test_parse_text(value: object, expected: str) -> None:
    assert cleaning.parse_text(value) == expected
