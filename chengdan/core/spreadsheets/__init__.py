"""Safe, fast reading of uploaded spreadsheets (.xlsx, .xls, .csv) for the import wizards.

`open_table(path)` sniffs the format from the content, refuses unsafe or unusable files with a
`SpreadsheetError` (codes in `SpreadsheetErrorCode`), finds the header row and streams data rows.
"""

from chengdan.core.spreadsheets.errors import (
    DEFAULT_LIMITS,
    DEFAULT_MAX_ROWS,
    SpreadsheetError,
    SpreadsheetErrorCode,
    SpreadsheetLimits,
)
from chengdan.core.spreadsheets.reader import Table, TableFormat, open_table

__all__ = [
    "DEFAULT_LIMITS",
    "DEFAULT_MAX_ROWS",
    "SpreadsheetError",
    "SpreadsheetErrorCode",
    "SpreadsheetLimits",
    "Table",
    "TableFormat",
    "open_table",
]
