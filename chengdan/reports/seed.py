"""The default daily and weekly templates every installation starts with."""

from typing import Any

from chengdan.reports.templates import DEFAULT_FIGURES, DEFAULT_NAMES, DEFAULT_SECTIONS


def seed_templates(template_model: Any) -> None:
    """Create the default (department-less) templates that do not exist yet; never overwrite edits."""
    for kind, name in DEFAULT_NAMES.items():
        if not template_model.objects.filter(kind=kind, department__isnull=True).exists():
            template_model.objects.create(
                kind=kind,
                department=None,
                name=name,
                sections=DEFAULT_SECTIONS[kind],
                figures=DEFAULT_FIGURES[kind],
            )


def seed() -> None:
    """The registered seeder (test fixtures re-run it after a flush)."""
    from chengdan.reports.models import ReportTemplate

    seed_templates(ReportTemplate)
