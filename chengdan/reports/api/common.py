"""Helpers the work-reports endpoints share."""

from datetime import date

from chengdan.reports.periods import local_today


def day_or_today(day: date | None) -> date:
    """The day asked for, or today's local date."""
    return day or local_today()
