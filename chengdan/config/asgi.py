"""ASGI entry point (used by `chengdan serve` through uvicorn)."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chengdan.config.settings")
application = get_asgi_application()
