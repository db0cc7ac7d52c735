"""Forecast and target periods: a month, quarter or year given by its first day."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from chengdan.core.errors import DomainError, ErrorCode, localized
from chengdan.opportunities.choices import PeriodType

_MONTHS = {PeriodType.MONTH: 1, PeriodType.QUARTER: 3, PeriodType.YEAR: 12}


@dataclass(frozen=True)
class Period:
    """One period: `start` and `end` are both included; `next_start` is the day after `end`."""

    period_type: str
    start: date
    next_start: date

    @property
    def end(self) -> date:
        """The last day of the period."""
        return self.next_start - timedelta(days=1)

    @property
    def start_moment(self) -> datetime:
        """The first instant of the period in the company's time zone."""
        return timezone.make_aware(datetime.combine(self.start, time.min))

    @property
    def next_moment(self) -> datetime:
        """The first instant after the period."""
        return timezone.make_aware(datetime.combine(self.next_start, time.min))


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def is_period_start(period_type: str, start: date) -> bool:
    """Whether `start` is the first day of a period of that type."""
    if period_type not in _MONTHS or start.day != 1:
        return False
    if period_type == PeriodType.QUARTER:
        return start.month in (1, 4, 7, 10)
    if period_type == PeriodType.YEAR:
        return start.month == 1
    return True


def period_of(period_type: str, start: date) -> Period:
    """The period starting on `start`; 422 when the type is unknown or `start` is not a first day."""
    if period_type not in _MONTHS:
        raise DomainError(
            ErrorCode.VALIDATION_ERROR,
            fields={"period_type": localized("周期类型应为月、季度或年。", "Use month, quarter or year.")},
        )
    if not is_period_start(period_type, start):
        raise DomainError(
            ErrorCode.VALIDATION_ERROR,
            fields={
                "period_start": localized(
                    "开始日期必须是该周期的第一天（如季度为 1/4/7/10 月 1 日）。",
                    "The start must be the first day of the period (a quarter starts on Jan/Apr/Jul/Oct 1).",
                )
            },
        )
    return Period(period_type=period_type, start=start, next_start=_add_months(start, _MONTHS[PeriodType(period_type)]))


def week_start_of(day: date) -> date:
    """The Monday of the week containing `day`."""
    return day - timedelta(days=day.weekday())
