"""Background entry points of the work-reports domain."""

from celery import shared_task
from django.utils import timezone

from chengdan.reports import actions


@shared_task(name="reports.remind_missing_reports")
def remind_missing_reports() -> dict[str, int]:
    """Remind reporters who have not submitted (beat: every 30 minutes); once per user and period."""
    return actions.remind_all_missing(timezone.now())
