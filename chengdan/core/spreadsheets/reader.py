"""`open_table`: sniff an uploaded file, run the safety checks, find the header, stream the rows."""

import io
from collections.abc import Callable, Collection, Iterator
from itertools import islice
from pathlib import Path
from typing import Any, Literal, TypeVar

from python_calamine import CalamineSheet, CalamineWorkbook, PasswordError, SheetTypeEnum, SheetVisibleEnum

from chengdan.core.header_mapping import normalized_labels
from chengdan.core.spreadsheets import csv_text, errors, headers, xls, xlsx
from chengdan.core.spreadsheets.cfb import SIGNATURE as OLE2_SIGNATURE
from chengdan.core.spreadsheets.errors import (
    DEFAULT_LIMITS,
    DEFAULT_MAX_ROWS,
    HEADER_SCAN_ROWS,
    SpreadsheetError,
    SpreadsheetLimits,
)

TableFormat = Literal["xlsx", "xls", "csv"]
RowSource = Callable[[], Iterator[list[Any]]]
_T = TypeVar("_T")

_ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06")
# Files users rename to .xlsx by mistake; named in the refusal for support.
_OTHER_FORMATS = {
    b"\x89PNG": "png",
    b"%PDF": "pdf",
    b"\xff\xd8\xff": "jpeg",
    b"GIF8": "gif",
    b"Rar!": "rar",
    b"7z\xbc\xaf": "7z",
    b"\x1f\x8b": "gzip",
    b"{\\rtf": "rtf",
}


class Table:
    """One sheet of an uploaded file: its header and a lazy stream of data rows."""

    def __init__(
        self,
        *,
        headers: list[str],
        header_row: int,
        format: TableFormat,
        encoding: str | None,
        sheet_name: str | None,
        sheet_names: list[str],
        first_column: int,
        source: RowSource,
        data_start: int,
        max_rows: int,
        max_empty_run: int,
    ) -> None:
        self.headers = headers
        self.header_row = header_row
        self.format = format
        self.encoding = encoding
        self.sheet_name = sheet_name
        self.sheet_names = sheet_names
        self.first_column = first_column
        self._source = source
        self._data_start = data_start
        self._max_rows = max_rows
        self._max_empty_run = max_empty_run

    def rows(self) -> Iterator[tuple[int, list[Any]]]:
        """(row number as Excel shows it, values) for each non-empty data row, padded or cut to
        the headers. A run of `max_consecutive_empty_rows` empty rows ends the table."""
        width = len(self.headers)
        max_rows = self._max_rows
        max_empty_run = self._max_empty_run
        empty_run = 0
        produced = 0
        start = self._data_start
        for number, values in enumerate(islice(self._source(), start, None), start + 1):
            if len(values) != width:
                values = values[:width] if len(values) > width else values + [""] * (width - len(values))
            if values.count("") == width:
                empty_run += 1
                if empty_run >= max_empty_run:
                    return
                continue
            empty_run = 0
            produced += 1
            if produced > max_rows:
                raise errors.too_many_rows(max_rows)
            yield number, values

    def preview(self, n: int = 20) -> list[tuple[int, list[Any]]]:
        """The first `n` data rows."""
        return list(islice(self.rows(), n))

    def column_letter(self, index: int) -> str:
        """The Excel column letter of header `index` (for error reports such as "D7")."""
        return xlsx.column_letters(self.first_column + index)

    def __repr__(self) -> str:
        return f"<Table {self.format} sheet={self.sheet_name!r} header_row={self.header_row} headers={self.headers!r}>"


def open_table(
    path: Path,
    filename: str | None = None,
    *,
    max_rows: int = DEFAULT_MAX_ROWS,
    known_headers: Collection[str] = (),
    sheet_name: str | None = None,
    header_row: int | None = None,
    limits: SpreadsheetLimits = DEFAULT_LIMITS,
) -> Table:
    """Open an uploaded .xlsx/.xls/.csv (format sniffed from content; `filename` is only the
    user's name for it) or raise `SpreadsheetError`. `known_headers` help find the header row;
    `sheet_name` and `header_row` (1-based) override the automatic choices."""
    path = Path(path)
    try:
        size = path.stat().st_size
        with path.open("rb") as stream:
            head = stream.read(csv_text.SAMPLE_BYTES)
    except OSError as exc:
        raise errors.unreadable(f"{filename or path.name}: {exc}") from exc
    if size == 0:
        raise errors.file_empty()
    options = _Options(
        max_rows=max_rows,
        known=normalized_labels(known_headers),
        sheet_name=sheet_name,
        header_row=header_row,
        limits=limits,
    )
    if head.startswith(_ZIP_SIGNATURES):
        return _open_xlsx(path, options)
    if head.startswith(OLE2_SIGNATURE):
        return _open_ole2(path, options)
    for signature, detected in _OTHER_FORMATS.items():
        if head.startswith(signature):
            raise errors.not_spreadsheet(detected)
    return _open_csv(path, head, options)


class _Options:
    def __init__(
        self,
        *,
        max_rows: int,
        known: frozenset[str],
        sheet_name: str | None,
        header_row: int | None,
        limits: SpreadsheetLimits,
    ) -> None:
        self.max_rows = max_rows
        self.known = known
        self.sheet_name = sheet_name
        self.header_row = header_row
        self.limits = limits


def _open_xlsx(path: Path, options: _Options) -> Table:
    archive, package = xlsx.open_package(str(path), options.limits)
    with archive:
        workbook = _calamine(lambda: _from_file(path))
        name = _choose_sheet(workbook, options.sheet_name)
        part = package.sheet_parts.get(name)
        if part is None:
            raise errors.unreadable(f"no worksheet part for {name}")
        scan = xlsx.scan_sheet(archive, part)
    if scan.dense_cells > options.limits.max_sheet_cells:
        raise errors.sheet_too_large(scan.dense_cells, options.limits.max_sheet_cells)
    if scan.first_formula:
        raise errors.formula_cells(f"{name}!{scan.first_formula}")
    return _excel_table(workbook, name, "xlsx", options)


def _open_ole2(path: Path, options: _Options) -> Table:
    data = path.read_bytes()
    compound = xls.open_compound(data)
    streams = {name.casefold() for name in compound.stream_names()}
    if "encryptioninfo" in streams or "encryptedpackage" in streams:
        raise errors.encrypted()
    if "workbook" not in streams and "book" not in streams:
        raise errors.not_spreadsheet("ole2")
    try:
        stream = xls.read_workbook_stream(compound)
    except ValueError as exc:
        raise errors.unreadable(f"xls: {exc}") from exc
    scans = xls.scan_workbook(stream, options.limits)
    workbook = _calamine(lambda: _from_bytes(data))
    name = _choose_sheet(workbook, options.sheet_name)
    position = workbook.sheet_names.index(name)
    first_formula = scans[position].first_formula if position < len(scans) else None
    if first_formula is not None:
        row, column = first_formula
        raise errors.formula_cells(f"{name}!{xlsx.column_letters(column)}{row + 1}")
    return _excel_table(workbook, name, "xls", options)


def _from_file(path: Path) -> CalamineWorkbook:
    # from_path would pick the reader by extension; from_filelike sniffs content like we do.
    with path.open("rb") as stream:
        return CalamineWorkbook.from_filelike(stream)


def _from_bytes(data: bytes) -> CalamineWorkbook:
    return CalamineWorkbook.from_filelike(io.BytesIO(data))


def _calamine(call: Callable[[], _T]) -> _T:
    """Run a python-calamine call; its errors and Rust panics become SpreadsheetError."""
    try:
        return call()
    except SpreadsheetError:
        raise
    except PasswordError as exc:
        raise errors.encrypted() from exc
    except Exception as exc:
        raise errors.unreadable(f"{type(exc).__name__}: {exc}") from exc
    except BaseException as exc:
        # pyo3 reports a Rust panic as PanicException, which derives from BaseException.
        if type(exc).__name__ != "PanicException":
            raise
        raise errors.unreadable(f"calamine panic: {exc}") from exc


def _choose_sheet(workbook: CalamineWorkbook, wanted: str | None) -> str:
    if wanted is not None:
        if wanted not in workbook.sheet_names:
            raise errors.sheet_not_found(wanted)
        return wanted
    worksheets = [sheet for sheet in workbook.sheets_metadata if sheet.typ == SheetTypeEnum.WorkSheet]
    visible = [sheet for sheet in worksheets if sheet.visible == SheetVisibleEnum.Visible]
    chosen = visible or worksheets
    if not chosen:
        raise errors.sheet_empty(None)
    return chosen[0].name


def _excel_table(workbook: CalamineWorkbook, name: str, table_format: TableFormat, options: _Options) -> Table:
    sheet: CalamineSheet = _calamine(lambda: workbook.get_sheet_by_name(name))
    start, end = sheet.start, sheet.end
    # iter_rows() panics on a sheet without cells, and yields rows from absolute row 0.
    if start is None or end is None:
        raise errors.sheet_empty(name)
    merged = _calamine(lambda: sheet.merged_cell_ranges) or []
    return _build_table(
        source=lambda: _calamine(sheet.iter_rows),
        row_bound=end[0] + 1,
        first_column=start[1],
        merged=merged,
        table_format=table_format,
        encoding=None,
        sheet_name=name,
        sheet_names=list(workbook.sheet_names),
        options=options,
    )


def _open_csv(path: Path, head: bytes, options: _Options) -> Table:
    csv_format = csv_text.sniff_csv(path, head)
    return _build_table(
        source=lambda: csv_text.iter_csv_rows(path, csv_format),
        row_bound=csv_format.line_count,
        first_column=0,
        merged=[],
        table_format="csv",
        encoding=csv_format.encoding,
        sheet_name=None,
        sheet_names=[],
        options=options,
    )


def _build_table(
    *,
    source: RowSource,
    row_bound: int,
    first_column: int,
    merged: list[headers.MergedRange],
    table_format: TableFormat,
    encoding: str | None,
    sheet_name: str | None,
    sheet_names: list[str],
    options: _Options,
) -> Table:
    forced_index = options.header_row - 1 if options.header_row is not None else None
    candidates, following = _header_candidates(source(), forced_index, options.limits.max_consecutive_empty_rows)
    if not candidates and forced_index is None:
        raise errors.sheet_empty(sheet_name)
    if forced_index is not None and all(index != forced_index for index, _ in candidates):
        raise errors.header_row_empty(forced_index + 1)
    position = headers.choose_header_row(candidates, options.known, forced_index)
    header_index, header_values = candidates[position]
    next_row = following.get(header_index + 1)
    layout = headers.build_headers(header_index, header_values, next_row, merged, first_column)
    if not layout.headers:
        raise errors.sheet_empty(sheet_name)
    table = Table(
        headers=layout.headers,
        header_row=header_index + 1,
        format=table_format,
        encoding=encoding,
        sheet_name=sheet_name,
        sheet_names=sheet_names,
        first_column=first_column,
        source=source,
        data_start=layout.data_start,
        max_rows=options.max_rows,
        max_empty_run=options.limits.max_consecutive_empty_rows,
    )
    if next(table.rows(), None) is None:
        raise errors.no_data_rows(table.header_row)
    if row_bound - layout.data_start > options.max_rows:
        # Only an upper bound says "maybe too many": count exactly (rows() raises past the limit).
        for _ in table.rows():
            pass
    return table


def _header_candidates(
    rows: Iterator[list[Any]], forced_index: int | None, max_empty_run: int
) -> tuple[list[tuple[int, list[Any]]], dict[int, list[Any]]]:
    """The first non-empty rows (HEADER_SCAN_ROWS of them, or up to a forced header row) and,
    by index, every non-empty row read, so the row under the header is at hand."""
    candidates: list[tuple[int, list[Any]]] = []
    seen: dict[int, list[Any]] = {}
    empty_run = 0
    for index, values in enumerate(rows):
        if values.count("") == len(values):
            empty_run += 1
            if empty_run >= max_empty_run:
                break
            continue
        empty_run = 0
        seen[index] = values
        if forced_index is not None:
            if index <= forced_index:
                candidates.append((index, values))
            if index > forced_index:
                break
        else:
            if len(candidates) == HEADER_SCAN_ROWS:
                break
            candidates.append((index, values))
    return candidates, seen
