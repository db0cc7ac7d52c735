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
