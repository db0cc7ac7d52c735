"""The four saved-view endpoints (list, create, replace, delete) of one resource, built by a factory."""

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from chengdan.core import saved_views
from chengdan.core.models import SavedView
from chengdan.core.schemas import SavedViewIn, SavedViewOut, responses

# (actor, resource, action) -> None, raising when refused; core sits below access, so the check is passed in.
RequireAction = Callable[[Any, str, str], None]


def render_view(actor: Any, view: SavedView) -> dict[str, Any]:
    """The JSON of one saved view as the actor sees it."""
    return {
        "id": view.pk,
        "name": view.name,
        "is_shared": view.is_shared,
        "is_mine": view.owner_id == actor.pk,
        "filters": view.filters,
        "columns": view.columns,
        "ordering": view.ordering,
    }


def saved_views_router(resource: str, *, tag: str, require_action: RequireAction) -> Router:
    """A router with /views and /views/{view_id} for `resource`, each behind the resource's view right."""
    router = Router(tags=[tag])

    @router.get("/views", response=responses(list[SavedViewOut]), operation_id=f"{resource}_list_views")
    def list_views(request: HttpRequest) -> list[dict[str, Any]]:
        """The caller's saved list views and the shared ones, by name."""
        require_action(request.user, resource, "view")
        return [render_view(request.user, view) for view in saved_views.list_views(request.user, resource)]

    @router.post("/views", response=responses(SavedViewOut, 201), operation_id=f"{resource}_create_view")
    def create_view(request: HttpRequest, payload: SavedViewIn) -> Status[dict[str, Any]]:
        """Save the current filters, columns and order as a named view."""
        require_action(request.user, resource, "view")
        view = saved_views.save_view(actor=request.user, resource=resource, values=payload.dict())
        return Status(201, render_view(request.user, view))

    @router.put("/views/{view_id}", response=responses(SavedViewOut), operation_id=f"{resource}_update_view")
    def update_view(request: HttpRequest, view_id: int, payload: SavedViewIn) -> dict[str, Any]:
        """Replace one of the caller's own views (another user's view is a 404)."""
        require_action(request.user, resource, "view")
        view = saved_views.save_view(actor=request.user, resource=resource, values=payload.dict(), view_id=view_id)
        return render_view(request.user, view)

    @router.delete("/views/{view_id}", response=responses(None, 204), operation_id=f"{resource}_delete_view")
    def delete_view(request: HttpRequest, view_id: int) -> Status[None]:
        """Delete one of the caller's own views (another user's view is a 404)."""
        require_action(request.user, resource, "view")
        saved_views.delete_view(actor=request.user, resource=resource, view_id=view_id)
        return Status(204, None)

    return router
