"""The Celery application: Redis when configured, a broker-less filesystem queue otherwise."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chengdan.config.settings")

app = Celery("chengdan")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.conf.beat_schedule = {
    "audit-verify-nightly": {"task": "chengdan.audit.tasks.verify_audit_chain", "schedule": crontab(hour=2, minute=30)},
    "sessions-clear": {"task": "chengdan.core.tasks.clear_expired_sessions", "schedule": crontab(hour=3, minute=0)},
    "imports-resume": {"task": "chengdan.customers.tasks.resume_stalled_imports", "schedule": 60.0},
    "opportunities-weekly-snapshots": {
        "task": "opportunities.take_weekly_snapshots",
        "schedule": crontab(hour=0, minute=5, day_of_week="mon"),
    },
    "opportunities-risk-digest": {"task": "opportunities.send_risk_digest", "schedule": crontab(hour=8, minute=30)},
    "leads-take-back-nightly": {"task": "leads.run_take_back", "schedule": crontab(hour=2, minute=30)},
    "leads-first-contact-sla": {"task": "leads.scan_lead_sla", "schedule": crontab(minute="*/15")},
    "leads-poll-mailboxes": {"task": "leads.poll_mailboxes", "schedule": 60.0},
    # A reminder due while the worker was down goes out on the first scan after it comes back.
    "activities-scan-reminders": {"task": "activities.scan_due_reminders", "schedule": 30.0},
    "notifications-dispatch": {"task": "notifications.dispatch_deliveries", "schedule": 15.0},
    "notifications-digests": {"task": "notifications.send_digests", "schedule": crontab(minute="*/15")},
    "reports-missing-reminders": {"task": "reports.remind_missing_reports", "schedule": crontab(minute="*/30")},
}
app.conf.task_acks_late = True
app.conf.task_reject_on_worker_lost = True
app.conf.worker_prefetch_multiplier = 1
