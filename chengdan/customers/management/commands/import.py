# ruff: noqa: N999  (the command is called "import")
"""`chengdan import customers FILE`: the same import the wizard runs, from the command line."""

from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError, CommandParser

from chengdan.accounts.models import User
from chengdan.core.errors import DomainError
from chengdan.customers import imports
from chengdan.customers.models import ImportJob, JobStatus


class Command(BaseCommand):
    help = "Import customers (and a contact per row) from .xlsx, .xls or .csv."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("entity", choices=["customers"])
        parser.add_argument("file", type=Path)
        parser.add_argument("--user", default="admin", help="import as this user (their rights apply)")
        parser.add_argument("--mode", default="create", choices=["create", "update", "upsert"])
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--skip-invalid", action="store_true", help="import the valid rows, skip the bad ones")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = User.objects.filter(username=options["user"], is_active=True).first()
        if actor is None:
            raise CommandError(f"no active user {options['user']!r}")
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"no such file: {path}")
        upload = SimpleUploadedFile(path.name, path.read_bytes())
        try:
            job, table = imports.start_import(actor=actor, upload=upload)
            self.stdout.write(f"{table.format}: header on row {table.header_row}; mapping:")
            for header, key in job.mapping.items():
                self.stdout.write(f"  {header} → {key}")
            ImportJob.objects.filter(pk=job.pk).update(
                mode=options["mode"],
                is_dry_run=options["dry_run"],
                skip_invalid=options["skip_invalid"],
                status=JobStatus.RUNNING,
            )
            job = imports.process_import(job.pk)
        except DomainError as error:
            raise CommandError(f"{error.message} {error.fields or ''}".strip()) from None
        for rejected in job.errors[:50]:
            self.stdout.write(f"  row {rejected['row']}: {'; '.join(rejected['errors'])}")
        summary = (
            f"{job.status}: {job.total_rows} rows, {job.created_count} created, "
            f"{job.updated_count} updated, {job.error_count} rejected. {job.message}"
        )
        if job.status != JobStatus.DONE:
            raise CommandError(summary)
        self.stdout.write(self.style.SUCCESS(summary))
