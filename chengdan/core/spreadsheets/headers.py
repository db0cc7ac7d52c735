"""Finding the header row of an uploaded sheet and turning it into unique column names.

Rules (documented for the import wizard):
- Among the first non-empty rows, the header is the row matching the most known header synonyms
  (at least two); failing that, the first row of two or more short, non-numeric text cells that is
  at least half as wide as the widest row (title rows such as "2024年客户名单" are skipped);
  failing that, the first row with two cells, then the first non-empty row.
- A merged range starting in the header row fills every column it spans.
- Two-row headers: when a header cell is merged down into the next row, or the next row has labels
  only under horizontally merged group cells, the next row is part of the header; a column under a
  group gets "group/sub" ("联系人/姓名"), others keep whichever of the two cells is filled.
- Trailing empty columns are dropped; a blank header inside the table is named after its column
  letter ("列C"); repeated names get a suffix ("电话", "电话_2").
"""

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from chengdan.core.header_mapping import normalize_header
from chengdan.core.spreadsheets.xlsx import column_letters

MergedRange = tuple[tuple[int, int], tuple[int, int]]
_NUMBER_LIKE = re.compile(r"^[\d\s.,:/+\-()%¥$€#]+$")
_MAX_LABEL_LENGTH = 40
_LABEL_SHARE = 0.8


@dataclass(frozen=True, slots=True)
class HeaderLayout:
    """Column names and where the header sits (0-based absolute row indices)."""

    headers: list[str]
    header_index: int
    data_start: int


def cell_text(value: Any) -> str:
    """A cell as header text: trimmed, whitespace runs collapsed, whole floats without ".0"."""
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value)


def _is_label(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    text = value.strip()
    return 0 < len(text) <= _MAX_LABEL_LENGTH and not _NUMBER_LIKE.match(text)


def choose_header_row(
    candidates: Sequence[tuple[int, list[Any]]], known: frozenset[str], forced_index: int | None = None
) -> int:
    """The position in `candidates` (first non-empty rows, in order) of the header row."""
    if forced_index is not None:
        return next(position for position, (index, _) in enumerate(candidates) if index == forced_index)
    texts = [[cell_text(value) for value in row] for _, row in candidates]
    filled = [sum(1 for text in row if text) for row in texts]
    if known:
        matches = [sum(1 for text in row if text and normalize_header(text) in known) for row in texts]
        best = max(range(len(candidates)), key=lambda position: (matches[position], -position))
        if matches[best] >= 2:
            return best
    widest = max(filled, default=0)
    for position, (_, row) in enumerate(candidates):
        labels = sum(1 for value in row if _is_label(value))
        if filled[position] >= 2 and labels >= _LABEL_SHARE * filled[position] and filled[position] * 2 >= widest:
            return position
    return next((position for position, count in enumerate(filled) if count >= 2), 0)


def build_headers(
    header_index: int,
    header_row: list[Any],
    next_row: list[Any] | None,
    merged: Sequence[MergedRange],
    first_column: int,
) -> HeaderLayout:
    """Column names from the header row (and the row below it for two-row headers)."""
    width = len(header_row)
    names = [cell_text(value) for value in header_row]
    starting_here = []
    for (top, left), (bottom, right) in merged:
        if top != header_index:
            continue
        left, right = max(left - first_column, 0), min(right - first_column, width - 1)
        if left <= right:
            starting_here.append((left, right, bottom))
    for left, right, _ in starting_here:
        for column in range(left + 1, right + 1):
            names[column] = names[column] or names[left]

    below_values = next_row or []
    below = [cell_text(value) for value in below_values]
    below += [""] * (width - len(below))
    vertical = {
        column for left, right, bottom in starting_here if bottom > header_index for column in range(left, right + 1)
    }
    groups = {
        column: names[left]
        for left, right, bottom in starting_here
        if bottom == header_index and right > left
        for column in range(left, right + 1)
    }
    under_groups_only = bool(groups) and all(not text or column in groups for column, text in enumerate(below[:width]))
    labels_below = any(below[column] for column in groups) and all(
        _is_label(below_values[column]) for column in range(min(width, len(below_values))) if below[column]
    )
    data_start = header_index + 1
    if next_row is not None and (vertical or (under_groups_only and labels_below)):
        for column in range(width):
            sub = below[column]
            if column in vertical or not sub or sub == names[column]:
                continue
            names[column] = f"{names[column]}/{sub}" if names[column] else sub
        data_start = max([header_index + 2] + [bottom + 1 for _, _, bottom in starting_here])
    return HeaderLayout(headers=_finish(names, first_column), header_index=header_index, data_start=data_start)


def _finish(names: list[str], first_column: int) -> list[str]:
    while names and not names[-1]:
        names.pop()
    seen: set[str] = set()
    unique = []
    for column, name in enumerate(names):
        base = name or f"列{column_letters(first_column + column)}"
        candidate, suffix = base, 2
        while candidate in seen:
            candidate, suffix = f"{base}_{suffix}", suffix + 1
        seen.add(candidate)
        unique.append(candidate)
    return unique
