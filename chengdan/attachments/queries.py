"""Reading attachments: only through the record's own visibility."""

from typing import Any

from chengdan.access import engine
from chengdan.access.policies import find_policy
from chengdan.attachments.models import Attachment
from chengdan.core.errors import DomainError, ErrorCode


def list_attachments(actor: Any, resource: str, object_id: int) -> list[Attachment]:
    """The files of a record the actor may see, newest first."""
    if find_policy(resource) is None:
        raise DomainError(ErrorCode.NOT_FOUND, status=404)
    engine.get_visible(actor, resource, object_id)
    return list(
        Attachment.objects.filter(resource=resource, object_id=object_id)
        .select_related("uploaded_by")
        .order_by("-created_at", "-pk")
    )


def get_attachment(actor: Any, attachment_id: int) -> Attachment:
    """One attachment whose record the actor may see, or 404."""
    attachment = Attachment.objects.filter(pk=attachment_id).first()
    if attachment is None:
        raise DomainError(ErrorCode.NOT_FOUND, status=404)
    engine.get_visible(actor, attachment.resource, attachment.object_id)
    return attachment
