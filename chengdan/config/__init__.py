"""Wiring only: settings, URLs, the API root, Celery and the ASGI/WSGI entry points."""

from chengdan.config.celery import app as celery_app

__all__ = ["celery_app"]
