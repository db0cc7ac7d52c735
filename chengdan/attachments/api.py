"""HTTP endpoints of attachments."""

from datetime import datetime
from typing import Any

from django.http import FileResponse, HttpRequest
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import Field

from chengdan.attachments import actions, queries
from chengdan.attachments.models import Attachment
from chengdan.core.schemas import responses

router = Router(tags=["attachments"])


class AttachmentOut(Schema):
    id: int
    resource: str
    object_id: int
    name: str
    size: int
    content_type: str
    uploaded_by_name: str
    created_at: datetime


class RecordQuery(Schema):
    resource: str = Field(..., max_length=40)
    object_id: int


def _render(attachment: Attachment) -> dict[str, Any]:
    return {
        "id": attachment.pk,
        "resource": attachment.resource,
        "object_id": attachment.object_id,
        "name": attachment.name,
        "size": attachment.size,
        "content_type": attachment.content_type,
        "uploaded_by_name": attachment.uploaded_by.name,
        "created_at": attachment.created_at,
    }


@router.get("", response=responses(list[AttachmentOut]))
def list_attachments(request: HttpRequest, record: Query[RecordQuery]) -> list[dict[str, Any]]:
    """The files of a record (404 when the record is out of scope)."""
    return [_render(a) for a in queries.list_attachments(request.user, record.resource, record.object_id)]


@router.post("", response=responses(AttachmentOut, 201))
def add_attachment(request: HttpRequest, record: Form[RecordQuery], file: File[UploadedFile]) -> Status[dict[str, Any]]:
    """Attach a file (at most 20 MB; images, PDF, Office, text and archives)."""
    attachment = actions.add_attachment(
        actor=request.user, resource=record.resource, object_id=record.object_id, upload=file
    )
    return Status(201, _render(attachment))


@router.get("/{attachment_id}/download", response=responses(None))
def download_attachment(request: HttpRequest, attachment_id: int) -> FileResponse:
    """The file itself, always as a download."""
    attachment = queries.get_attachment(request.user, attachment_id)
    response = FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)
    response["Content-Type"] = attachment.content_type
    response["X-Content-Type-Options"] = "nosniff"
    return response


@router.delete("/{attachment_id}", response=responses(None, 204))
def remove_attachment(request: HttpRequest, attachment_id: int) -> Status[None]:
    """Delete an attachment."""
    actions.remove_attachment(actor=request.user, attachment_id=attachment_id)
    return Status(204, None)
