"""Daily and weekly work reports (日报 / 周报): self-drafting figures, supervisor review, templates, PDF."""

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "chengdan.reports"
    label = "reports"
    verbose_name = "日报周报"

    def ready(self) -> None:
        from chengdan.core.seeding import register_seeder
        from chengdan.reports import (
            permissions,  # noqa: F401  (registers the policies)
            rendering,  # noqa: F401  (registers the 409 renderers)
        )
        from chengdan.reports.seed import seed

        register_seeder(seed)
