"""`chengdan audit verify`: walk the hash chain and name the first broken entry."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from chengdan.audit.verify import verify_chain


class Command(BaseCommand):
    help = "Audit log tools. `verify` checks the tamper-evident hash chain."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("operation", choices=["verify"])

    def handle(self, *args: Any, **options: Any) -> None:
        report = verify_chain()
        if report.is_intact:
            self.stdout.write(self.style.SUCCESS(f"audit chain intact: {report.checked} entries verified"))
            return
        raise CommandError(
            f"audit chain broken at entry seq={report.broken_seq} id={report.broken_id}: {report.reason} "
            f"({report.checked} entries before it verified)"
        )
