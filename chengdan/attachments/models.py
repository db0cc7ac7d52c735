"""An uploaded file hanging off a record of any resource."""

from django.conf import settings
from django.db import models


class Attachment(models.Model):
    """A file on (resource, object_id); readable by whoever may see that record."""

    resource = models.CharField(max_length=40)
    object_id = models.BigIntegerField()
    file = models.FileField(upload_to="attachments/%Y/%m/")
    name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField()
    content_type = models.CharField(max_length=100)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["resource", "object_id"], name="attachment_record_idx")]

    def __str__(self) -> str:
        return self.name
