"""open_table: formats sniffed from content, header detection, row streaming and every refusal.

Every fixture is generated in tmp_path: .xlsx with xlsxwriter/openpyxl or by hand (for exact XML),
.xls with xlwt, CSV as bytes, OLE2 containers with the small CFB writer below.
"""

import datetime
import struct
import time
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import xlsxwriter
import xlwt
from openpyxl.styles import Alignment
from python_calamine import CalamineWorkbook, PasswordError

from chengdan.core.spreadsheets import SpreadsheetError, SpreadsheetErrorCode, SpreadsheetLimits, open_table
from chengdan.core.spreadsheets.cfb import CompoundFile

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


# --- .xlsx ---------------------------------------------------------------------------------------


def test_xlsx_rows_keep_calamine_types_and_excel_row_numbers(tmp_path: Path) -> None:
    path = tmp_path / "客户.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet("客户")
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, ["客户名称", "员工数", "手机", "成立日期", None, None])
    sheet.write_row(1, 0, ["成都甲科技有限公司", 120, 13800138000])
    sheet.write_datetime(1, 3, datetime.datetime(2015, 6, 1), date_format)
    sheet.write_row(3, 0, ["乙公司"])  # row 3 is empty: skipped, but numbering follows Excel
    sheet.write(3, 5, "表头外的数据")  # beyond the last header: cut off
    workbook.close()

    table = open_table(path, "客户.xlsx")

    assert table.format == "xlsx"
    assert table.sheet_name == "客户"
    assert table.sheet_names == ["客户"]
    assert table.encoding is None
    assert table.header_row == 1
    assert table.headers == ["客户名称", "员工数", "手机", "成立日期"]
    assert list(table.rows()) == [
        (2, ["成都甲科技有限公司", 120.0, 13800138000.0, datetime.date(2015, 6, 1)]),
        (4, ["乙公司", "", "", ""]),
    ]
    mobile = table.preview(1)[0][1][2]
    assert isinstance(mobile, float)
    assert table.preview(1) == [(2, ["成都甲科技有限公司", 120.0, 13800138000.0, datetime.date(2015, 6, 1)])]
    assert table.column_letter(3) == "D"


def test_xlsx_merged_title_row_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "title.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet("Sheet1")
    sheet.merge_range("A1:C1", "2024年客户名单")
    sheet.write_row(1, 0, ["客户名称", "行业", "电话"])
    sheet.write_row(2, 0, ["甲公司", "制造业", "028-85551234"])
    workbook.close()

    table = open_table(path)

    assert table.header_row == 2
    assert table.headers == ["客户名称", "行业", "电话"]
    assert list(table.rows()) == [(3, ["甲公司", "制造业", "028-85551234"])]


def test_xlsx_two_row_header_joins_group_and_sub_headers(tmp_path: Path) -> None:
    path = tmp_path / "two_rows.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "客户"
    sheet["A1"] = "客户名单"
    sheet.merge_cells("A1:E1")
    sheet["A2"] = "客户名称"
    sheet.merge_cells("A2:A3")
    sheet["B2"] = "联系人"
    sheet.merge_cells("B2:D2")
    sheet["B3"], sheet["C3"], sheet["D3"] = "姓名", "手机", "邮箱"
    sheet["E2"] = "备注"
    sheet["E2"].alignment = Alignment(vertical="center")
    sheet.merge_cells("E2:E3")
    sheet.append(["甲公司", "张三", "13800138000", "zhang@example.com", "老客户"])
    workbook.save(path)

    table = open_table(path)

    assert table.header_row == 2
    assert table.headers == ["客户名称", "联系人/姓名", "联系人/手机", "联系人/邮箱", "备注"]
    assert list(table.rows()) == [(4, ["甲公司", "张三", "13800138000", "zhang@example.com", "老客户"])]


def test_merged_header_cell_fills_every_column_it_spans(tmp_path: Path) -> None:
    path = tmp_path / "wide.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet()
    sheet.write_row(0, 0, ["客户名称"])
    sheet.merge_range("B1:C1", "地址")
    sheet.write_row(1, 0, ["甲公司", "四川省", "成都市"])
    workbook.close()

    table = open_table(path)

    assert table.headers == ["客户名称", "地址", "地址_2"]
    assert list(table.rows()) == [(2, ["甲公司", "四川省", "成都市"])]


def test_duplicate_blank_and_trailing_headers(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "dup.xlsx",
        [["电话", "电话", "", "电话", " 备注\n说明 ", "", ""], ["1", "2", "3", "4", "5", "", "右侧无表头"]],
    )

    table = open_table(path)

    assert table.headers == ["电话", "电话_2", "列C", "电话_3", "备注 说明"]
    assert list(table.rows()) == [(2, ["1", "2", "3", "4", "5"])]


def test_known_headers_pick_the_header_below_a_wordy_preamble(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "preamble.xlsx",
        [
            ["填写说明", "请勿修改表头", "红色为必填"],
            ["客户名称", "手机(必填)", "邮箱"],
            ["甲公司", "13800138000", "a@example.com"],
        ],
    )

    assert open_table(path).header_row == 1
    table = open_table(path, known_headers=["客户名称", "手机", "邮箱"])
    assert table.header_row == 2
    assert table.headers == ["客户名称", "手机(必填)", "邮箱"]
    assert list(table.rows()) == [(3, ["甲公司", "13800138000", "a@example.com"])]


def test_header_row_and_sheet_can_be_chosen(tmp_path: Path) -> None:
    path = tmp_path / "sheets.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    hidden = workbook.add_worksheet("说明")
    hidden.write_row(0, 0, ["说明", "内容"])
    hidden.write_row(1, 0, ["x", "y"])
    hidden.hide()
    data = workbook.add_worksheet("数据")
    data.activate()
    data.write_row(0, 0, ["客户名称", "行业"])
    data.write_row(1, 0, ["甲公司", "制造"])
    data.write_row(2, 0, ["乙公司", "零售"])
    workbook.close()

    assert open_table(path).sheet_name == "数据"  # the hidden first sheet is not the default
    assert open_table(path, sheet_name="说明").headers == ["说明", "内容"]
    forced = open_table(path, header_row=2)
    assert forced.headers == ["甲公司", "制造"]
    assert list(forced.rows()) == [(3, ["乙公司", "零售"])]
    empty_header = refusal(path, header_row=5)
    assert empty_header.code == Code.HEADER_ROW_EMPTY
    assert empty_header.extra == {"header_row": 5}
    missing = refusal(path, sheet_name="客户")
    assert missing.code == Code.SHEET_NOT_FOUND
    assert missing.extra == {"sheet": "客户"}


def test_xlsx_formula_is_refused_naming_the_first_cell(tmp_path: Path) -> None:
    path = tmp_path / "formula.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet("Sheet1")
    sheet.write_row(0, 0, ["客户名称", "单价", "数量", "金额"])
    for row in range(1, 6):
        sheet.write_row(row, 0, [f"客户{row}", 10, 2, 20])
    sheet.write_formula(6, 3, "=B7*C7", None, 20)
    sheet.write_formula(7, 3, "=B8*C8", None, 20)
    workbook.close()

    error = refusal(path)

    assert error.code == Code.FORMULA_CELLS
    assert error.extra == {"cell": "Sheet1!D7"}
    assert "Sheet1!D7" in error.message


def test_formula_in_prefixed_sheet_xml_is_found(tmp_path: Path) -> None:
    path = write_raw_xlsx(
        tmp_path / "prefixed.xlsx",
        '<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1" t="s"><x:v>1</x:v></x:c></x:row>'
        '<x:row r="2"><x:c r="A2" t="s"><x:v>2</x:v></x:c><x:c r="B2"><x:f>1+1</x:f><x:v>2</x:v></x:c></x:row>',
        strings=("客户名称", "数量", "甲"),
        prefix="x",
    )

    error = refusal(path)

    assert error.code == Code.FORMULA_CELLS
    assert error.extra == {"cell": "Sheet1!B2"}


def test_formula_cell_without_reference_is_located_by_position(tmp_path: Path) -> None:
    path = write_raw_xlsx(
        tmp_path / "positional.xlsx",
        '<row r="1"><c t="s"><v>0</v></c><c t="s"><v>1</v></c></row>'
        '<row r="2"><c t="s"><v>2</v></c><c><f>1+1</f><v>2</v></c></row>',
        strings=("客户名称", "数量", "甲"),
    )

    assert refusal(path).extra == {"cell": "Sheet1!B2"}


def test_hand_written_xlsx_without_formulas_reads(tmp_path: Path) -> None:
    path = write_raw_xlsx(
        tmp_path / "plain.xlsx",
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
        '<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2"><v>3</v></c></row>',
        strings=("客户名称", "数量", "甲"),
    )

    table = open_table(path)

    assert table.headers == ["客户名称", "数量"]
    assert list(table.rows()) == [(2, ["甲", 3.0])]


def test_header_then_200000_empty_rows_is_fast_and_has_no_data(tmp_path: Path) -> None:
    # Empty shared strings are values to calamine, so its grid really spans 200,001 rows.
    empty_rows = "".join(f'<row r="{row}"><c r="A{row}" t="s"><v>2</v></c></row>' for row in range(2, 200_002))
    path = write_raw_xlsx(
        tmp_path / "empty_rows.xlsx",
        f'<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>{empty_rows}',
        strings=("客户名称", "电话", ""),
    )

    started = time.perf_counter()
    error = refusal(path)
    elapsed = time.perf_counter() - started

    assert error.code == Code.NO_DATA_ROWS
    assert error.extra == {"header_row": 1}
    assert elapsed < 15, elapsed  # seconds on a loaded 2-CPU box; a full walk of a bad design takes minutes


def test_long_empty_run_ends_the_table(tmp_path: Path) -> None:
    lines = ["客户名称,电话", "甲,1", "", "", "乙,2", *[""] * 6, "丙,3"]
    path = tmp_path / "gaps.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    table = open_table(path, limits=SpreadsheetLimits(max_consecutive_empty_rows=5))

    assert list(table.rows()) == [(2, ["甲", "1"]), (5, ["乙", "2"])]
    assert [number for number, _ in open_table(path).rows()] == [2, 5, 12]


def test_sparse_xlsx_is_refused_before_calamine_allocates(tmp_path: Path) -> None:
    path = tmp_path / "corners.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet()
    sheet.write(0, 0, "客户名称")
    sheet.write(1_048_575, 16_383, "x")  # XFD1048576: calamine would allocate 550 GB and abort
    workbook.close()

    error = refusal(path)

    assert error.code == Code.SHEET_TOO_LARGE
    assert error.extra == {"cells": 1_048_576 * 16_384, "limit": 32_000_000}


def test_lower_case_far_reference_is_caught(tmp_path: Path) -> None:
    path = write_raw_xlsx(
        tmp_path / "lower.xlsx",
        '<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="9"><c r="xfd9"><v>1</v></c></row>'
        '<row r="2000000"><c r="a2000000"><v>1</v></c></row>',
        strings=("客户名称",),
    )

    error = refusal(path)

    assert error.code == Code.SHEET_TOO_LARGE
    assert error.extra == {"cells": 2_000_000 * 16_384, "limit": 32_000_000}


def test_too_many_rows_names_the_limit(tmp_path: Path) -> None:
    rows = [["客户名称", "电话"], *([f"客户{index}", "1"] for index in range(4))]
    xlsx_path = write_xlsx(tmp_path / "rows.xlsx", rows)
    csv_path = tmp_path / "rows.csv"
    csv_path.write_text("\n".join(",".join(row) for row in rows), encoding="utf-8")

    for path in (xlsx_path, csv_path):
        error = refusal(path, max_rows=3)
        assert error.code == Code.TOO_MANY_ROWS
        assert error.extra == {"limit": 3}
        assert "3" in error.message
        assert len(list(open_table(path, max_rows=4).rows())) == 4


def test_empty_sheet_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "blank.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    workbook.add_worksheet("Sheet1")
    workbook.close()

    error = refusal(path)

    assert error.code == Code.SHEET_EMPTY
    assert error.extra == {"sheet": "Sheet1"}


def test_broken_sheet_xml_becomes_unreadable(tmp_path: Path) -> None:
    path = write_raw_xlsx(
        tmp_path / "broken.xlsx", '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</', strings=("a", "b")
    )

    assert refusal(path).code == Code.UNREADABLE


# --- .xls ----------------------------------------------------------------------------------------


def test_xls_reads_dates_numbers_and_skips_merged_title(tmp_path: Path) -> None:
    path = tmp_path / "legacy.xlsx"  # a wrong extension does not matter: content decides
    workbook = xlwt.Workbook(encoding="utf-8")
    sheet = workbook.add_sheet("客户")
    sheet.write_merge(0, 0, 0, 2, "2023年客户")
    for col, header in enumerate(["客户名称", "成立日期", "手机"]):
        sheet.write(1, col, header)
    sheet.write(2, 0, "甲公司")
    sheet.write(2, 1, datetime.date(2010, 3, 4), xlwt.easyxf(num_format_str="yyyy-mm-dd"))
    sheet.write(2, 2, 13800138000)
    workbook.save(str(path))

    table = open_table(path)

    assert table.format == "xls"
    assert table.sheet_name == "客户"
    assert table.header_row == 2
    assert table.headers == ["客户名称", "成立日期", "手机"]
    assert list(table.rows()) == [(3, ["甲公司", datetime.date(2010, 3, 4), 13800138000.0])]


def test_xls_formula_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "formula.xls"
    workbook = xlwt.Workbook(encoding="utf-8")
    sheet = workbook.add_sheet("Sheet1")
    sheet.write(0, 0, "客户名称")
    sheet.write(0, 1, "金额")
    sheet.write(1, 0, "甲")
    sheet.write(1, 1, xlwt.Formula("2*3"))
    workbook.save(str(path))

    error = refusal(path)

    assert error.code == Code.FORMULA_CELLS
    assert error.extra == {"cell": "Sheet1!B2"}


def test_sparse_xls_is_refused_before_calamine_parses(tmp_path: Path) -> None:
    path = tmp_path / "sparse.xls"
    workbook = xlwt.Workbook()
    sheet = workbook.add_sheet("S")
    sheet.write(0, 0, "客户名称")
    sheet.write(65_535, 255, "x")
    workbook.save(str(path))

    error = refusal(path, limits=SpreadsheetLimits(max_sheet_cells=1_000_000))
    assert error.code == Code.SHEET_TOO_LARGE
    assert error.extra == {"cells": 65_536 * 256, "limit": 1_000_000}

    # Column 16383 does not exist in .xls, but calamine trusts it and aborts the process.
    data = bytearray(path.read_bytes())
    far_cell = data.find(struct.pack("<HHHH", 0x00FD, 10, 65_535, 255))
    assert far_cell > 0
    data[far_cell + 6 : far_cell + 8] = struct.pack("<H", 16_383)
    path.write_bytes(bytes(data))
    error = refusal(path)
    assert error.code == Code.SHEET_TOO_LARGE
    assert error.extra == {"cells": 65_536 * 16_384, "limit": 32_000_000}


def test_encrypted_xls_is_refused_and_calamine_agrees(tmp_path: Path) -> None:
    path = write_xls(tmp_path / "secret.xls", [["客户名称", "电话"], ["甲", "1"]])
    data = bytearray(path.read_bytes())
    # Turn the 2-byte INTERFACEHDR record into a FILEPASS record (RC4 encryption) of the same size.
    header = data.find(struct.pack("<HH", 0x00E1, 2))
    assert header > 0
    data[header : header + 6] = struct.pack("<HHH", 0x002F, 2, 1)
    path.write_bytes(bytes(data))

    with pytest.raises(PasswordError):
        CalamineWorkbook.from_path(str(path))
    error = refusal(path)
    assert error.code == Code.ENCRYPTED


# --- OLE2 containers -----------------------------------------------------------------------------


def test_encrypted_ooxml_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "secret.xlsx"
    path.write_bytes(
        build_cfb(
            {
                "EncryptionInfo": b"\x04\x00\x04\x00\x40\x00\x00\x00" + b"<encryption/>".ljust(200, b" "),
                "EncryptedPackage": struct.pack("<Q", 5000) + bytes(5000),
            }
        )
    )

    error = refusal(path)

    assert error.code == Code.ENCRYPTED
    assert "密码" in error.message


def test_cfb_writer_and_reader_agree_on_streams(tmp_path: Path) -> None:
    small, large = b"small stream" * 10, bytes(range(256)) * 20
    compound = CompoundFile(build_cfb({"Small": small, "Large": large}))

    assert compound.stream_names() == {"Root Entry", "Small", "Large"}
    assert compound.read_stream("small") == small
    assert compound.read_stream("Large") == large


def test_small_workbook_stream_with_filepass_is_refused(tmp_path: Path) -> None:
    stream = biff_record(0x0809, struct.pack("<HHHHII", 0x0600, 0x0005, 0, 0, 0, 0)) + biff_record(0x002F, b"\x01\x00")
    path = tmp_path / "tiny.xls"
    path.write_bytes(build_cfb({"Workbook": stream + biff_record(0x000A)}))

    assert refusal(path).code == Code.ENCRYPTED


def test_other_ole2_documents_are_not_spreadsheets(tmp_path: Path) -> None:
    path = tmp_path / "report.xls"
    path.write_bytes(build_cfb({"WordDocument": bytes(600)}))

    error = refusal(path)

    assert error.code == Code.NOT_SPREADSHEET
    assert error.extra == {"detected": "ole2"}


# --- not spreadsheets, bombs ---------------------------------------------------------------------


def test_zero_byte_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.xlsx"
    path.write_bytes(b"")

    error = refusal(path)

    assert error.code == Code.FILE_EMPTY
    assert error.status == 422


@pytest.mark.parametrize(
    ("content", "detected"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(100), "png"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "pdf"),
        (bytes(range(256)) * 40, "binary"),
        (b"<html><body><table><tr><td>\xe5\xae\xa2\xe6\x88\xb7</td></tr></table></body></html>", "html"),
    ],
)
def test_non_spreadsheets_renamed_xlsx_are_refused(tmp_path: Path, content: bytes, detected: str) -> None:
    path = tmp_path / "客户.xlsx"
    path.write_bytes(content)

    error = refusal(path)

    assert error.code == Code.NOT_SPREADSHEET
    assert error.extra == {"detected": detected}


def test_zip_without_workbook_is_not_a_spreadsheet(tmp_path: Path) -> None:
    path = tmp_path / "document.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<document/>")

    assert refusal(path).extra == {"detected": "zip"}


def test_zip_bomb_is_refused_by_ratio_and_by_total_size(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "bomb.xlsx", [["客户名称"], ["甲"]])
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive, archive.open("xl/media/zeros.bin", "w") as member:
        for _ in range(4):
            member.write(bytes(1 << 20))

    assert [row for row in open_table(path).rows()] == [(2, ["甲"])]  # within the default limits
    by_ratio = refusal(path, limits=SpreadsheetLimits(compression_ratio_min_bytes=1 << 20))
    assert by_ratio.code == Code.TOO_LARGE
    assert by_ratio.extra["reason"].startswith("xl/media/zeros.bin compressed ")
    by_total = refusal(path, limits=SpreadsheetLimits(max_uncompressed_bytes=2 << 20))
    assert by_total.code == Code.TOO_LARGE
    assert by_total.extra["reason"].endswith("bytes uncompressed")


def test_declared_uncompressed_size_is_checked_before_any_parsing(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "declared.xlsx", [["客户名称"], ["甲"]])
    data = bytearray(path.read_bytes())
    central = data.find(b"PK\x01\x02")
    data[central + 24 : central + 28] = struct.pack("<I", 0x7FFFFFFF)  # claims 2 GiB
    path.write_bytes(bytes(data))

    error = refusal(path)

    assert error.code == Code.TOO_LARGE


# --- CSV -----------------------------------------------------------------------------------------

CSV_TEXT = "客户名称,联系人,手机\n成都甲科技有限公司,张三,13800138000\n重庆乙商贸,李四,13900139000\n"


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("gb18030", "gb18030"), ("gbk", "gb18030")],
)
def test_csv_encodings(tmp_path: Path, encoding: str, expected: str) -> None:
    path = tmp_path / "客户.csv"
    path.write_bytes(CSV_TEXT.encode(encoding))

    table = open_table(path)

    assert table.format == "csv"
    assert table.encoding == expected
    assert table.sheet_name is None
    assert table.headers == ["客户名称", "联系人", "手机"]
    assert list(table.rows()) == [
        (2, ["成都甲科技有限公司", "张三", "13800138000"]),
        (3, ["重庆乙商贸", "李四", "13900139000"]),
    ]


def test_gbk_after_a_long_ascii_prefix_is_confirmed_on_the_whole_file(tmp_path: Path) -> None:
    ascii_rows = "".join(f"company {index},contact,13800000000\n" for index in range(5000))
    path = tmp_path / "late.csv"
    path.write_bytes(("name,contact,mobile\n" + ascii_rows + "最后一家,王五,13700000000\n").encode("gbk"))

    table = open_table(path)

    assert table.encoding == "gb18030"
    assert list(table.rows())[-1] == (5002, ["最后一家", "王五", "13700000000"])


def test_undecodable_csv_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "odd.csv"
    path.write_bytes(b"name,phone\nabc,\xff\xff\n")

    assert refusal(path).code == Code.CSV_ENCODING


@pytest.mark.parametrize(
    ("content", "delimiter_free_headers"),
    [
        ("客户名称\t备注\n甲\t有逗号, 也没关系\n", ["客户名称", "备注"]),
        ("客户名称;备注\n甲;有逗号, 也没关系\n", ["客户名称", "备注"]),
        ("客户名称|备注\n甲|有逗号, 也没关系\n", ["客户名称", "备注"]),
        ("sep=;\n客户名称;备注\n甲;有逗号, 也没关系\n", ["客户名称", "备注"]),
        ('客户名称,备注\n甲,"有逗号, 也没关系"\n', ["客户名称", "备注"]),
    ],
)
def test_csv_delimiters(tmp_path: Path, content: str, delimiter_free_headers: list[str]) -> None:
    path = tmp_path / "d.csv"
    path.write_text(content, encoding="utf-8")

    table = open_table(path)

    assert table.headers == delimiter_free_headers
    assert list(table.rows()) == [(2, ["甲", "有逗号, 也没关系"])]


def test_csv_header_with_200000_empty_lines_has_no_data(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_text("客户名称,电话\n" + ",\n" * 200_000, encoding="utf-8")

    error = refusal(path)

    assert error.code == Code.NO_DATA_ROWS
    assert error.extra == {"header_row": 1}


def test_csv_utf16_excel_unicode_text(tmp_path: Path) -> None:
    path = tmp_path / "unicode.txt"
    path.write_bytes("客户名称\t电话\r\n甲\t028-1\r\n".encode("utf-16"))

    table = open_table(path)

    assert table.encoding == "utf-16"
    assert list(table.rows()) == [(2, ["甲", "028-1"])]
