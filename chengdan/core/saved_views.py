"""Saved list views (filters, columns, order) for any resource: personal, or shared with everyone."""

from typing import Any

from django.db import transaction
from django.db.models import Q

from chengdan.core.errors import DomainError, ErrorCode
from chengdan.core.models import SavedView


def list_views(actor: Any, resource: str) -> list[SavedView]:
    """The actor's own views of a resource and the shared ones, by name."""
    return list(
        SavedView.objects.filter(Q(owner_id=actor.pk) | Q(is_shared=True), resource=resource).order_by("name", "pk")
    )


def save_view(*, actor: Any, resource: str, values: dict[str, Any], view_id: int | None = None) -> SavedView:
    """Create a view, or replace one of the actor's own views."""
    with transaction.atomic():
        if view_id is None:
            view = SavedView(resource=resource, owner_id=actor.pk)
        else:
            found = SavedView.objects.select_for_update().filter(pk=view_id, resource=resource, owner_id=actor.pk)
            view = found.first() or _missing()
        for name in ("name", "is_shared", "filters", "columns", "ordering"):
            if name in values:
                setattr(view, name, values[name])
        view.save()
    return view


def delete_view(*, actor: Any, resource: str, view_id: int) -> None:
    """Delete one of the actor's own views."""
    deleted, _ = SavedView.objects.filter(pk=view_id, resource=resource, owner_id=actor.pk).delete()
    if not deleted:
        _missing()


def _missing() -> SavedView:
    raise DomainError(ErrorCode.NOT_FOUND, status=404)
