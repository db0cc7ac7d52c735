"""Background entry points of the leads domain: nightly take-back, first-contact SLA scan, mailbox polling."""

import importlib
from typing import Any

from celery import shared_task
from django.utils import timezone

from chengdan.leads import take_back
from chengdan.leads.tasks_mail import poll_mailboxes

__all__ = ["poll_mailboxes", "run_take_back", "scan_lead_sla"]


@shared_task(name="leads.run_take_back")
def run_take_back() -> dict[str, int]:
    """Return idle records to their pools and warn owners (beat: nightly 02:30); a rerun changes nothing."""
    result = take_back.run_take_back(timezone.now())
    return {"returned": result.returned, "warned": result.warned}


def _entry(module: str, *names: str) -> Any:
    """The first of `names` in a sibling module (the SLA module is written alongside; bound at call time)."""
    loaded = importlib.import_module(f"chengdan.leads.{module}")
    for name in names:
        function = getattr(loaded, name, None)
        if function is not None:
            return function
    raise LookupError(f"chengdan.leads.{module} exposes none of {names}")


@shared_task(name="leads.scan_lead_sla")
def scan_lead_sla() -> Any:
    """Remind, escalate and return leads not contacted in time (beat: every 15 minutes)."""
    return _entry("sla", "scan_first_contact_sla")(timezone.now())
