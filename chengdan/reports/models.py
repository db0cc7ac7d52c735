"""Work reports, their comments and the per-department templates that shape them."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from chengdan.core.models import VersionedModel
from chengdan.reports.choices import ReportKind, ReportStatus


class ReportTemplate(VersionedModel):
    """Which sections and figures a department's daily or weekly report has (no department = the default)."""

    kind = models.CharField(max_length=10, choices=ReportKind.choices)
    department = models.ForeignKey(
        "accounts.Department", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(max_length=60)
    # Ordered section keys, e.g. ["summary", "plan", "problems"].
    sections = models.JSONField(default=list)
    # Ordered figure keys, e.g. ["follow_ups", "visits", "new_leads", "won_amount"].
    figures = models.JSONField(default=list)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "department"], name="report_template_unique"),
            models.UniqueConstraint(
                fields=["kind"], condition=Q(department__isnull=True), name="report_template_default_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class WorkReport(VersionedModel):
    """One rep's report for one day or week; figures are computed live in a draft and frozen on submit."""

    kind = models.CharField(max_length=10, choices=ReportKind.choices)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(
        "accounts.Department", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    period_start = models.DateField()
    period_end = models.DateField()
    status = models.CharField(max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    summary = models.TextField(blank=True)
    plan = models.TextField(blank=True)
    problems = models.TextField(blank=True)
    # Free sections a department's template adds, by section key.
    sections = models.JSONField(default=dict, blank=True)
    figures = models.JSONField(default=dict, blank=True)
    # The template's sections and figure keys as they were on submit ({"sections": [...], "figures": [...]}),
    # so a later template edit does not reshape a report already read; empty while a draft.
    layout = models.JSONField(default=dict, blank=True)
    submitted_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    # The supervisor's rating, 1-5 (the latest rated comment).
    rating = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["author", "kind", "period_start"], name="work_report_period_unique"),
        ]
        indexes = [
            models.Index(fields=["department", "kind", "period_start"], name="work_report_team_idx"),
            models.Index(fields=["submitted_to", "status", "-submitted_at"], name="work_report_inbox_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.period_start}"


class ReportComment(models.Model):
    """A reader's comment on a report, optionally with a rating."""

    report = models.ForeignKey(WorkReport, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField()
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["report", "created_at"], name="report_comment_idx")]

    def __str__(self) -> str:
        return self.body[:40]
