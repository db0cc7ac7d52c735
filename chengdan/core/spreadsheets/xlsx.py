"""Checks on an .xlsx package before python-calamine parses it: zip bomb, sheet area, formulas."""

import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from xml.etree import ElementTree

from chengdan.core.spreadsheets import errors
from chengdan.core.spreadsheets.errors import MAX_WORKBOOK_PART_BYTES, SpreadsheetLimits

_CHUNK_BYTES = 1 << 20
_RELATIONSHIP_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
# A cell reference that can widen calamine's dense grid beyond 26 columns x 99,999 rows: a column
# of two or more letters, or a row number of six or more digits (also catches `<row r="123456">`).
# calamine also accepts lower-case column letters, so the scan does too.
_FAR_REFERENCE = re.compile(rb"""r=["'](?:([A-Za-z]{2,})([0-9]+)|([A-Za-z]?)([0-9]{6,}))""")
_CELL_REFERENCE = re.compile(rb"""\sr=["']([A-Za-z]{1,3}[0-9]{1,7})["']""")
_NARROW_COLUMNS = 26
_SHORT_ROWS = 99_999
_ROOT_PREFIX = re.compile(rb"<(?:([A-Za-z_][\w.-]*):)?worksheet[\s>]")
# _XML_SAFETY: ElementTree never fetches external entities, and the bundled expat (>= 2.4.1)
# refuses entity-expansion ("billion laughs") attacks; parts are size-checked before parsing.


@dataclass(frozen=True, slots=True)
class WorkbookPackage:
    """Where each sheet's XML lives inside the package, by sheet name."""

    sheet_parts: dict[str, str]


def open_package(path: str, limits: SpreadsheetLimits) -> tuple[zipfile.ZipFile, WorkbookPackage]:
    """Open an .xlsx zip after the zip-bomb checks; refuse other zip documents."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise errors.unreadable(f"zip: {exc}") from exc
    try:
        members = {info.filename.lower(): info for info in archive.infolist()}
        if "xl/workbook.xml" not in members:
            raise errors.not_spreadsheet("xlsb" if "xl/workbook.bin" in members else "zip")
        _check_sizes(list(members.values()), limits)
        package = WorkbookPackage(sheet_parts=_sheet_parts(archive, members))
    except BaseException:
        archive.close()
        raise
    return archive, package


def _check_sizes(infos: list[zipfile.ZipInfo], limits: SpreadsheetLimits) -> None:
    if len(infos) > limits.max_zip_entries:
        raise errors.too_large(f"{len(infos)} zip entries")
    if any(info.flag_bits & 0x1 for info in infos):
        raise errors.encrypted()
    total = sum(info.file_size for info in infos)
    if total > limits.max_uncompressed_bytes:
        raise errors.too_large(f"{total} bytes uncompressed")
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > limits.compression_ratio_min_bytes and ratio > limits.max_compression_ratio:
            raise errors.too_large(f"{info.filename} compressed {ratio:.0f}:1")


def _read_small_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> ElementTree.Element:
    if info.file_size > MAX_WORKBOOK_PART_BYTES:
        raise errors.too_large(f"{info.filename} is {info.file_size} bytes")
    try:
        return ElementTree.fromstring(archive.read(info))  # noqa: S314 - see _XML_SAFETY
    except (ElementTree.ParseError, zipfile.BadZipFile, zlib.error, OSError, ValueError) as exc:
        raise errors.unreadable(f"{info.filename}: {exc}") from exc


def _sheet_parts(archive: zipfile.ZipFile, members: dict[str, zipfile.ZipInfo]) -> dict[str, str]:
    workbook = _read_small_part(archive, members["xl/workbook.xml"])
    rels_info = members.get("xl/_rels/workbook.xml.rels")
    targets: dict[str, str] = {}
    if rels_info is not None:
        for relationship in _read_small_part(archive, rels_info):
            target = relationship.get("Target", "")
            part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
            targets[relationship.get("Id", "")] = part
    parts: dict[str, str] = {}
    for element in workbook.iter():
        if element.tag.rsplit("}", 1)[-1] != "sheet":
            continue
        part = targets.get(element.get(f"{{{_RELATIONSHIP_NS}}}id", ""), "")
        info = members.get(part.lower())
        if info is not None:
            parts[element.get("name", "")] = info.filename
    return parts


@dataclass(frozen=True, slots=True)
class SheetScan:
    """Upper bound of calamine's dense grid and the first formula cell ("D7"), if any."""

    dense_cells: int
    first_formula: str | None


def scan_sheet(archive: zipfile.ZipFile, part: str) -> SheetScan:
    """One streaming pass over the sheet XML with byte-level searches (no XML parsing)."""
    max_row = _SHORT_ROWS
    max_col = _NARROW_COLUMNS
    formula: re.Pattern[bytes] | None = None
    cell_tag = b"<c"
    first_formula: str | None = None
    has_formula = False
    for body in _chunks(archive, part):
        if formula is None:
            root = _ROOT_PREFIX.search(body)
            prefix = root.group(1) + b":" if root and root.group(1) else b""
            formula = re.compile(b"<" + re.escape(prefix) + rb"f[\s/>]")
            cell_tag = b"<" + prefix + b"c"
        if not has_formula:
            found = formula.search(body)
            if found is not None:
                has_formula = True
                first_formula = _enclosing_cell_reference(body, found.start(), cell_tag)
        for letters, digits, letter, long_digits in _FAR_REFERENCE.findall(body):
            column = _column_number(letters or letter)
            row = int(digits or long_digits)
            if column > max_col:
                max_col = column
            if row > max_row:
                max_row = row
    if has_formula and first_formula is None:
        first_formula = _locate_first_formula(archive, part)
    return SheetScan(dense_cells=max_row * max_col, first_formula=first_formula)


def _enclosing_cell_reference(body: bytes, position: int, cell_tag: bytes) -> str | None:
    """The `r` of the <c> tag opening before `position`, read from the bytes; None sends the
    caller to the XML parser (cell without `r`, or its tag in the previous chunk)."""
    start = max(body.rfind(cell_tag + b" ", 0, position), body.rfind(cell_tag + b">", 0, position))
    if start < 0:
        return None
    reference = _CELL_REFERENCE.search(body, start, body.find(b">", start) + 1)
    return reference.group(1).decode("ascii").upper() if reference else None


def _chunks(archive: zipfile.ZipFile, part: str) -> Iterator[bytes]:
    """The decompressed part in ~1 MiB pieces, each cut before its last '<' so no tag is split."""
    tail = b""
    try:
        with archive.open(part) as stream:
            while chunk := stream.read(_CHUNK_BYTES):
                buffer = tail + chunk
                cut = buffer.rfind(b"<")
                if cut <= 0:
                    cut = max(len(buffer) - 64, 0)
                yield buffer[:cut]
                tail = buffer[cut:]
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, RuntimeError) as exc:
        raise errors.unreadable(f"{part}: {exc}") from exc
    if tail:
        yield tail


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number


def column_letters(index: int) -> str:
    """Excel column letters of a 0-based column index (0 → "A", 27 → "AB")."""
    letters = ""
    number = index + 1
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _locate_first_formula(archive: zipfile.ZipFile, part: str) -> str | None:
    """The reference of the first <c> holding an <f>, in document order (run only when one exists)."""
    row_index = 0
    col_index = 0
    reference = ""
    try:
        with archive.open(part) as stream:
            for event, element in ElementTree.iterparse(stream, events=("start", "end")):  # noqa: S314
                name = element.tag.rsplit("}", 1)[-1]
                if event == "start" and name == "row":
                    row_attr = element.get("r", "")
                    row_index = int(row_attr) - 1 if row_attr.isdigit() else row_index
                    col_index = 0
                elif event == "start" and name == "c":
                    cell_attr = element.get("r", "")
                    letters = cell_attr.rstrip("0123456789")
                    if letters:
                        col_index = _column_number(letters.encode()) - 1
                    reference = cell_attr.upper() or f"{column_letters(col_index)}{row_index + 1}"
                    col_index += 1
                elif event == "end" and name == "f":
                    return reference
                elif event == "end" and name == "row":
                    row_index += 1
                    element.clear()
    except (ElementTree.ParseError, zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError) as exc:
        raise errors.unreadable(f"{part}: {exc}") from exc
    return None
