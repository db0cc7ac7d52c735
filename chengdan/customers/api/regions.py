"""The national administrative divisions (省/市/区) for region pickers."""

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from chengdan.core import regions
from chengdan.core.schemas import responses

router = Router(tags=["regions"])


class RegionOut(Schema):
    code: str
    name: str
    level: int
    has_children: bool


class RegionQuery(Schema):
    parent: str = Field("", max_length=6, pattern="^([0-9]{6})?$")


@router.get("", response=responses(list[RegionOut]))
def list_regions(request: HttpRequest, params: Query[RegionQuery]) -> list[dict[str, Any]]:
    """Provinces, or the children of `parent` (a 6-digit division code)."""
    found = regions.children(params.parent) if params.parent else regions.provinces()
    return [
        {
            "code": r.code,
            "name": r.name,
            "level": r.level,
            "has_children": r.level < 3 and bool(regions.children(r.code)),
        }
        for r in found
    ]
