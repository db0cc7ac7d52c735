"""core.bulk: rows reach the table as given; with ignore_conflicts a duplicate is skipped, the rest land."""

from datetime import UTC, datetime

import pytest
from django.db import IntegrityError, transaction

from chengdan.core import bulk
from chengdan.core.models import IdempotencyRecord

pytestmark = pytest.mark.django_db
AT = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
COLUMNS = ("owner_key", "key", "method", "path", "request_hash", "status_code", "response_body", "created_at")


def _row(owner: str, key: str, status: int = 201) -> tuple[object, ...]:
    return (owner, key, "POST", "/api/v1/x", "h" * 64, status, b"{}", AT)


def test_rows_land_with_their_values() -> None:
    with transaction.atomic():
        bulk.insert_rows(IdempotencyRecord, COLUMNS, [_row("u1", "a"), _row("u1", "b", 409)])
    stored = {(r.key, r.status_code, r.created_at) for r in IdempotencyRecord.objects.all()}
    assert stored == {("a", 201, AT), ("b", 409, AT)}


def test_a_duplicate_stops_a_plain_insert_and_nothing_lands() -> None:
    IdempotencyRecord.objects.create(**dict(zip(COLUMNS, _row("u1", "a"), strict=True)))
    with pytest.raises(IntegrityError), transaction.atomic():
        bulk.insert_rows(IdempotencyRecord, COLUMNS, [_row("u1", "b"), _row("u1", "a")])
    assert set(IdempotencyRecord.objects.values_list("key", flat=True)) == {"a"}


def test_ignore_conflicts_skips_only_the_duplicates_even_twice_in_one_transaction() -> None:
    IdempotencyRecord.objects.create(**dict(zip(COLUMNS, _row("u1", "a", 200), strict=True)))
    with transaction.atomic():
        bulk.insert_rows(IdempotencyRecord, COLUMNS, [_row("u1", "a"), _row("u1", "b")], ignore_conflicts=True)
        # The same table again in the same transaction, then with the columns in another order.
        bulk.insert_rows(IdempotencyRecord, COLUMNS, [_row("u1", "b"), _row("u2", "a")], ignore_conflicts=True)
        reordered = [tuple(reversed(_row("u3", "c"))), tuple(reversed(_row("u1", "a")))]
        bulk.insert_rows(IdempotencyRecord, tuple(reversed(COLUMNS)), reordered, ignore_conflicts=True)
    assert sorted(IdempotencyRecord.objects.values_list("owner_key", "key", "status_code")) == [
        ("u1", "a", 200),  # the first row won; the repeat did not overwrite it
        ("u1", "b", 201),
        ("u2", "a", 201),
        ("u3", "c", 201),
    ]
