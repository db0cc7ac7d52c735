"""Follow-ups, field visits, tasks and the reminders they schedule."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from chengdan.activities.choices import (
    FollowUpKind,
    FollowUpSource,
    Recurrence,
    ReminderKind,
    ReminderStatus,
    TaskPriority,
    TaskStatus,
    VisitStatus,
)
from chengdan.core.models import VersionedModel


class LinkedRecord(models.Model):
    """The business record an activity is about: a lead, or a customer (optionally a contact and a deal).

    A contact's or a deal's customer is stored too, so the customer's timeline finds the activity.
    Visibility follows the most specific link: the deal, else the lead, else the customer.
    """

    lead = models.ForeignKey("leads.Lead", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    customer = models.ForeignKey(
        "customers.Customer", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    contact = models.ForeignKey("customers.Contact", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    opportunity = models.ForeignKey(
        "opportunities.Opportunity", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        abstract = True


class FollowUp(LinkedRecord, VersionedModel):
    """One logged contact with a customer or lead (跟进记录); `author` is who made it."""

    kind = models.CharField(max_length=20, choices=FollowUpKind.choices, default=FollowUpKind.PHONE)
    content = models.TextField()
    occurred_at = models.DateTimeField(default=timezone.now)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The author's department when the record was written, for team logs and reports.
    department = models.ForeignKey(
        "accounts.Department", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    participants = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    participant_contacts = models.ManyToManyField("customers.Contact", blank=True, related_name="+")
    mentioned_user_ids = models.JSONField(default=list, blank=True)
    next_follow_up_at = models.DateTimeField(null=True, blank=True)
    visit = models.ForeignKey(
        "activities.Visit", null=True, blank=True, on_delete=models.SET_NULL, related_name="follow_ups"
    )
    source = models.CharField(max_length=20, choices=FollowUpSource.choices, default=FollowUpSource.MANUAL)

    class Meta:
        indexes = [
            models.Index(fields=["customer", "-occurred_at", "-id"], name="follow_up_customer_idx"),
            models.Index(fields=["lead", "-occurred_at", "-id"], name="follow_up_lead_idx"),
            models.Index(fields=["opportunity", "-occurred_at", "-id"], name="follow_up_deal_idx"),
            models.Index(fields=["author", "occurred_at"], name="follow_up_author_idx"),
            models.Index(fields=["department", "occurred_at"], name="follow_up_department_idx"),
        ]

    def __str__(self) -> str:
        return self.content[:40]


class Visit(LinkedRecord, VersionedModel):
    """A field visit (拜访) to a customer: planned, checked in and out on site with location and photos."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(
        "accounts.Department", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=20, choices=VisitStatus.choices, default=VisitStatus.PLANNED)
    purpose = models.CharField(max_length=200, blank=True)
    planned_at = models.DateTimeField(null=True, blank=True)
    planned_minutes = models.PositiveIntegerField(default=60)
    check_in_at = models.DateTimeField(null=True, blank=True)
    check_in_latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    check_in_longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    check_in_accuracy_m = models.FloatField(null=True, blank=True)
    check_in_address = models.CharField(max_length=300, blank=True)
    # Metres between the check-in and the customer's pinned location; None when either is unknown.
    check_in_distance_m = models.PositiveIntegerField(null=True, blank=True)
    is_far = models.BooleanField(default=False)
    check_out_at = models.DateTimeField(null=True, blank=True)
    check_out_latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    check_out_longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    check_out_accuracy_m = models.FloatField(null=True, blank=True)
    summary = models.TextField(blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["owner", "planned_at"], name="visit_owner_plan_idx"),
            models.Index(fields=["department", "planned_at"], name="visit_department_plan_idx"),
            models.Index(fields=["customer", "-planned_at"], name="visit_customer_idx"),
        ]

    def __str__(self) -> str:
        return self.purpose or f"visit {self.pk}"


class Task(LinkedRecord, VersionedModel):
    """A to-do with a due time and an assignee; a recurring one spawns its next occurrence when completed."""

    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    due_at = models.DateTimeField()
    # Minutes before `due_at` the reminder fires (0 = at the due time; None = no reminder).
    remind_before_minutes = models.PositiveIntegerField(null=True, blank=True, default=0)
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(
        "accounts.Department", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    priority = models.CharField(max_length=10, choices=TaskPriority.choices, default=TaskPriority.NORMAL)
    status = models.CharField(max_length=10, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    completed_at = models.DateTimeField(null=True, blank=True)
    recurrence = models.CharField(max_length=10, choices=Recurrence.choices, default=Recurrence.NONE)
    recurrence_until = models.DateField(null=True, blank=True)
    # The first task of a recurring series; occurrences point at it.
    series = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # The occurrence this one follows; unique, so completing an occurrence twice never spawns two.
    previous = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="next_occurrence"
    )

    class Meta:
        indexes = [
            models.Index(fields=["assignee", "status", "due_at"], name="task_assignee_idx"),
            models.Index(fields=["department", "status", "due_at"], name="task_department_idx"),
            models.Index(fields=["created_by", "status", "due_at"], name="task_creator_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class Reminder(models.Model):
    """A notification scheduled for a time; the scan sends each one exactly once, however late it runs."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=30, choices=ReminderKind.choices)
    due_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=ReminderStatus.choices, default=ReminderStatus.PENDING)
    subject_type = models.CharField(max_length=40)
    subject_id = models.CharField(max_length=40)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    link = models.CharField(max_length=300, blank=True)
    # One reminder per (recipient, key): rescheduling replaces the pending one instead of adding another.
    dedupe_key = models.CharField(max_length=120)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            # The scan reads only pending rows in due order: the index holds 1% of a large table.
            models.Index(fields=["due_at"], condition=Q(status="pending"), name="reminder_pending_due_idx"),
            models.Index(fields=["subject_type", "subject_id"], name="reminder_subject_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "dedupe_key"], name="reminder_dedupe_unique"),
        ]

    def __str__(self) -> str:
        return self.title


class CalendarFeed(models.Model):
    """A user's private iCalendar feed URL; revoking it deletes the token, so the old URL stops working."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # Only a hash is stored; the URL shows the token once, when it is created.
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"calendar feed of {self.user_id}"
