"""The embedded broker-less queue: folders the filesystem transport and file results need."""

from pathlib import Path

from django.conf import settings


def ensure_local_queue_dirs() -> None:
    """Create the folders of the filesystem transport and the file result backend."""
    if settings.CELERY_BROKER_URL.startswith("filesystem://"):
        for folder in settings.CELERY_BROKER_TRANSPORT_OPTIONS.values():
            if isinstance(folder, str):
                Path(folder).mkdir(parents=True, exist_ok=True)
    if settings.CELERY_RESULT_BACKEND.startswith("file://"):
        Path(settings.CELERY_RESULT_BACKEND.removeprefix("file://")).mkdir(parents=True, exist_ok=True)
