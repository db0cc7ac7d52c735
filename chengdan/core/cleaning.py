"""Cell parsers for imported spreadsheets and CSV exports, and the error they raise on bad values.

Each parser takes what python-calamine, openpyxl or the csv module hands over (str, int, float,
Decimal, bool, date, datetime or None) and returns a clean Python value or raises CleaningError,
whose code and localized message the import reports per row and field.
"""

import math
import re
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation

from chengdan.core.errors import localized
from chengdan.core.textnorm import to_halfwidth


class CleaningError(ValueError):
    """A value that cannot be cleaned: a stable `code` plus a `message` in the active language."""

    def __init__(self, code: str, message: str) -> None:
        self.code = code
        self.message = message
        super().__init__(f"{code}: {message}")

    @classmethod
    def localized(cls, code: str, zh: str, en: str) -> "CleaningError":
        """Build the error with the message for the language active at raise time."""
        return cls(code, localized(zh, en))


_INVISIBLE = re.compile(r"[\s\u200b\u200c\u200d\ufeff]+")
_CURRENCY = r"(?:rmb|cny|usd|人民币|[¥￥$])"
_NUMBER = re.compile(
    rf"""
    (?P<open>\()?
    (?P<sign>[-+])?
    {_CURRENCY}?
    (?P<sign_after_currency>[-+])?
    (?P<digits>(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d*)?|\.\d+)
    (?P<exponent>e[-+]?\d{{1,3}})?
    (?P<unit>万元|万|亿元|亿|元|%)?
    {_CURRENCY}?
    (?P<close>\))?
    """,
    re.VERBOSE,
)
_UNIT_FACTOR = {
    "万": Decimal(10_000),
    "万元": Decimal(10_000),
    "亿": Decimal(100_000_000),
    "亿元": Decimal(100_000_000),
}

_TRUE = frozenset({"是", "是的", "有", "对", "y", "yes", "true", "t", "on", "1", "√", "✓", "✔", "☑"})
_FALSE = frozenset({"否", "不是", "无", "没有", "不", "n", "no", "false", "f", "off", "0", "×", "✗", "✘", "☐"})


def _number_error(value: object) -> CleaningError:
    return CleaningError.localized("value.invalid_number", f"无法识别的数字：{value!s}", f"Not a number: {value!s}")


def parse_decimal(value: object) -> Decimal | None:
    """A Decimal from a cell; None for empty. Drops currency marks and thousands separators.

    Negatives may be written -5 or (5). 万/万元 multiply by 10 000 and 亿/亿元 by 100 000 000.
    A trailing % is ignored, so "12.5%" gives 12.5: the column decides whether that is a ratio.
    Currency marks (¥ ￥ $ RMB CNY USD 人民币 元) are dropped, not converted.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise _number_error(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise _number_error(value)
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise _number_error(value)
        # str() gives the shortest repr, so 0.1 stays 0.1 instead of its binary expansion.
        return Decimal(str(value))
    if not isinstance(value, str):
        raise _number_error(value)
    text = _INVISIBLE.sub("", to_halfwidth(value)).lower()
    if not text:
        return None
    match = _NUMBER.fullmatch(text)
    if match is None or bool(match["open"]) != bool(match["close"]):
        raise _number_error(value)
    if match["sign"] and match["sign_after_currency"]:
        raise _number_error(value)
    sign = match["sign"] or match["sign_after_currency"]
    if match["open"] and sign:
        raise _number_error(value)
    try:
        number = Decimal(match["digits"].replace(",", "") + (match["exponent"] or ""))
    except InvalidOperation as error:  # pragma: no cover - the pattern only admits valid literals
        raise _number_error(value) from error
    number *= _UNIT_FACTOR.get(match["unit"] or "", Decimal(1))
    return -number if match["open"] or sign == "-" else number


def _integer_error(value: object) -> CleaningError:
    return CleaningError.localized("value.invalid_integer", f"需要整数：{value!s}", f"Not a whole number: {value!s}")


def parse_int(value: object) -> int | None:
    """An int from a cell (same notations as parse_decimal); None for empty; fractions are refused."""
    try:
        number = parse_decimal(value)
    except CleaningError:
        raise _integer_error(value) from None
    if number is None:
        return None
    if number != number.to_integral_value():
        raise _integer_error(value)
    return int(number)


def parse_bool(value: object) -> bool | None:
    """True/False from 是/否, Y/N, yes/no, true/false, 1/0, √/×, ✓/✗, 有/无; None for empty."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int | float | Decimal) and value in (0, 1):
        return bool(value)
    text = to_halfwidth(value).strip().lower() if isinstance(value, str) else None
    if text == "":
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise CleaningError.localized(
        "value.invalid_boolean", f"无法识别的是/否值：{value!s}", f"Not a yes/no value: {value!s}"
    )


def parse_text(value: object) -> str:
    """Any cell as stripped text ("" for empty); whole floats lose ".0" and never use exponent notation."""
    if value is None:
        return ""
    if isinstance(value, str):
        text = value.strip()
        # A byte-order mark is not whitespace: strip it, then what it hid.
        return text.lstrip("\ufeff").strip() if text.startswith("\ufeff") else text
    if isinstance(value, bool):
        # What Excel shows in the cell.
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if math.isnan(value):
            # pandas spells an empty cell NaN.
            return ""
        if math.isinf(value):
            return str(value)
        if value.is_integer():
            return str(int(value))
        return format(Decimal(repr(value)), "f")
    if isinstance(value, Decimal):
        return format(value, "f") if value.is_finite() else str(value)
    if isinstance(value, datetime):
        # Date-only cells come back from calamine as midnight datetimes.
        return value.date().isoformat() if value.time() == time() and value.tzinfo is None else value.isoformat(" ")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value).strip()


# Dates: see parse_date.
_EXCEL_EPOCH = date(1899, 12, 30)
_EXCEL_MAX_SERIAL = 80_000  # 2119-01-11; larger numbers are amounts or ids, not dates
_TIME = r"(?:[ t]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?: ?[ap]m)?)?(?: ?(?:z|[+-]\d{2}:?\d{2}))?"
_YMD = re.compile(rf"(\d{{4}})[-/.](\d{{1,2}})[-/.](\d{{1,2}}){_TIME}")
_COMPACT_YMD = re.compile(r"(\d{4})(\d{2})(\d{2})")
_CHINESE_YMD = re.compile(
    r"(\d{4}) ?年 ?(\d{1,2}) ?月(?: ?(\d{1,2}) ?[日号])?(?: ?\d{1,2}(?:[:时点]\d{1,2}(?:[:分]\d{1,2}秒?)?)?)?"
)
_NUMERIC_DMY = re.compile(rf"(\d{{1,2}})[-/.](\d{{1,2}})[-/.](\d{{4}}){_TIME}")
_SERIAL = re.compile(r"\d{1,5}(?:\.\d+)?")
_WORDS = re.compile(r"[a-z]+|\d+")
_CLOCK = re.compile(r"\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?: ?[ap]m)?(?: ?(?:z|[+-]\d{2}:?\d{2}))?")
_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_WEEKDAYS = frozenset(
    {"mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun"}
    | {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
)


def _date_error(value: object) -> CleaningError:
    return CleaningError.localized("value.invalid_date", f"无法识别的日期：{value!s}", f"Not a date: {value!s}")


def _from_serial(serial: float, value: object) -> date:
    # Excel's 1900 system counts 1900-02-29, which never existed: serial 60 has no real date and
    # serials before it are one day off from the epoch used for the rest.
    if not 1 <= serial < _EXCEL_MAX_SERIAL + 1 or int(serial) == 60:
        raise _date_error(value)
    days = int(serial)
    return _EXCEL_EPOCH + timedelta(days=days + 1 if days < 60 else days)


def _from_month_name(text: str) -> tuple[int, int, int] | None:
    # "5-Jan-2024", "Jan 5, 2024", "16 Apr, 2021 00:02:00" (Zoho), "Fri, 05 Jan 2024 10:00:00 +0800".
    words = [word for word in _WORDS.findall(_CLOCK.sub(" ", text)) if word not in _WEEKDAYS]
    months = [word for word in words if word in _MONTHS]
    numbers = [word for word in words if word.isdigit()]
    if len(words) != 3 or len(months) != 1 or len(numbers) != 2:
        return None
    years = [number for number in numbers if len(number) == 4]
    days = [number for number in numbers if len(number) <= 2]
    if len(years) != 1 or len(days) != 1:
        return None
    return int(years[0]), _MONTHS[months[0]], int(days[0])


def _parts(text: str, dayfirst: bool) -> tuple[int, int, int] | None:
    if match := _YMD.fullmatch(text) or _COMPACT_YMD.fullmatch(text):
        return int(match[1]), int(match[2]), int(match[3])
    if match := _CHINESE_YMD.fullmatch(text):
        return int(match[1]), int(match[2]), int(match[3] or 1)
    if match := _NUMERIC_DMY.fullmatch(text):
        first, second, year = int(match[1]), int(match[2]), int(match[3])
        # A number above 12 can only be the day; otherwise the caller's convention decides.
        day_first = first > 12 or (dayfirst and second <= 12)
        return (year, second, first) if day_first else (year, first, second)
    return _from_month_name(text)


def parse_date(value: object, *, dayfirst: bool = False) -> date | None:
    """A date from a cell: date/datetime objects, Excel serials or common textual forms; None for empty.

    Text forms: 2024-01-05, 2024/1/5, 2024.1.5, 20240105, 2024年1月5日, 2024年1月 (day 1),
    ISO with time and T/Z/offset, 1/5/2024 (month first unless `dayfirst` or the first number
    exceeds 12), 5-Jan-2024, Jan 5, 2024, 05 Jan 2024, 16 Apr, 2021 00:02:00. Times and UTC
    offsets are ignored: the calendar date as written is returned. Two-digit years are refused.
    Numbers and numeric text up to 80 000 are Excel serials (1900 date system).
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        raise _date_error(value)
    if isinstance(value, int | float | Decimal):
        if isinstance(value, float) and not math.isfinite(value):
            raise _date_error(value)
        return _from_serial(float(value), value)
    if not isinstance(value, str):
        raise _date_error(value)
    text = _INVISIBLE.sub(" ", to_halfwidth(value)).strip().lower()
    if not text:
        return None
    if _SERIAL.fullmatch(text):
        return _from_serial(float(text), value)
    parts = _parts(text, dayfirst)
    if parts is None:
        raise _date_error(value)
    try:
        return date(*parts)
    except ValueError as error:
        raise _date_error(value) from error
