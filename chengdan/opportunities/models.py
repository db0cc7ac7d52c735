"""Pipelines and stages, opportunities with lines, contacts and stage history, rates, targets, snapshots."""

from decimal import Decimal

from django.conf import settings
from django.db import models

from chengdan.core.models import VersionedModel
from chengdan.opportunities.choices import (
    ForecastCategory,
    OpportunityStatus,
    PeriodType,
    StageKind,
)


class Pipeline(VersionedModel):
    """An ordered set of stages for one business line; `department` (optional) is who mainly uses it."""

    name = models.CharField(max_length=60)
    name_en = models.CharField(max_length=60, blank=True)
    department = models.ForeignKey(
        "accounts.Department", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_default = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name


class Stage(models.Model):
    """One step of a pipeline with its default win probability, time limit and entry gate."""

    pipeline = models.ForeignKey(Pipeline, on_delete=models.CASCADE, related_name="stages")
    code = models.SlugField(max_length=40)
    name = models.CharField(max_length=60)
    name_en = models.CharField(max_length=60, blank=True)
    kind = models.CharField(max_length=8, choices=StageKind.choices, default=StageKind.OPEN)
    position = models.PositiveIntegerField(default=0)
    probability = models.PositiveSmallIntegerField(default=10)
    sla_days = models.PositiveIntegerField(null=True, blank=True)
    # GateRequirement codes a deal must satisfy before it may enter this stage.
    gate = models.JSONField(default=list, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["pipeline", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["pipeline", "code"], name="stage_pipeline_code_unique")]

    def __str__(self) -> str:
        return f"{self.pipeline_id}:{self.name}"


class LostReason(models.Model):
    """One entry of the configurable list of reasons a deal is lost."""

    code = models.SlugField(max_length=40, unique=True)
    label = models.CharField(max_length=60)
    label_en = models.CharField(max_length=60, blank=True)
    position = models.PositiveIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.label


class ExchangeRate(models.Model):
    """CNY per one unit of `currency`, valid from `valid_from` until the next rate of that currency."""

    currency = models.CharField(max_length=3)
    valid_from = models.DateField()
    rate = models.DecimalField(max_digits=18, decimal_places=8)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["currency", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["currency", "valid_from"], name="exchange_rate_currency_day_unique")
        ]

    def __str__(self) -> str:
        return f"{self.currency}@{self.valid_from}={self.rate}"


class Opportunity(VersionedModel):
    """A deal with one customer; `department` is the owner's, denormalised for scope filters.

    `amount_cny` is `amount` converted at the rate valid on the day it was set; forecasts and
    totals add it up. `status` always follows the kind of `stage`.
    """

    name = models.CharField(max_length=200)
    customer = models.ForeignKey("customers.Customer", on_delete=models.PROTECT, related_name="opportunities")
    pipeline = models.ForeignKey(Pipeline, on_delete=models.PROTECT, related_name="opportunities")
    stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="opportunities")
    status = models.CharField(max_length=8, choices=OpportunityStatus.choices, default=OpportunityStatus.OPEN)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="opportunities")
    department = models.ForeignKey(
        "accounts.Department", null=True, blank=True, on_delete=models.PROTECT, related_name="opportunities"
    )
    amount = models.DecimalField(null=True, blank=True, max_digits=16, decimal_places=2)
    currency = models.CharField(max_length=3, default="CNY")
    exchange_rate = models.DecimalField(max_digits=18, decimal_places=8, default=Decimal("1"))
    amount_cny = models.DecimalField(null=True, blank=True, max_digits=16, decimal_places=2)
    # The highest CNY amount the deal ever had; a lower current amount raises the "amount lowered" flag.
    amount_peak_cny = models.DecimalField(null=True, blank=True, max_digits=16, decimal_places=2)
    probability = models.PositiveSmallIntegerField(default=10)
    expected_close_date = models.DateField(null=True, blank=True)
    close_date_push_count = models.PositiveSmallIntegerField(default=0)
    forecast_category = models.CharField(
        max_length=12, choices=ForecastCategory.choices, default=ForecastCategory.PIPELINE
    )
    source = models.CharField(max_length=40, blank=True)
    campaign = models.CharField(max_length=100, blank=True)
    lead_id = models.BigIntegerField(null=True, blank=True)
    competitors = models.JSONField(default=list, blank=True)
    next_step = models.CharField(max_length=300, blank=True)
    next_step_date = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)
    tags = models.ManyToManyField("customers.Tag", blank=True, related_name="opportunities")
    stage_entered_at = models.DateTimeField()
    last_activity_at = models.DateTimeField()
    won_at = models.DateTimeField(null=True, blank=True)
    won_amount = models.DecimalField(null=True, blank=True, max_digits=16, decimal_places=2)
    won_amount_cny = models.DecimalField(null=True, blank=True, max_digits=16, decimal_places=2)
    lost_at = models.DateTimeField(null=True, blank=True)
    lost_reason = models.CharField(max_length=40, blank=True)
    lost_to_competitor = models.CharField(max_length=100, blank=True)
    lost_note = models.CharField(max_length=500, blank=True)

    class Meta:
        indexes = [
            # Kanban columns: one stage's cards, newest first, in keyset pages.
            models.Index(fields=["stage", "status", "id"], name="opportunity_stage_idx"),
            models.Index(fields=["owner", "status", "id"], name="opportunity_owner_idx"),
            models.Index(fields=["department", "status", "id"], name="opportunity_dept_idx"),
            # Forecasts: open deals by close date, won deals by won date.
            models.Index(fields=["status", "expected_close_date"], name="opportunity_close_idx"),
            models.Index(fields=["status", "won_at"], name="opportunity_won_idx"),
            models.Index(fields=["customer", "status"], name="opportunity_customer_idx"),
        ]

    def __str__(self) -> str:
        return self.name


class OpportunityLine(models.Model):
    """One product line of a deal: `amount` = quantity × unit price × (1 − discount %)."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveIntegerField(default=0)
    product_name = models.CharField(max_length=200)
    product_id = models.BigIntegerField(null=True, blank=True)
    quantity = models.DecimalField(max_digits=14, decimal_places=3, default=Decimal("1"))
    unit_price = models.DecimalField(max_digits=16, decimal_places=2)
    discount_percent = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal("0"))
    amount = models.DecimalField(max_digits=16, decimal_places=2)

    class Meta:
        ordering = ["opportunity", "position", "id"]

    def __str__(self) -> str:
        return self.product_name


class OpportunityContact(models.Model):
    """A contact's role in a deal; a key contact that is deleted or moves to another company flags risk."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="contact_roles")
    contact = models.ForeignKey("customers.Contact", null=True, on_delete=models.SET_NULL, related_name="+")
    contact_name = models.CharField(max_length=60)
    role = models.CharField(max_length=40, blank=True)
    is_key = models.BooleanField(default=False)

    class Meta:
        ordering = ["opportunity", "id"]

    def __str__(self) -> str:
        return self.contact_name


class StageChange(models.Model):
    """One move of a deal between stages: who, when, and how long it had stayed in the stage it left."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.ForeignKey(Stage, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    to_stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="+")
    moved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    moved_at = models.DateTimeField()
    seconds_in_from_stage = models.PositiveBigIntegerField(default=0)

    class Meta:
        ordering = ["opportunity", "moved_at", "id"]
        indexes = [models.Index(fields=["opportunity", "moved_at"], name="stage_change_opportunity_idx")]

    def __str__(self) -> str:
        return f"{self.opportunity_id}:{self.from_stage_id}→{self.to_stage_id}"


class Target(VersionedModel):
    """A sales quota for one user or one department (its whole subtree) over one period.

    For a user target `department` is the user's department at the time, so department-tree
    scopes see their team's personal quotas.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="targets"
    )
    department = models.ForeignKey(
        "accounts.Department", null=True, blank=True, on_delete=models.CASCADE, related_name="targets"
    )
    is_department_target = models.BooleanField(default=False)
    period_type = models.CharField(max_length=8, choices=PeriodType.choices)
    period_start = models.DateField()
    amount = models.DecimalField(max_digits=16, decimal_places=2)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "period_type", "period_start"],
                condition=models.Q(is_department_target=False),
                name="target_user_period_unique",
            ),
            models.UniqueConstraint(
                fields=["department", "period_type", "period_start"],
                condition=models.Q(is_department_target=True),
                name="target_department_period_unique",
            ),
        ]
        indexes = [models.Index(fields=["period_type", "period_start"], name="target_period_idx")]

    def __str__(self) -> str:
        return f"{self.period_type}:{self.period_start}"


class OpportunitySnapshot(models.Model):
    """A deal's forecast-relevant values at the start of a week, for "what changed since last week"."""

    week_start = models.DateField()
    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="snapshots")
    owner_id = models.BigIntegerField()
    department_id = models.BigIntegerField(null=True)
    stage_id = models.BigIntegerField()
    status = models.CharField(max_length=8, choices=OpportunityStatus.choices)
    forecast_category = models.CharField(max_length=12, choices=ForecastCategory.choices)
    amount_cny = models.DecimalField(null=True, max_digits=16, decimal_places=2)
    probability = models.PositiveSmallIntegerField()
    expected_close_date = models.DateField(null=True)
    won_at = models.DateTimeField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["week_start", "opportunity"], name="snapshot_week_opportunity_unique")
        ]

    def __str__(self) -> str:
        return f"{self.week_start}:{self.opportunity_id}"
