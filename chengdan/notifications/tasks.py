"""Background entry points of notifications: the outbox dispatcher and the daily digests."""

from typing import Any

from celery import shared_task

from chengdan.notifications import digests, outbox


@shared_task(name="notifications.dispatch_deliveries")
def dispatch_deliveries() -> dict[str, Any]:
    """Send the due outbox rows (beat: every 15 s); safe to run on several workers at once."""
    result = outbox.dispatch_due()
    return {"sent": len(result.sent), "retried": len(result.retried), "failed": len(result.failed)}


@shared_task(name="notifications.send_digests")
def send_digests() -> dict[str, Any]:
    """Build the digests whose time has come (beat: every 15 minutes); a rerun adds nothing."""
    return {"users": len(digests.send_digests().user_ids)}
