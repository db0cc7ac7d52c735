"""Adding and removing attachments: edit right on the record, size and type limits, audited."""

import mimetypes
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from chengdan.access import engine
from chengdan.attachments.models import Attachment
from chengdan.core.errors import DomainError, ErrorCode, localized
from chengdan.core.events import Event, publish

MAX_BYTES = 20 * 1024 * 1024
ALLOWED_SUFFIXES = {
    ".jpg",
    ".jpeg",
    ".png",
    ".gif",
    ".webp",
    ".heic",
    ".pdf",
    ".doc",
    ".docx",
    ".xls",
    ".xlsx",
    ".ppt",
    ".pptx",
    ".txt",
    ".csv",
    ".zip",
    ".rar",
    ".7z",
}
# Files a browser would run if opened inline are refused whatever their name says.
ACTIVE_SIGNATURES = (b"<!doctype html", b"<html", b"<script", b"<svg", b"MZ")


def _invalid(zh: str, en: str) -> DomainError:
    return DomainError(ErrorCode.VALIDATION_ERROR, fields={"file": localized(zh, en)})


def _check(upload: UploadedFile) -> tuple[str, str]:
    name = Path(upload.name or "file").name[:255]
    suffix = Path(name).suffix.lower()
    if not upload.size:
        raise _invalid("文件为空。", "The file is empty.")
    if upload.size > MAX_BYTES:
        raise _invalid("文件不能超过 20 MB。", "Files must be at most 20 MB.")
    if suffix not in ALLOWED_SUFFIXES:
        raise _invalid(f"不支持的文件类型：{suffix or '无扩展名'}", f"File type not allowed: {suffix or 'none'}")
    head = next(upload.chunks(512), b"")[:512].lstrip().lower()
    upload.seek(0)
    if head.startswith(tuple(signature.lower() for signature in ACTIVE_SIGNATURES)):
        raise _invalid("文件内容与类型不符。", "The file content does not match its type.")
    return name, mimetypes.guess_type(name)[0] or "application/octet-stream"


def add_attachment(*, actor: Any, resource: str, object_id: int, upload: UploadedFile) -> Attachment:
    """Attach a file to a record the actor may edit."""
    name, content_type = _check(upload)
    with transaction.atomic():
        record = engine.get_visible(actor, resource, object_id, "edit")
        attachment = Attachment(
            resource=resource,
            object_id=object_id,
            name=name,
            size=upload.size or 0,
            content_type=content_type,
            uploaded_by=actor,
        )
        attachment.file.save(name, upload, save=False)
        attachment.save()
        publish(
            Event(
                "attachment.added",
                resource,
                str(object_id),
                str(record)[:255],
                actor.pk,
                changes={"file": (None, name)},
            )
        )
    return attachment


def remove_attachment(*, actor: Any, attachment_id: int) -> None:
    """Delete an attachment of a record the actor may edit."""
    with transaction.atomic():
        attachment = Attachment.objects.select_for_update().filter(pk=attachment_id).first()
        if attachment is None:
            raise DomainError(ErrorCode.NOT_FOUND, status=404)
        record = engine.get_visible(actor, attachment.resource, attachment.object_id, "edit")
        publish(
            Event(
                "attachment.removed",
                attachment.resource,
                str(attachment.object_id),
                str(record)[:255],
                actor.pk,
                changes={"file": (attachment.name, None)},
            )
        )
        stored = attachment.file
        attachment.delete()
        transaction.on_commit(lambda: stored.delete(save=False))
