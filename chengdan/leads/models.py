"""Leads, capture channels (web forms, mailboxes), assignment rules, availability, scoring, pool history."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from chengdan.core.models import VersionedModel
from chengdan.leads.choices import (
    AssignmentAction,
    AssignmentReason,
    DuplicateStatus,
    LeadSource,
    LeadStatus,
    PoolAction,
    ScoringOperator,
)


class WebForm(VersionedModel):
    """An admin-built capture form with a hosted page and an embeddable snippet, reached by `slug`."""

    name = models.CharField(max_length=60)
    slug = models.SlugField(max_length=40, unique=True)
    # [{"field": "company_name", "label": "公司名称", "required": true}, ...]; fields are Lead attributes.
    fields = models.JSONField(default=list)
    title = models.CharField(max_length=100, blank=True)
    thank_you_text = models.CharField(max_length=500, blank=True)
    campaign = models.CharField(max_length=100, blank=True)
    is_captcha_required = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)

    def __str__(self) -> str:
        return self.name


class Mailbox(VersionedModel):
    """An IMAP mailbox polled for new messages; `last_uid` (with `uid_validity`) is how far it has read."""

    name = models.CharField(max_length=60)
    host = models.CharField(max_length=200)
    port = models.PositiveIntegerField(default=993)
    use_ssl = models.BooleanField(default=True)
    username = models.CharField(max_length=200)
    password = models.CharField(max_length=200)
    folder = models.CharField(max_length=100, default="INBOX")
    campaign = models.CharField(max_length=100, blank=True)
    uid_validity = models.BigIntegerField(null=True, blank=True)
    last_uid = models.BigIntegerField(default=0)
    last_polled_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    is_active = models.BooleanField(default=True)

    def __str__(self) -> str:
        return self.name


class AssignmentRule(VersionedModel):
    """One ordered rule: when a lead matches `conditions`, `action` picks its owner (or its pool).

    conditions: {"provinces": [...], "cities": [...], "industries": [...], "sources": [...],
    "budget_min": "…", "budget_max": "…", "product_keywords": [...], "weekdays": [1..7],
    "time_from": "09:00", "time_to": "18:00"}; an absent key matches everything.
    """

    name = models.CharField(max_length=60)
    position = models.PositiveIntegerField(default=0)
    is_active = models.BooleanField(default=True)
    conditions = models.JSONField(default=dict, blank=True)
    action = models.CharField(max_length=16, choices=AssignmentAction.choices)
    target_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    target_department = models.ForeignKey(
        "accounts.Department", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    target_pool = models.ForeignKey("access.Pool", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # Round robin: the user who got the previous lead from this rule.
    last_assigned_user_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name


class RepAvailability(models.Model):
    """A rep's capacity (open leads at most), working hours and leave, read by assignment rules."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="availability")
    capacity = models.PositiveIntegerField(null=True, blank=True)
    work_start = models.TimeField(null=True, blank=True)
    work_end = models.TimeField(null=True, blank=True)
    work_days = models.JSONField(default=list, blank=True)
    leave_from = models.DateField(null=True, blank=True)
    leave_to = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return f"availability of {self.user_id}"


class Lead(VersionedModel):
    """A prospective buyer not yet qualified; `department` is the owner's, denormalised for scope filters.

    No owner while it waits in a pool (`pool` set) or for assignment. `submission_key` makes a
    repeated form post, e-mail or API call land once.
    """

    name = models.CharField(max_length=60)
    mobile = models.CharField(max_length=11, blank=True, db_index=True)
    email = models.CharField(max_length=254, blank=True, db_index=True)
    wechat = models.CharField(max_length=60, blank=True)
    title = models.CharField(max_length=60, blank=True)
    company_name = models.CharField(max_length=200, blank=True)
    company_key = models.CharField(max_length=200, blank=True, db_index=True)
    province_code = models.CharField(max_length=6, blank=True)
    city_code = models.CharField(max_length=6, blank=True)
    district_code = models.CharField(max_length=6, blank=True)
    industry = models.CharField(max_length=40, blank=True)
    budget = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)
    product_interest = models.CharField(max_length=200, blank=True)
    source = models.CharField(max_length=16, choices=LeadSource.choices)
    campaign = models.CharField(max_length=100, blank=True)
    status = models.CharField(max_length=12, choices=LeadStatus.choices, default=LeadStatus.NEW)
    invalid_reason = models.CharField(max_length=200, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="leads"
    )
    department = models.ForeignKey(
        "accounts.Department", null=True, blank=True, on_delete=models.PROTECT, related_name="leads"
    )
    pool = models.ForeignKey("access.Pool", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    pooled_at = models.DateTimeField(null=True, blank=True)
    score = models.IntegerField(default=0)
    notes = models.TextField(blank=True)
    form = models.ForeignKey(WebForm, null=True, blank=True, on_delete=models.SET_NULL, related_name="leads")
    mailbox = models.ForeignKey(Mailbox, null=True, blank=True, on_delete=models.SET_NULL, related_name="leads")
    submission_key = models.CharField(max_length=200, null=True, blank=True, unique=True)
    # The capture-time duplicate check: linked to a known record, or flagged for a person to look at.
    duplicate_status = models.CharField(max_length=8, choices=DuplicateStatus.choices, default=DuplicateStatus.NONE)
    matched_customer = models.ForeignKey(
        "customers.Customer", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    matched_contact = models.ForeignKey(
        "customers.Contact", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    matched_lead = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    assigned_rule = models.ForeignKey(
        AssignmentRule, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_at = models.DateTimeField(null=True, blank=True)
    first_contacted_at = models.DateTimeField(null=True, blank=True)
    sla_reminded_at = models.DateTimeField(null=True, blank=True)
    sla_escalated_at = models.DateTimeField(null=True, blank=True)
    last_follow_up_at = models.DateTimeField(null=True, blank=True)
    # Take-back clock: the later of getting the lead and its last follow-up (indexed, see Meta).
    idle_since = models.DateTimeField(default=timezone.now)
    converted_customer = models.ForeignKey(
        "customers.Customer", null=True, blank=True, on_delete=models.SET_NULL, related_name="converted_leads"
    )
    converted_contact = models.ForeignKey(
        "customers.Contact", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    converted_opportunity = models.ForeignKey(
        "opportunities.Opportunity", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    converted_at = models.DateTimeField(null=True, blank=True)
    search_text = models.TextField(blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["owner", "status", "id"], name="lead_owner_idx"),
            models.Index(fields=["department", "status", "id"], name="lead_dept_idx"),
            models.Index(fields=["pool", "id"], name="lead_pool_idx"),
            models.Index(fields=["created_at", "id"], name="lead_created_idx"),
            # First-contact SLA scan: assigned, never contacted.
            models.Index(
                fields=["assigned_at"],
                name="lead_sla_idx",
                condition=models.Q(first_contacted_at__isnull=True, status="new", owner__isnull=False),
            ),
            models.Index(fields=["idle_since"], name="lead_idle_idx", condition=models.Q(owner__isnull=False)),
        ]

    def __str__(self) -> str:
        return self.name


class LeadSlaPolicy(models.Model):
    """The first-contact SLA (one row): remind the owner, then escalate to the supervisor, then return to a pool."""

    remind_after_hours = models.PositiveIntegerField(default=4)
    escalate_after_hours = models.PositiveIntegerField(null=True, blank=True, default=8)
    return_after_hours = models.PositiveIntegerField(null=True, blank=True)
    return_pool = models.ForeignKey("access.Pool", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    is_active = models.BooleanField(default=True)
    version = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return "lead SLA"


class AssignmentLog(models.Model):
    """One hand-over of a lead: to whom, by which rule or why (the fairness report reads this)."""

    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="assignments")
    rule = models.ForeignKey(AssignmentRule, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(max_length=16, choices=AssignmentReason.choices)
    assigned_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["assigned_at", "user"], name="assignment_log_period_idx")]

    def __str__(self) -> str:
        return f"{self.lead_id}→{self.user_id}"


class ScoringRule(models.Model):
    """Points a lead earns when one of its fields meets a condition (or per follow-up, field "follow_ups")."""

    name = models.CharField(max_length=60)
    field = models.CharField(max_length=40)
    operator = models.CharField(max_length=10, choices=ScoringOperator.choices)
    value = models.JSONField(default=None, null=True, blank=True)
    points = models.IntegerField()
    position = models.PositiveIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name


class TakeBackRule(models.Model):
    """When a pool takes records back: no follow-up for N days, or (customers) no won deal within M days.

    `customer_level` narrows the rule to one level code; blank applies to every level. Owners are
    warned `warn_days` before; records with an open deal are exempt when `exempts_open_deals`.
    """

    pool = models.ForeignKey("access.Pool", on_delete=models.CASCADE, related_name="take_back_rules")
    customer_level = models.CharField(max_length=40, blank=True)
    no_follow_up_days = models.PositiveIntegerField(null=True, blank=True)
    no_won_days = models.PositiveIntegerField(null=True, blank=True)
    warn_days = models.PositiveIntegerField(default=3)
    exempts_open_deals = models.BooleanField(default=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["pool", "customer_level", "id"]

    def __str__(self) -> str:
        return f"take-back of pool {self.pool_id}"


class PoolEvent(models.Model):
    """One return, release, claim, assignment or warning of a record at a pool; the record keeps its history."""

    resource = models.CharField(max_length=50)
    object_id = models.BigIntegerField()
    pool = models.ForeignKey("access.Pool", on_delete=models.CASCADE, related_name="+")
    action = models.CharField(max_length=10, choices=PoolAction.choices)
    # The rep who lost (returned, released) or got (claimed, assigned) the record.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["resource", "object_id", "at"], name="pool_event_record_idx"),
            models.Index(fields=["user", "resource", "action", "at"], name="pool_event_user_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.resource}:{self.object_id} {self.action}"
