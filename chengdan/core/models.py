"""Abstract bases every business record builds on, and the idempotency store."""

from django.db import models
from django.utils import timezone


class TimeStampedModel(models.Model):
    """A record that knows when it was created and last changed."""

    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class VersionedModel(TimeStampedModel):
    """A mutable business record; `version` rises by one on every accepted update."""

    version = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True


class IdempotencyRecord(models.Model):
    """The stored answer to a side-effecting POST, replayed when the same key comes again."""

    owner_key = models.CharField(max_length=64)
    key = models.CharField(max_length=128)
    method = models.CharField(max_length=8)
    path = models.CharField(max_length=512)
    request_hash = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField()
    response_body = models.BinaryField()
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["owner_key", "key"], name="idempotency_owner_key_unique")]


class SavedView(models.Model):
    """A named list view (filters, columns, order) of one resource, personal or shared with everyone."""

    resource = models.CharField(max_length=40)
    name = models.CharField(max_length=60)
    owner = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
    is_shared = models.BooleanField(default=False)
    filters = models.JSONField(default=dict, blank=True)
    columns = models.JSONField(default=list, blank=True)
    ordering = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["resource", "owner"], name="saved_view_owner_idx")]

    def __str__(self) -> str:
        return self.name
