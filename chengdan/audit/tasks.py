"""Nightly verification of the audit chain."""

import logging

from celery import shared_task

from chengdan.audit.verify import verify_chain

logger = logging.getLogger(__name__)


@shared_task(name="chengdan.audit.tasks.verify_audit_chain")
def verify_audit_chain() -> dict[str, object]:
    """Walk the chain and log loudly when it is broken."""
    report = verify_chain()
    if not report.is_intact:
        logger.error("audit chain broken at seq=%s id=%s: %s", report.broken_seq, report.broken_id, report.reason)
    return {"checked": report.checked, "broken_seq": report.broken_seq, "reason": report.reason}
