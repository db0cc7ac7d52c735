"""Pre-scan of a legacy .xls (BIFF) workbook before python-calamine parses it.

calamine parses every sheet of an .xls eagerly and sizes memory from record contents, so a tiny
crafted file can make it allocate gigabytes and abort the process. This scan walks the records
exactly as calamine does (globals from offset 0, each sheet from its BoundSheet offset, up to EOF)
and reports encryption, each sheet's used bounding box and its first formula cell.
"""

import struct
from dataclasses import dataclass

from chengdan.core.spreadsheets import errors
from chengdan.core.spreadsheets.cfb import CfbError, CompoundFile
from chengdan.core.spreadsheets.errors import SpreadsheetLimits

_BOF = 0x0809
_EOF = 0x000A
_FILEPASS = 0x002F
_BOUNDSHEET = 0x0085
_SST = 0x00FC
_DIMENSIONS = 0x0200
_FORMULA = 0x0006
_MULRK = 0x00BD
# Records that calamine turns into one cell at (row, col) read from their first four bytes.
_CELL_RECORDS = frozenset({0x0203, 0x0204, 0x0205, 0x027E, 0x00FD, _FORMULA})
_U32 = 1 << 32
# Record type, length and, for cell records, the row and column that open their data.
_RECORD_HEAD = struct.Struct("<HHHH")


@dataclass(slots=True)
class SheetScan:
    """What one BIFF sheet substream holds: used bounds and the first formula cell (0-based)."""

    min_row: int = -1
    max_row: int = -1
    min_col: int = -1
    max_col: int = -1
    reserved_cells: int = 0
    first_formula: tuple[int, int] | None = None

    @property
    def dense_cells(self) -> int:
        if self.max_row < 0:
            return self.reserved_cells
        area = (self.max_row - self.min_row + 1) * (self.max_col - self.min_col + 1)
        return max(area, self.reserved_cells)


def read_workbook_stream(compound: CompoundFile) -> bytes:
    """The BIFF stream of an .xls (`Workbook` in BIFF8, `Book` in Excel 5/95)."""
    names = {name.casefold() for name in compound.stream_names()}
    return compound.read_stream("Workbook" if "workbook" in names else "Book")


def scan_workbook(stream: bytes, limits: SpreadsheetLimits) -> list[SheetScan]:
    """Per sheet in BoundSheet order; raises when encrypted or when calamine would over-allocate."""
    sheet_offsets = _scan_globals(stream)
    scans: dict[int, SheetScan] = {}
    total = 0
    for offset in sheet_offsets:
        if offset not in scans:
            scans[offset] = _scan_sheet(stream, offset)
        total += scans[offset].dense_cells
        if total > limits.max_sheet_cells:
            raise errors.sheet_too_large(total, limits.max_sheet_cells)
    return [scans[offset] for offset in sheet_offsets]


def _scan_globals(stream: bytes) -> list[int]:
    offsets: list[int] = []
    position = 0
    end = len(stream)
    while position + 4 <= end:
        kind, length = struct.unpack_from("<HH", stream, position)
        data = position + 4
        position = data + length
        if kind == _BOUNDSHEET and length >= 4:
            offsets.append(struct.unpack_from("<I", stream, data)[0])
        elif kind == _FILEPASS:
            raise errors.encrypted()
        elif kind == _SST and length >= 8:
            unique = struct.unpack_from("<i", stream, data + 4)[0]
            # Every string takes at least 3 bytes; a larger count is a crafted pre-allocation.
            if unique < 0 or unique > len(stream) // 3:
                raise errors.unreadable(f"SST declares {unique} strings")
        elif kind == _EOF:
            break
    return offsets


def _scan_sheet(stream: bytes, offset: int) -> SheetScan:
    scan = SheetScan()
    min_row = min_col = 1 << 20
    max_row = max_col = -1
    position = offset
    # The head reader takes 8 bytes; a final record shorter than that holds no cell.
    end = len(stream) - 8
    cell_records = _CELL_RECORDS
    read = _RECORD_HEAD.unpack_from
    while position <= end:
        kind, length, row, col = read(stream, position)
        position += 4 + length
        if kind in cell_records:
            if length < 4:
                continue
            if row > max_row:
                max_row = row
            if row < min_row:
                min_row = row
            if col > max_col:
                max_col = col
            if col < min_col:
                min_col = col
            if kind == _FORMULA and scan.first_formula is None:
                scan.first_formula = (row, col)
        elif kind == _MULRK:
            if length < 6:
                continue
            last_col = struct.unpack_from("<H", stream, position - 2)[0]
            max_row, min_row = max(max_row, row), min(min_row, row)
            max_col, min_col = max(max_col, col, last_col), min(min_col, col, last_col)
        elif kind == _DIMENSIONS:
            scan.reserved_cells = max(scan.reserved_cells, _reserved_cells(stream[position - length : position]))
        elif kind == _EOF:
            break
    if max_row >= 0:
        scan.min_row, scan.max_row, scan.min_col, scan.max_col = min_row, max_row, min_col, max_col
    return scan


def _reserved_cells(record: bytes) -> int:
    """The capacity calamine reserves for a DIMENSIONS record (u32 arithmetic wraps as in Rust)."""
    if len(record) == 10:
        first_row, last_row, first_col, last_col = struct.unpack_from("<HHHH", record)
    elif len(record) == 14:
        first_row, last_row, first_col, last_col = struct.unpack_from("<IIHH", record)
    else:
        return 0
    if last_row < 1 or last_col < 1:
        return 1
    rows = (last_row - 1 - first_row + 1) % _U32
    cols = (last_col - 1 - first_col + 1) % _U32
    return rows * cols


def open_compound(data: bytes) -> CompoundFile:
    """Parse the OLE2 container or refuse the upload as unreadable."""
    try:
        return CompoundFile(data)
    except (CfbError, struct.error) as exc:
        raise errors.unreadable(f"OLE2: {exc}") from exc
