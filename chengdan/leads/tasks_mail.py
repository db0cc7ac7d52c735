"""The mailbox-polling task (imported by chengdan.leads.tasks, which owns the leads' beat entries)."""

from celery import shared_task

from chengdan.leads import mail


@shared_task(name="leads.poll_mailboxes")
def poll_mailboxes() -> int:
    """Poll every active mailbox once (beat: every few minutes); returns the new leads. Safe to overlap."""
    return mail.poll_active_mailboxes()
