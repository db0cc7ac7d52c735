"""Refusals of the spreadsheet reader: stable codes, bilingual messages and the size limits."""

from dataclasses import dataclass
from enum import StrEnum

from chengdan.core.errors import DomainError, localized

GIB = 1024**3
MIB = 1024**2

# Sum of the declared uncompressed sizes of every member of an .xlsx package.
MAX_UNCOMPRESSED_BYTES = 1 * GIB
# A member this large must not be compressed more than MAX_COMPRESSION_RATIO times (zip bomb).
COMPRESSION_RATIO_MIN_BYTES = 50 * MIB
MAX_COMPRESSION_RATIO = 200
MAX_ZIP_ENTRIES = 10_000
# workbook.xml and its relationships are parsed whole; real ones are a few KiB.
MAX_WORKBOOK_PART_BYTES = 64 * MIB
# python-calamine materialises a sheet as a dense rows x columns grid of 32-byte cells, and aborts
# the whole process when that allocation fails, so the bounding box is checked before parsing.
MAX_SHEET_CELLS = 32_000_000
# A run of this many empty rows ends the data ("a million empty rows" formatted by accident).
MAX_CONSECUTIVE_EMPTY_ROWS = 10_000
# Rows searched for the header (title rows above it are skipped).
HEADER_SCAN_ROWS = 10
DEFAULT_MAX_ROWS = 1_000_000


@dataclass(frozen=True, slots=True)
class SpreadsheetLimits:
    """Safety limits; the defaults are the module constants, tests pass smaller ones."""

    max_uncompressed_bytes: int = MAX_UNCOMPRESSED_BYTES
    compression_ratio_min_bytes: int = COMPRESSION_RATIO_MIN_BYTES
    max_compression_ratio: float = MAX_COMPRESSION_RATIO
    max_zip_entries: int = MAX_ZIP_ENTRIES
    max_sheet_cells: int = MAX_SHEET_CELLS
    max_consecutive_empty_rows: int = MAX_CONSECUTIVE_EMPTY_ROWS


DEFAULT_LIMITS = SpreadsheetLimits()


class SpreadsheetErrorCode(StrEnum):
    """Why an uploaded table was refused; the SPA translates these codes."""

    FILE_EMPTY = "import.file_empty"
    NOT_SPREADSHEET = "import.file_not_spreadsheet"
    ENCRYPTED = "import.file_encrypted"
    TOO_LARGE = "import.file_too_large"
    SHEET_TOO_LARGE = "import.sheet_too_large"
    UNREADABLE = "import.file_unreadable"
    CSV_ENCODING = "import.csv_encoding_unknown"
    SHEET_NOT_FOUND = "import.sheet_not_found"
    SHEET_EMPTY = "import.sheet_empty"
    HEADER_ROW_EMPTY = "import.header_row_empty"
    NO_DATA_ROWS = "import.no_data_rows"
    TOO_MANY_ROWS = "import.too_many_rows"
    FORMULA_CELLS = "import.formula_cells"


class SpreadsheetError(DomainError):
    """An uploaded file that cannot be imported; `extra` carries the details (limit, cell, row)."""

    def __init__(self, code: SpreadsheetErrorCode, message: str, **extra: object) -> None:
        super().__init__(code, message, extra=dict(extra))


def file_empty() -> SpreadsheetError:
    return SpreadsheetError(
        SpreadsheetErrorCode.FILE_EMPTY, localized("文件是空的（0 字节）。", "The file is empty (0 bytes).")
    )


def not_spreadsheet(detected: str | None = None) -> SpreadsheetError:
    return SpreadsheetError(
        SpreadsheetErrorCode.NOT_SPREADSHEET,
        localized(
            "无法识别的文件格式，请上传 .xlsx、.xls 或 .csv 表格文件。",
            "Unrecognised file format; upload an .xlsx, .xls or .csv spreadsheet.",
        ),
        detected=detected,
    )


def encrypted() -> SpreadsheetError:
    return SpreadsheetError(
        SpreadsheetErrorCode.ENCRYPTED,
        localized(
            "文件设置了打开密码，请在 Excel/WPS 中取消密码后另存再上传。",
            "The workbook is password-protected; remove the password in Excel/WPS, save and upload again.",
        ),
    )


def too_large(reason: str) -> SpreadsheetError:
    return SpreadsheetError(
        SpreadsheetErrorCode.TOO_LARGE,
        localized(
            "文件解压后过大或压缩比异常，已拒绝处理。请拆分后再上传。",
            "The file expands to too much data or is compressed abnormally; split it and upload again.",
        ),
        reason=reason,
    )


def sheet_too_large(cells: int, limit: int) -> SpreadsheetError:
    return SpreadsheetError(
        SpreadsheetErrorCode.SHEET_TOO_LARGE,
        localized(
            f"工作表的使用区域过大（约 {cells:,} 个单元格，上限 {limit:,}）。请删除远处的多余单元格或拆分文件。",
            f"The sheet's used area is too large (about {cells:,} cells, limit {limit:,}); "
            "delete stray far-away cells or split the file.",
        ),
        cells=cells,
        limit=limit,
    )


def unreadable(detail: str) -> SpreadsheetError:
    return SpreadsheetError(
        SpreadsheetErrorCode.UNREADABLE,
        localized(
            "文件已损坏或格式异常，无法读取。请用 Excel/WPS 打开后另存为 .xlsx 再上传。",
            "The file is damaged or malformed; open it in Excel/WPS, save it as .xlsx and upload again.",
        ),
        detail=detail[:300],
    )


def csv_encoding() -> SpreadsheetError:
    return SpreadsheetError(
        SpreadsheetErrorCode.CSV_ENCODING,
        localized(
            "无法识别 CSV 文件的文字编码，请另存为“CSV UTF-8”格式后再上传。",
            "The CSV file's text encoding is not recognised; save it as 'CSV UTF-8' and upload again.",
        ),
    )


def sheet_not_found(name: str) -> SpreadsheetError:
    return SpreadsheetError(
        SpreadsheetErrorCode.SHEET_NOT_FOUND,
        localized(f"找不到工作表“{name}”。", f"There is no sheet named '{name}'."),
        sheet=name,
    )


def sheet_empty(sheet: str | None) -> SpreadsheetError:
    return SpreadsheetError(
        SpreadsheetErrorCode.SHEET_EMPTY,
        localized("表格中没有任何内容。", "The sheet has no content."),
        sheet=sheet,
    )


def header_row_empty(header_row: int) -> SpreadsheetError:
    return SpreadsheetError(
        SpreadsheetErrorCode.HEADER_ROW_EMPTY,
        localized(f"第 {header_row} 行是空行，不能作为表头。", f"Row {header_row} is empty and cannot be the header."),
        header_row=header_row,
    )


def no_data_rows(header_row: int) -> SpreadsheetError:
    return SpreadsheetError(
        SpreadsheetErrorCode.NO_DATA_ROWS,
        localized(
            f"第 {header_row} 行是表头，但下面没有数据行。",
            f"Row {header_row} is the header, but no data rows follow it.",
        ),
        header_row=header_row,
    )


def too_many_rows(limit: int) -> SpreadsheetError:
    return SpreadsheetError(
        SpreadsheetErrorCode.TOO_MANY_ROWS,
        localized(
            f"数据行超过上限 {limit:,} 行，请拆分文件后分批导入。",
            f"The file has more than {limit:,} data rows; split it and import in batches.",
        ),
        limit=limit,
    )


def formula_cells(cell: str) -> SpreadsheetError:
    return SpreadsheetError(
        SpreadsheetErrorCode.FORMULA_CELLS,
        localized(
            f"表格含有公式（第一个在 {cell}）。请复制全部数据后“选择性粘贴 → 数值”，保存后再上传。",
            f"The sheet contains formulas (first at {cell}). Copy the data and use Paste Special → Values, "
            "then save and upload again.",
        ),
        cell=cell,
    )
