"""Writing many rows at the speed of the database: reserved ids, then executemany (SQLite) or COPY (PostgreSQL).

Django's `bulk_create` spends most of a 100,000-row import preparing each value of each field in
Python. Imports know their values are already clean, so they convert each column once by type and
hand the rows to the driver. Call inside `transaction.atomic()`: on SQLite that transaction holds the
write lock (IMMEDIATE mode), so reserved ids cannot be taken by anyone else.
"""

import json
import zlib
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """`count` fresh primary keys for `model`, taken from its sequence."""
    if count == 0:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, count]
            )
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"')  # noqa: S608 - table name from the model
        (highest,) = cursor.fetchone()
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        sequence = cursor.fetchone()
        start = max(highest, sequence[0] if sequence else 0) + 1
        return list(range(start, start + count))


def _json(value: Any) -> str:
    return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)


def _converter(field: "models.Field[Any, Any]") -> Callable[[Any], Any] | None:
    """How a column's Python value becomes what the driver takes; None when it takes it as is."""
    kind = field.get_internal_type()
    if kind == "JSONField":
        # Most rows hold an empty object: its text is known without calling the encoder.
        return lambda value: "{}" if type(value) is dict and not value else _json(value)
    if connection.vendor == "postgresql":
        return None
    if kind == "UUIDField":
        return lambda value: value.hex if value is not None else None  # Django keeps 32 hex digits on SQLite
    if kind == "DateTimeField":
        return _memoised(connection.ops.adapt_datetimefield_value, datetime)
    if kind == "DateField":
        return _memoised(lambda value: value.isoformat(), date)
    return None


def _memoised(adapt: Callable[[Any], Any], kind: type) -> Callable[[Any], Any]:
    """`adapt` for values of `kind` (others pass as they are), once per distinct value: a batch's
    timestamps are mostly one `now`, and Django's adapter costs microseconds per call."""
    done: dict[Any, Any] = {}

    def convert(value: Any) -> Any:
        if not isinstance(value, kind):
            return value
        text = done.get(value)
        if text is None:
            text = done[value] = adapt(value)
        return text

    return convert


def insert_rows(
    model: type[models.Model],
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    ignore_conflicts: bool = False,
) -> None:
    """Insert rows whose values are given in `columns` order (attribute names, e.g. "owner_id").

    With `ignore_conflicts`, a row that would break a unique constraint is skipped, not an error.
    """
    if not rows:
        return
    fields = {field.attname: field for field in model._meta.concrete_fields}
    names = [fields[column].column for column in columns]
    converters = [(index, convert) for index, column in enumerate(columns) if (convert := _converter(fields[column]))]
    if converters:
        rows = [_converted(row, converters) for row in rows]
    table = model._meta.db_table
    quoted = ", ".join(f'"{name}"' for name in names)
    # The driver's own cursor is used for speed; its errors still surface as Django's (IntegrityError…).
    with connection.cursor() as cursor, connection.wrap_database_errors:
        if connection.vendor == "postgresql":
            if ignore_conflicts:
                _copy_skipping_conflicts(cursor, table, quoted, rows)
                return
            with cursor.cursor.copy(f'COPY "{table}" ({quoted}) FROM STDIN') as copy:
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join("?" * len(names))
        verb = "INSERT OR IGNORE" if ignore_conflicts else "INSERT"
        cursor.cursor.executemany(
            f'{verb} INTO "{table}" ({quoted}) VALUES ({marks})',
            rows,
        )


def _copy_skipping_conflicts(cursor: Any, table: str, quoted: str, rows: Sequence[Sequence[Any]]) -> None:
    """COPY into a transaction-local staging table, then move the rows over with ON CONFLICT DO NOTHING.

    COPY itself stops at the first duplicate; the staging table keeps COPY's speed for the rest.
    """
    # One stage per table and column list; it has the columns' types and no constraint at all.
    stage = f"stage_{table}_{zlib.crc32(quoted.encode()):08x}"
    cursor.execute(
        f'CREATE TEMP TABLE IF NOT EXISTS "{stage}" ON COMMIT DROP AS SELECT {quoted} FROM "{table}" WITH NO DATA'  # noqa: S608
    )
    with cursor.cursor.copy(f'COPY "{stage}" ({quoted}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row(row)
    cursor.execute(
        f'INSERT INTO "{table}" ({quoted}) SELECT {quoted} FROM "{stage}" ON CONFLICT DO NOTHING'  # noqa: S608
    )
    cursor.execute(f'TRUNCATE "{stage}"')


def _converted(row: Sequence[Any], converters: list[tuple[int, Callable[[Any], Any]]]) -> list[Any]:
    values = list(row)
    for index, convert in converters:
        values[index] = convert(values[index])
    return values
