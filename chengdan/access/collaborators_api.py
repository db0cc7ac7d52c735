"""The three collaborator endpoints (list, set, remove) of one shareable resource, built by a factory."""

import inspect
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from chengdan.access import sharing
from chengdan.access.models import RecordShare
from chengdan.core.schemas import InputSchema, responses


class CollaboratorOut(Schema):
    """A colleague a record is shared with, and how far."""

    user_id: int
    user_name: str
    access: str


class CollaboratorIn(InputSchema):
    """The access to grant a collaborator: read or edit."""

    access: str = Field("read", pattern="^(read|edit)$")


def render_collaborator(share: RecordShare) -> dict[str, Any]:
    """The JSON of one share."""
    return {"user_id": share.user_id, "user_name": share.user.name, "access": share.access}


def _with_path_names(view: Callable[..., Any], id_name: str, *, has_user: bool, payload: type | None = None) -> None:
    # Each resource keeps its own path parameter name ("{customer_id}"), so the view's signature is
    # written here for ninja to read; the view itself takes the ids as keyword arguments.
    parameters = [
        inspect.Parameter("request", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=HttpRequest),
        inspect.Parameter(id_name, inspect.Parameter.KEYWORD_ONLY, annotation=int),
    ]
    if has_user:
        parameters.append(inspect.Parameter("user_id", inspect.Parameter.KEYWORD_ONLY, annotation=int))
    if payload is not None:
        parameters.append(inspect.Parameter("payload", inspect.Parameter.KEYWORD_ONLY, annotation=payload))
    view.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]


def collaborators_router(resource: str, *, id_name: str, tag: str, noun: str) -> Router:
    """A router with /{<id_name>}/collaborators and /{<id_name>}/collaborators/{user_id} for `resource`."""
    router = Router(tags=[tag])
    path = f"/{{{id_name}}}/collaborators"

    def list_collaborators(request: HttpRequest, **ids: int) -> list[dict[str, Any]]:
        shares = sharing.list_collaborators(request.user, resource, ids[id_name])
        return [render_collaborator(share) for share in shares]

    def set_collaborator(request: HttpRequest, *, user_id: int, payload: CollaboratorIn, **ids: int) -> dict[str, Any]:
        share = sharing.set_collaborator(
            actor=request.user, resource=resource, object_id=ids[id_name], user_id=user_id, access=payload.access
        )
        return render_collaborator(share)

    def remove_collaborator(request: HttpRequest, *, user_id: int, **ids: int) -> Status[None]:
        sharing.remove_collaborator(actor=request.user, resource=resource, object_id=ids[id_name], user_id=user_id)
        return Status(204, None)

    list_collaborators.__doc__ = f"The {noun}'s team beyond its owner."
    set_collaborator.__doc__ = "Add a collaborator or change their access."
    remove_collaborator.__doc__ = "Remove a collaborator."
    _with_path_names(list_collaborators, id_name, has_user=False)
    _with_path_names(set_collaborator, id_name, has_user=True, payload=CollaboratorIn)
    _with_path_names(remove_collaborator, id_name, has_user=True)

    router.get(path, response=responses(list[CollaboratorOut]), operation_id=f"{resource}_list_collaborators")(
        list_collaborators
    )
    router.put(f"{path}/{{user_id}}", response=responses(CollaboratorOut), operation_id=f"{resource}_set_collaborator")(
        set_collaborator
    )
    router.delete(f"{path}/{{user_id}}", response=responses(None, 204), operation_id=f"{resource}_remove_collaborator")(
        remove_collaborator
    )
    return router
