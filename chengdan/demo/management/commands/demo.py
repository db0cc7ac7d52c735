"""`chengdan demo`: create the demo organisation once and print its logins."""

from typing import Any

from django.core.management.base import BaseCommand

from chengdan.demo.builder import DEMO_PASSWORD, DemoBuilder, demo_logins


class Command(BaseCommand):
    help = "Create the demo organisation, users and customers (idempotent) and print the demo logins."

    def handle(self, *args: Any, **options: Any) -> None:
        created = DemoBuilder().build()
        self.stdout.write("demo data created" if created else "demo data already present; nothing changed")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for login in demo_logins():
            self.stdout.write(f"  {login.username:<16} {login.role:<10} {login.department}")
