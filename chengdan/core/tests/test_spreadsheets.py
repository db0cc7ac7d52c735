"""open_table: formats sniffed from content, header detection and row streaming (fixtures from spreadsheet_files)."""

import datetime
import time
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
import xlwt
from openpyxl.styles import Alignment

from chengdan.core.spreadsheets import SpreadsheetLimits, open_table
from chengdan.core.tests.spreadsheet_files import (
    Code,
    refusal,
    write_raw_xlsx,
    write_xlsx,
)


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
