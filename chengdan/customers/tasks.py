"""Background entry points of the customers domain; each calls into imports/exports."""

from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from chengdan.customers import exports, imports
from chengdan.customers.models import ImportJob, JobStatus

STALL_AFTER = timedelta(minutes=3)


@shared_task(name="chengdan.customers.tasks.run_import")
def run_import(job_id: int) -> str:
    """Run or resume one import job."""
    return imports.process_import(job_id).status


@shared_task(name="chengdan.customers.tasks.resume_stalled_imports")
def resume_stalled_imports() -> int:
    """Re-queue imports whose worker died (no heartbeat for a while); they resume after their checkpoint."""
    stalled = ImportJob.objects.filter(status=JobStatus.RUNNING, heartbeat_at__lt=timezone.now() - STALL_AFTER)
    count = 0
    for job_id in stalled.values_list("pk", flat=True):
        ImportJob.objects.filter(pk=job_id).update(heartbeat_at=timezone.now())
        run_import.delay(job_id)
        count += 1
    return count


@shared_task(name="chengdan.customers.tasks.build_export")
def build_export(job_id: int) -> str:
    """Write one .xlsx export."""
    return exports.build_xlsx(job_id).status
