"""Background entry points of the activities domain (the reminder scan)."""

from datetime import datetime

from celery import shared_task

from chengdan.activities import reminders


def scan_due_reminders_now(now: datetime | None = None) -> int:
    """Send every reminder due by `now` (default: the current time); returns how many went out (bench hook)."""
    return reminders.send_due_reminders(now)


@shared_task(name="activities.scan_due_reminders")
def scan_due_reminders() -> int:
    """Send the due reminders (beat: every 30 s); a rerun sends nothing twice."""
    return scan_due_reminders_now()
