"""Adding and removing collaborators on a shareable record."""

from typing import Any

from django.db import transaction

from chengdan.access import engine
from chengdan.access.models import RecordShare
from chengdan.access.policies import get_policy
from chengdan.accounts.choices import ShareAccess
from chengdan.accounts.models import User
from chengdan.core.errors import DomainError, ErrorCode, localized
from chengdan.core.events import Event, publish


def list_collaborators(actor: Any, resource: str, object_id: int) -> list[RecordShare]:
    """The collaborators of a record the actor can see."""
    engine.get_visible(actor, resource, object_id)
    return list(
        RecordShare.objects.filter(resource=resource, object_id=object_id).select_related("user").order_by("created_at")
    )


def set_collaborator(*, actor: Any, resource: str, object_id: int, user_id: int, access: str) -> RecordShare:
    """Share a record with a colleague; needs edit right on the record."""
    if not get_policy(resource).shareable:
        raise DomainError(ErrorCode.PERMISSION_DENIED, status=403)
    if access not in ShareAccess.values:
        raise DomainError(ErrorCode.VALIDATION_ERROR, fields={"access": localized("未知的权限。", "Unknown access.")})
    with transaction.atomic():
        record = engine.get_visible(actor, resource, object_id, "edit")
        user = User.objects.filter(pk=user_id, is_active=True).first()
        if user is None:
            raise DomainError(
                ErrorCode.VALIDATION_ERROR, fields={"user_id": localized("用户不存在。", "User not found.")}
            )
        share, created = RecordShare.objects.update_or_create(
            resource=resource, object_id=object_id, user=user, defaults={"access": access}
        )
        publish(
            Event(
                "record.shared",
                resource,
                str(object_id),
                str(record)[:255],
                actor.pk,
                changes={"collaborator": (None if created else user.name, f"{user.name}:{access}")},
            )
        )
    return share


def remove_collaborator(*, actor: Any, resource: str, object_id: int, user_id: int) -> None:
    """Stop sharing a record with a colleague."""
    with transaction.atomic():
        record = engine.get_visible(actor, resource, object_id, "edit")
        deleted, _ = RecordShare.objects.filter(resource=resource, object_id=object_id, user_id=user_id).delete()
        if deleted:
            publish(
                Event(
                    "record.unshared",
                    resource,
                    str(object_id),
                    str(record)[:255],
                    actor.pk,
                    changes={"collaborator": (str(user_id), None)},
                )
            )
