"""open_table refuses unsafe or unusable files with a clear code: formulas, oversize grids, encryption, bombs."""

import struct
import zipfile
from pathlib import Path

import pytest
import xlsxwriter
import xlwt
from python_calamine import CalamineWorkbook, PasswordError

from chengdan.core.spreadsheets import SpreadsheetLimits, open_table
from chengdan.core.spreadsheets.cfb import CompoundFile
from chengdan.core.tests.spreadsheet_files import (
    Code,
    biff_record,
    build_cfb,
    refusal,
    write_raw_xlsx,
    write_xls,
    write_xlsx,
)


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
