"""The shared pieces of streamed CSV exports: columns under field rules, formula neutralising, local times,
the line writer and the audit record.

Domain exports (customers, opportunities) decide which rows and cells; this module owns how they leave.
"""

import csv
import functools
import io
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

from django.db import transaction

from chengdan.core.events import Event, publish

DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
DANGEROUS_FIRST = frozenset(DANGEROUS_PREFIXES)
# The field-rule kinds (accounts.choices.FieldRuleKind), spelled out because core sits below accounts.
HIDDEN = "hidden"
MASKED = "masked"
# (header zh, header en, source name, mask style or None)
Column = tuple[str, str, str, str | None]


def neutralise(value: Any) -> Any:
    """Prefix text a spreadsheet would evaluate (=, +, -, @, tab, CR) with a quote (CSV injection)."""
    if isinstance(value, str) and value.startswith(DANGEROUS_PREFIXES):
        return "'" + value
    return value


def select_columns(
    columns: Iterable[tuple[str, str, str]], rules: dict[str, str], styles: dict[str, str]
) -> list[Column]:
    """The columns an actor may export: hidden ones left out, masked ones with their mask style."""
    result: list[Column] = []
    for zh, en, source in columns:
        rule = rules.get(source)
        if rule == HIDDEN:
            continue
        mask = styles.get(source, "text") if rule == MASKED else None
        result.append((zh, en, source, mask))
    return result


def headers(columns: list[Column], english: bool) -> list[str]:
    """The header row in the request's language."""
    return [en if english else zh for zh, en, _, _ in columns]


def local_minute(value: Any, zone: Any) -> str:
    """ "2026-11-22 09:30" in the site's time zone, from an aware datetime or SQLite's UTC text."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    utc = value if value.tzinfo is None else value.astimezone(UTC).replace(tzinfo=None)
    return (utc + _offset(zone, utc.replace(minute=0, second=0, microsecond=0))).isoformat(" ")[:16]


@functools.lru_cache(maxsize=65536)
def _offset(zone: Any, hour: datetime) -> timedelta:
    # The zone's offset changes at most on the hour; one lookup per hour of data instead of per row.
    return hour.replace(tzinfo=UTC).astimezone(zone).utcoffset() or timedelta(0)


def csv_line(values: list[Any]) -> str:
    """One CSV line."""
    buffer = io.StringIO()
    csv.writer(buffer).writerow(values)
    return buffer.getvalue()


def csv_lines(rows: list[list[Any]]) -> str:
    """Many CSV lines in one string (one chunk of a stream)."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue()


def chunked(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    """Consecutive lists of at most `size` items."""
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def stream(header: list[str], chunks: Iterable[list[list[Any]]], on_done: Callable[[int], None]) -> Iterator[str]:
    """CSV text (UTF-8 BOM for Excel, header, then one string per chunk); `on_done(row_count)` runs at the end."""
    yield "\ufeff" + csv_line(header)
    count = 0
    for rows in chunks:
        count += len(rows)
        yield csv_lines(rows)
    with transaction.atomic():
        on_done(count)


def record_export(*, name: str, resource: str, actor: Any, filters: Any, count: int, kind: str) -> None:
    """Audit an export: who, how many rows, which format and the filters that were set."""
    used = {key: str(value) for key, value in vars(filters).items() if value}
    publish(
        Event(
            name,
            resource,
            "",
            kind,
            getattr(actor, "pk", None),
            data={"rows": count, "format": kind, "filters": used},
        )
    )
