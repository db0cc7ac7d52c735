"""Background entry points of the opportunities domain: weekly snapshots and the daily risk digest."""

from celery import shared_task
from django.utils import timezone

from chengdan.opportunities import digest, snapshots
from chengdan.opportunities.periods import week_start_of


@shared_task(name="opportunities.take_weekly_snapshots")
def take_weekly_snapshots() -> int:
    """Snapshot every open deal for this week (beat: Mondays 00:05); safe to rerun."""
    return snapshots.take_weekly_snapshot(week_start_of(timezone.localdate()))


@shared_task(name="opportunities.send_risk_digest")
def send_risk_digest() -> int:
    """Send today's at-risk digest (beat: daily 08:30); a rerun the same day sends nothing new."""
    return digest.send_risk_digest(timezone.localdate())
