"""CSV uploads: encoding detection (UTF-8 with/without BOM, GB18030, UTF-16 with BOM), delimiter
sniffing and lazy row iteration."""

import codecs
import csv
import io
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from chengdan.core.spreadsheets import errors

SAMPLE_BYTES = 64 * 1024
_CHUNK_BYTES = 1 << 20
# Tried in order on a sample, then confirmed on the whole file. GB18030 is a superset of GBK and
# GB2312, which is what Excel and WPS write for "CSV (逗号分隔)" on Chinese Windows.
_ENCODINGS = ("utf-8", "gb18030")
_DELIMITERS = (",", "\t", ";", "|")
_SNIFF_RECORDS = 50
_SEP_LINE = re.compile(r"^sep=(.)\r?\n")
# Excel's "CSV" save of an HTML or XML table is not a CSV.
_MARKUP_START = re.compile(r"^\s*<(?:!doctype|html|table|\?xml)", re.IGNORECASE)
_TEXT_CONTROLS = frozenset(b"\t\n\r\f\v\x1a")


@dataclass(frozen=True, slots=True)
class CsvFormat:
    """How to read the file: codec, delimiter, leading lines to skip, line count (an upper bound
    on the number of records)."""

    encoding: str
    delimiter: str
    skip_lines: int
    line_count: int


def looks_binary(head: bytes) -> bool:
    """NUL bytes or many control characters: an image, archive or other binary file."""
    if b"\x00" in head:
        return True
    controls = sum(1 for byte in head if byte < 0x20 and byte not in _TEXT_CONTROLS)
    return controls > max(len(head) // 100, 0)


def sniff_csv(path: Path, head: bytes) -> CsvFormat:
    """Decide encoding and delimiter; refuse binary content and undecodable text."""
    if head.startswith(codecs.BOM_UTF8):
        candidates: tuple[str, ...] = ("utf-8-sig",)
    elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ("utf-16",)
    elif looks_binary(head):
        raise errors.not_spreadsheet("binary")
    else:
        candidates = tuple(encoding for encoding in _ENCODINGS if _decodes_prefix(head, encoding))
    for encoding in candidates:
        line_count = _count_lines(path, encoding)
        if line_count is not None:
            break
    else:
        raise errors.csv_encoding()
    sample = codecs.getincrementaldecoder(encoding)(errors="replace").decode(head, final=False)
    if _MARKUP_START.match(sample):
        raise errors.not_spreadsheet("html")
    skip_lines = 0
    separator = _SEP_LINE.match(sample)
    if separator:
        delimiter, skip_lines = separator.group(1), 1
        line_count -= 1
    else:
        delimiter = _sniff_delimiter(sample)
    return CsvFormat(encoding=encoding, delimiter=delimiter, skip_lines=skip_lines, line_count=line_count)


def _decodes_prefix(head: bytes, encoding: str) -> bool:
    try:
        codecs.getincrementaldecoder(encoding)(errors="strict").decode(head, final=False)
    except UnicodeDecodeError:
        return False
    return True


def _count_lines(path: Path, encoding: str) -> int | None:
    """Lines in the whole file when it decodes strictly in `encoding`, else None."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    lines = 1
    try:
        with path.open("rb") as stream:
            while chunk := stream.read(_CHUNK_BYTES):
                lines += decoder.decode(chunk).count("\n")
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return None
    except OSError as exc:
        raise errors.unreadable(f"csv: {exc}") from exc
    return lines


def _sniff_delimiter(sample: str) -> str:
    """The candidate that splits the first records into the most consistent, widest rows."""
    cut = sample.rfind("\n")
    text = sample[: cut + 1] if cut > 0 else sample
    best, best_score = ",", (0.0, 0)
    for delimiter in _DELIMITERS:
        try:
            records = [
                len(record)
                for record in islice(csv.reader(io.StringIO(text), delimiter=delimiter), _SNIFF_RECORDS)
                if any(field.strip() for field in record)
            ]
        except csv.Error:
            continue
        if not records:
            continue
        width, frequency = Counter(records).most_common(1)[0]
        if width < 2:
            continue
        score = (frequency / len(records), width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def iter_csv_rows(path: Path, csv_format: CsvFormat) -> Iterator[list[str]]:
    """Records as lists of strings, lazily; a malformed record becomes `import.file_unreadable`."""
    try:
        with path.open(encoding=csv_format.encoding, newline="") as stream:
            for _ in range(csv_format.skip_lines):
                stream.readline()
            yield from csv.reader(stream, delimiter=csv_format.delimiter)
    except (csv.Error, UnicodeDecodeError, OSError) as exc:
        raise errors.unreadable(f"csv: {exc}") from exc
