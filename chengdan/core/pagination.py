"""Keyset (cursor) pagination with allow-listed ordering and capped counts."""

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

from django.conf import settings
from django.db import models
from django.db.models import F, Q, QuerySet

from chengdan.core.errors import DomainError, ErrorCode

T = TypeVar("T", bound=models.Model)


@dataclass
class Page(Generic[T]):
    """One page of a list: rows, the cursor of the next page, and a (possibly capped) count."""

    items: list[T]
    next_cursor: str | None
    count: int
    count_capped: bool


@dataclass(frozen=True)
class PageRequest:
    """What the client asked for: page size, cursor, ordering and whether to count exactly."""

    limit: int = 50
    cursor: str | None = None
    ordering: str | None = None
    exact_count: bool = False


def encode_cursor(values: list[Any]) -> str:
    """The opaque cursor of a keyset position (the sort value, then the primary key)."""
    raw = json.dumps([v.isoformat() if isinstance(v, datetime) else v for v in values], default=str)
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _field(model: type[models.Model], name: str) -> "models.Field[Any, Any]":
    field = model._meta.pk if name == "pk" else model._meta.get_field(name)
    assert isinstance(field, models.Field)
    return field


def _decode_cursor(cursor: str, model: type[models.Model], field_names: list[str]) -> list[Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        raw = json.loads(base64.urlsafe_b64decode(padded.encode()).decode())
        if not isinstance(raw, list) or len(raw) != len(field_names):
            raise ValueError("cursor shape")
        return [_field(model, name).to_python(value) for name, value in zip(field_names, raw, strict=True)]
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError, Exception) as error:
        raise DomainError(ErrorCode.VALIDATION_ERROR, fields={"cursor": _invalid_cursor_message()}) from error


def _invalid_cursor_message() -> str:
    from chengdan.core.errors import localized

    return localized("分页游标无效。", "The page cursor is invalid.")


def resolve_ordering(requested: str | None, allowed: dict[str, str], default: str) -> tuple[str, bool]:
    """Map an API ordering (`-created_at`) to a model field and direction; refuse others."""
    value = requested or default
    descending = value.startswith("-")
    name = value.lstrip("-")
    if name not in allowed:
        from chengdan.core.errors import localized

        raise DomainError(
            ErrorCode.VALIDATION_ERROR,
            fields={"ordering": localized(f"不支持按 {name} 排序。", f"Sorting by {name} is not supported.")},
        )
    return allowed[name], descending


def capped_count(queryset: QuerySet[T], exact: bool) -> tuple[int, bool]:
    """Count the rows, stopping at the cap unless an exact count was requested."""
    if exact:
        return queryset.order_by().count(), False
    cap = settings.API_COUNT_CAP
    counted = queryset.order_by().values("pk")[: cap + 1].count()
    return min(counted, cap), counted > cap


def _ordering(field: str, descending: bool, nullable: bool) -> list[Any]:
    if not nullable:
        # Plain ORDER BY, so the column's index serves both directions.
        return [f"-{field}", "-pk"] if descending else [field, "pk"]
    # Empty values sort last in both directions, on SQLite and PostgreSQL alike.
    column = F(field).desc(nulls_last=True) if descending else F(field).asc(nulls_last=True)
    return [column, "-pk" if descending else "pk"]


def _after(field: str, descending: bool, nullable: bool, value: Any, last_pk: Any) -> Q:
    """The rows that come after (value, last_pk) in the page order."""
    beyond, pk_beyond = ("lt", "pk__lt") if descending else ("gt", "pk__gt")
    if value is None:
        return Q(**{f"{field}__isnull": True, pk_beyond: last_pk})
    condition = Q(**{f"{field}__{beyond}": value}) | Q(**{field: value, pk_beyond: last_pk})
    return condition | Q(**{f"{field}__isnull": True}) if nullable else condition


def paginate(
    queryset: QuerySet[T], request: PageRequest, *, allowed_ordering: dict[str, str], default_ordering: str
) -> Page[T]:
    """Return one keyset page; deep pages cost the same as the first (no OFFSET)."""
    field, descending = resolve_ordering(request.ordering, allowed_ordering, default_ordering)
    nullable = field != "pk" and _field(queryset.model, field).null
    limit = max(1, min(request.limit, settings.API_MAX_PAGE_SIZE))
    page_qs = queryset.order_by(*_ordering(field, descending, nullable))
    if request.cursor:
        value, last_pk = _decode_cursor(request.cursor, queryset.model, [field, "pk"])
        page_qs = page_qs.filter(_after(field, descending, nullable, value, last_pk))
    rows = list(page_qs[: limit + 1])
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        last = rows[-1]
        next_cursor = encode_cursor([getattr(last, field), last.pk])
    count, count_capped = capped_count(queryset, request.exact_count)
    return Page(items=rows, next_cursor=next_cursor, count=count, count_capped=count_capped)
