"""The customer record; the customers issue adds contacts, tags, custom fields and more."""

from django.conf import settings
from django.db import models

from chengdan.core.models import VersionedModel


class Customer(VersionedModel):
    """A company we sell to; `department` is the owner's department, denormalised for scope filters."""

    name = models.CharField(max_length=200)
    phone = models.CharField(max_length=30, blank=True)
    credit_code = models.CharField(max_length=18, blank=True)
    notes = models.TextField(blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="customers")
    department = models.ForeignKey(
        "accounts.Department", null=True, blank=True, on_delete=models.PROTECT, related_name="customers"
    )

    class Meta:
        indexes = [
            models.Index(fields=["created_at", "id"], name="customer_created_idx"),
            models.Index(fields=["owner", "created_at"], name="customer_owner_created_idx"),
            models.Index(fields=["department", "created_at"], name="customer_dept_created_idx"),
        ]

    def __str__(self) -> str:
        return self.name
