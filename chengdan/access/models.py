"""Record sharing: collaborators on one record beyond what their roles reach."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from chengdan.accounts.choices import ShareAccess


class RecordShare(models.Model):
    """A collaborator on one record of a resource, with read or edit access."""

    resource = models.CharField(max_length=50)
    object_id = models.BigIntegerField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="shares")
    access = models.CharField(max_length=10, choices=ShareAccess.choices, default=ShareAccess.READ)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["resource", "object_id", "user"], name="record_share_unique")]
        indexes = [models.Index(fields=["user", "resource", "object_id"], name="record_share_user_idx")]


class Pool(models.Model):
    """A public pool (公海) of one resource: records nobody owns, seen and claimed by its members.

    Members are the listed users plus everyone in `member_departments` and their sub-departments;
    managers may also assign from it. The claim limits bound what one rep may hold and take.
    """

    resource = models.CharField(max_length=50)
    name = models.CharField(max_length=60)
    name_en = models.CharField(max_length=60, blank=True)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="pools")
    member_departments = models.ManyToManyField("accounts.Department", blank=True, related_name="pools")
    managers = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="managed_pools")
    max_held = models.PositiveIntegerField(null=True, blank=True)
    max_claims_per_day = models.PositiveIntegerField(null=True, blank=True)
    cooldown_days = models.PositiveIntegerField(default=0)
    is_default = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["resource", "name", "id"]

    def __str__(self) -> str:
        return self.name
