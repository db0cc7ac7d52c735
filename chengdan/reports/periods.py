"""Report periods: a local calendar day, or an ISO week from Monday to Sunday."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from chengdan.reports.choices import ReportKind
from chengdan.reports.errors import ReportError


@dataclass(frozen=True)
class ReportPeriod:
    """The days a report covers: from `start` up to (not including) `next_start`, in the company's time zone."""

    kind: str
    start: date
    next_start: date

    @property
    def end(self) -> date:
        """The last day of the period (stored as the report's `period_end`)."""
        return self.next_start - timedelta(days=1)

    @property
    def start_moment(self) -> datetime:
        """The first instant of the period (local midnight)."""
        return datetime.combine(self.start, time.min, tzinfo=local_zone())

    @property
    def next_moment(self) -> datetime:
        """The first instant after the period."""
        return datetime.combine(self.next_start, time.min, tzinfo=local_zone())

    @property
    def key(self) -> str:
        """A stable name of the period ("daily:2026-03-02"), used in reminder dedupe keys."""
        return f"{self.kind}:{self.start.isoformat()}"


def local_zone() -> ZoneInfo:
    """The company's time zone (settings.TIME_ZONE): day boundaries are local midnights."""
    return ZoneInfo(settings.TIME_ZONE)


def local_today(now: datetime | None = None) -> date:
    """The local date of `now` (default: the current instant)."""
    return (now or timezone.now()).astimezone(local_zone()).date()


def check_kind(kind: str) -> str:
    """The kind if it is daily or weekly; 422 naming `kind` otherwise."""
    if kind not in ReportKind.values:
        raise ReportError.invalid("kind", "报告类型应为日报或周报。", "The kind must be daily or weekly.")
    return kind


def period_for(kind: str, day: date) -> ReportPeriod:
    """The period of that kind containing `day` (a day, or the Monday–Sunday week of it)."""
    check_kind(kind)
    if kind == ReportKind.DAILY:
        return ReportPeriod(kind=kind, start=day, next_start=day + timedelta(days=1))
    monday = day - timedelta(days=day.weekday())
    return ReportPeriod(kind=kind, start=monday, next_start=monday + timedelta(days=7))
