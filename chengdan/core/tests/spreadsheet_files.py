"""Spreadsheet fixtures built in tmp_path: .xlsx (xlsxwriter, openpyxl or raw XML), .xls (xlwt), OLE2 containers."""

import datetime
import struct
import zipfile
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter
import xlwt

from chengdan.core.spreadsheets import SpreadsheetError, SpreadsheetErrorCode, open_table

Code = SpreadsheetErrorCode


def refusal(path: Path, **kwargs: Any) -> SpreadsheetError:
    with pytest.raises(SpreadsheetError) as caught:
        open_table(path, **kwargs)
    return caught.value


def write_xlsx(path: Path, rows: list[list[Any]], sheet: str = "客户") -> Path:
    workbook = xlsxwriter.Workbook(str(path))
    worksheet = workbook.add_worksheet(sheet)
    for index, row in enumerate(rows):
        worksheet.write_row(index, 0, row)
    workbook.close()
    return path


def write_raw_xlsx(path: Path, sheet_data: str, strings: tuple[str, ...] = (), prefix: str = "") -> Path:
    """A minimal package around hand-written <sheetData> content (optionally with an `x:` prefix)."""
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel_ns = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    tag = f"{prefix}:" if prefix else ""
    xmlns = f"xmlns:{prefix}" if prefix else "xmlns"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
            'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType='
            '"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        archive.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{ns}" xmlns:r="{rel_ns}"><sheets>'
            '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://'
            'schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
            "</Relationships>",
        )
        items = "".join(f"<si><t>{text}</t></si>" for text in strings)
        archive.writestr(
            "xl/sharedStrings.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{ns}" count="{len(strings)}" '
            f'uniqueCount="{len(strings)}">{items}</sst>',
        )
        archive.writestr(
            "xl/worksheets/sheet1.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><{tag}worksheet {xmlns}="{ns}"><{tag}sheetData>{sheet_data}'
            f"</{tag}sheetData></{tag}worksheet>",
        )
    return path


def build_cfb(streams: dict[str, bytes]) -> bytes:
    """A valid OLE2 compound file (version 3, 512-byte sectors) holding `streams` at the root.
    Streams under 4096 bytes go to the mini stream, as the format requires."""
    sector_size, mini_size, cutoff = 512, 64, 4096
    end_of_chain, free, fat_sector, no_stream = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
    fat: list[int] = [fat_sector]
    sectors: list[bytes] = [b""]  # sector 0 holds the FAT, filled in last

    def allocate(data: bytes) -> int:
        count = max(1, -(-len(data) // sector_size))
        start = len(sectors)
        for index in range(count):
            sectors.append(data[index * sector_size : (index + 1) * sector_size].ljust(sector_size, b"\0"))
            fat.append(start + index + 1 if index < count - 1 else end_of_chain)
        return start

    mini_stream = b""
    mini_fat: list[int] = []
    placement: dict[str, tuple[int, int]] = {}
    for name, data in streams.items():
        if len(data) < cutoff:
            start = len(mini_stream) // mini_size
            count = max(1, -(-len(data) // mini_size))
            mini_stream += data.ljust(count * mini_size, b"\0")
            mini_fat.extend(start + index + 1 if index < count - 1 else end_of_chain for index in range(count))
            placement[name] = (start, len(data))
    names = list(streams)
    directory_size = -(-(len(names) + 1) // 4) * sector_size
    directory_start = allocate(b"\0" * directory_size)
    mini_fat_start = allocate(struct.pack(f"<{len(mini_fat)}I", *mini_fat)) if mini_fat else end_of_chain
    mini_stream_start = allocate(mini_stream) if mini_stream else end_of_chain
    for name, data in streams.items():
        if len(data) >= cutoff:
            placement[name] = (allocate(data), len(data))

    def entry(name: str, kind: int, child: int, right: int, start: int, size: int) -> bytes:
        encoded = name.encode("utf-16-le") + b"\0\0"
        return (
            encoded.ljust(64, b"\0")
            + struct.pack("<HBBIII", len(encoded), kind, 1, no_stream, right, child)
            + bytes(16 + 4 + 16)
            + struct.pack("<IQ", start, size)
        )

    directory = entry("Root Entry", 5, 1 if names else no_stream, no_stream, mini_stream_start, len(mini_stream))
    for index, name in enumerate(names):
        right = index + 2 if index + 1 < len(names) else no_stream
        directory += entry(name, 2, no_stream, right, *placement[name])
    for index in range(directory_size // sector_size):
        sectors[directory_start + index] = directory[index * sector_size : (index + 1) * sector_size].ljust(
            sector_size, b"\0"
        )
    assert len(fat) <= sector_size // 4
    sectors[0] = struct.pack(f"<{sector_size // 4}I", *(fat + [free] * (sector_size // 4 - len(fat))))
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + bytes(16)
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + bytes(6)
        + struct.pack(
            "<IIIIIIIII",
            0,
            1,
            directory_start,
            0,
            cutoff,
            mini_fat_start,
            -(-len(mini_fat) * 4 // 512),
            end_of_chain,
            0,
        )
        + struct.pack("<109I", 0, *([free] * 108))
    )
    return header + b"".join(sectors)


def biff_record(kind: int, data: bytes = b"") -> bytes:
    return struct.pack("<HH", kind, len(data)) + data


def write_xls(path: Path, rows: list[list[Any]], sheet: str = "客户") -> Path:
    workbook = xlwt.Workbook(encoding="utf-8")
    worksheet = workbook.add_sheet(sheet)
    date_style = xlwt.easyxf(num_format_str="yyyy-mm-dd")
    for row_index, row in enumerate(rows):
        for col_index, value in enumerate(row):
            if isinstance(value, datetime.date):
                worksheet.write(row_index, col_index, value, date_style)
            else:
                worksheet.write(row_index, col_index, value)
    workbook.save(str(path))
    return path
