"""Schemas every API shares: strict inputs, the error body and page wrappers."""

from typing import Any

from ninja import Schema
from pydantic import ConfigDict, Field, create_model


class InputSchema(Schema):
    """Request bodies refuse unknown fields, so a typo is a 422, not a silent no-op."""

    model_config = ConfigDict(extra="forbid", str_max_length=10000)


class ErrorOut(Schema):
    """Every error answer: a stable code, a message in the user's language, per-field messages."""

    code: str
    message: str
    fields: dict[str, str] = Field(default_factory=dict)
    retry_after: int | None = None
    current: dict[str, Any] | None = None


class PageQuery(Schema):
    """Cursor pagination parameters of every list."""

    limit: int = Field(50, ge=1, le=200)
    cursor: str | None = Field(None, max_length=500)
    ordering: str | None = Field(None, max_length=64)
    exact_count: bool = False


_pages: dict[str, type[Schema]] = {}


def page_of(item: type[Schema]) -> type[Schema]:
    """The page wrapper for a list of `item` (one named schema per item type)."""
    name = f"{item.__name__.removesuffix('Out')}Page"
    if name not in _pages:
        _pages[name] = create_model(
            name,
            __base__=Schema,
            items=(list[item], ...),  # type: ignore[valid-type]
            next_cursor=(str | None, None),
            count=(int, ...),
            count_capped=(bool, False),
        )
    return _pages[name]


def page_body(page: Any, items: list[Any]) -> dict[str, Any]:
    """The JSON of a page, with items already serialised by the caller."""
    return {"items": items, "next_cursor": page.next_cursor, "count": page.count, "count_capped": page.count_capped}


ERRORS: dict[int | str, Any] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ErrorOut,
    429: ErrorOut,
}


def responses(ok: Any, status: int = 200) -> dict[int | str, Any]:
    """The response map of an operation: its success schema plus the shared error body."""
    return {status: ok, **ERRORS}


class SavedViewOut(Schema):
    """A saved list view; `is_mine` says whether the caller may change it."""

    id: int
    name: str
    is_shared: bool
    is_mine: bool
    filters: dict[str, Any]
    columns: list[str]
    ordering: str


class SavedViewIn(InputSchema):
    """A list view to save: its name, who sees it, and the list's filters, columns and order."""

    name: str = Field(..., min_length=1, max_length=60)
    is_shared: bool = False
    filters: dict[str, Any] = Field(default_factory=dict)
    columns: list[str] = Field(default_factory=list, max_length=60)
    ordering: str = Field("", max_length=40)
