"""`chengdan serve`: the web server plus the background worker and scheduler, in one command."""

import os
import signal
import subprocess
import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Serve the app on HOST:PORT with a Celery worker and beat scheduler beside it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=os.environ.get("CHENGDAN_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("CHENGDAN_PORT", "8000")))
        parser.add_argument("--no-worker", action="store_true", help="do not start the background worker")
        parser.add_argument("--workers", type=int, default=1, help="web server processes")

    def handle(self, *args: Any, **options: Any) -> None:
        import uvicorn

        from chengdan.core.queue import ensure_local_queue_dirs

        worker = None
        if not options["no_worker"]:
            ensure_local_queue_dirs()
            worker = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "chengdan.config",
                    "worker",
                    "--beat",
                    "--loglevel",
                    "INFO",
                    "--pool",
                    "threads",
                    "--concurrency",
                    "4",
                    "--schedule",
                    settings.CELERY_BEAT_SCHEDULE_FILE,
                ],
                env=os.environ.copy(),
            )
            self.stdout.write(f"background worker and scheduler started (pid {worker.pid})")
        self.stdout.write(f"Chengdan is serving on http://{options['host']}:{options['port']}")
        try:
            uvicorn.run(
                "chengdan.config.asgi:application",
                host=options["host"],
                port=options["port"],
                workers=options["workers"],
                log_level="info",
                lifespan="off",
            )
        finally:
            if worker is not None and worker.poll() is None:
                worker.send_signal(signal.SIGTERM)
                try:
                    worker.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    worker.kill()
