"""The fixed vocabularies of work reports."""

from django.db import models


class ReportKind(models.TextChoices):
    """The period a report covers."""

    DAILY = "daily", "日报"
    WEEKLY = "weekly", "周报"


class ReportStatus(models.TextChoices):
    """A report is a draft until its author submits it to their supervisor."""

    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已提交"
