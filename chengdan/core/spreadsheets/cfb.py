"""A minimal reader for OLE2 compound files (.xls, encrypted .xlsx): directory names and streams.

Only what the import needs: which streams exist (a `Workbook` stream means .xls, `EncryptionInfo`
means a password-protected OOXML package) and the bytes of one stream for the .xls pre-scan.
Malformed structures raise `CfbError`; chains are bounded so a crafted file cannot loop.
"""

import struct
from dataclasses import dataclass

SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_END_OF_CHAIN = 0xFFFFFFFE
_FREE = 0xFFFFFFFF
_MAX_REGULAR_SECTOR = 0xFFFFFFFA
_STREAM = 2
_ROOT = 5


class CfbError(ValueError):
    """The compound file structure is broken."""


@dataclass(frozen=True, slots=True)
class DirectoryEntry:
    name: str
    kind: int
    start: int
    size: int


class CompoundFile:
    """Directory and stream access over the whole file held in memory."""

    def __init__(self, data: bytes) -> None:
        if len(data) < 512 or not data.startswith(SIGNATURE):
            raise CfbError("not an OLE2 compound file")
        self._data = data
        sector_shift, mini_shift = struct.unpack_from("<HH", data, 0x1E)
        if sector_shift not in (9, 12) or mini_shift != 6:
            raise CfbError("unsupported sector size")
        self._sector_size = 1 << sector_shift
        self._mini_size = 1 << mini_shift
        self._sector_count = max(0, (len(data) - self._sector_size) // self._sector_size + 1)
        fat_sectors_count, first_dir = struct.unpack_from("<II", data, 0x2C)
        (self._mini_cutoff, first_mini_fat, mini_fat_count, first_difat, difat_count) = struct.unpack_from(
            "<IIIII", data, 0x38
        )
        fat_sector_ids = self._fat_sector_ids(fat_sectors_count, first_difat, difat_count)
        per_sector = self._sector_size // 4
        fat_bytes = b"".join(self._sector(sector) for sector in fat_sector_ids)
        self._fat = struct.unpack(f"<{per_sector * len(fat_sector_ids)}I", fat_bytes)
        self.entries = self._read_directory(first_dir)
        self._mini_fat: tuple[int, ...] = ()
        self._mini_stream = b""
        if mini_fat_count and first_mini_fat <= _MAX_REGULAR_SECTOR:
            mini_fat_bytes = self._read_chain(first_mini_fat)
            self._mini_fat = struct.unpack(
                f"<{len(mini_fat_bytes) // 4}I", mini_fat_bytes[: len(mini_fat_bytes) // 4 * 4]
            )
            root = next((entry for entry in self.entries if entry.kind == _ROOT), None)
            if root is not None and root.start <= _MAX_REGULAR_SECTOR:
                self._mini_stream = self._read_chain(root.start)[: root.size]

    def stream_names(self) -> set[str]:
        """Names of every stream and storage in the file."""
        return {entry.name for entry in self.entries}

    def read_stream(self, name: str) -> bytes:
        """The bytes of the first stream called `name` (case-insensitive, as OLE2 compares them)."""
        wanted = name.casefold()
        entry = next((e for e in self.entries if e.kind == _STREAM and e.name.casefold() == wanted), None)
        if entry is None:
            raise CfbError(f"no stream {name}")
        if entry.size < self._mini_cutoff:
            return self._read_mini_chain(entry.start, entry.size)
        return self._read_chain(entry.start)[: entry.size]

    def _sector(self, sector: int) -> bytes:
        if sector >= self._sector_count:
            raise CfbError("sector outside the file")
        offset = (sector + 1) * self._sector_size
        return self._data[offset : offset + self._sector_size]

    def _fat_sector_ids(self, count: int, first_difat: int, difat_count: int) -> list[int]:
        if count > self._sector_count:
            raise CfbError("FAT larger than the file")
        ids = list(struct.unpack_from("<109I", self._data, 0x4C))
        sector = first_difat
        for _ in range(min(difat_count, self._sector_count)):
            if sector > _MAX_REGULAR_SECTOR:
                break
            values = struct.unpack(f"<{self._sector_size // 4}I", self._sector(sector))
            ids.extend(values[:-1])
            sector = values[-1]
        return [sector for sector in ids[:count] if sector <= _MAX_REGULAR_SECTOR]

    def _read_chain(self, start: int) -> bytes:
        parts: list[bytes] = []
        sector = start
        for _ in range(self._sector_count + 1):
            if sector in (_END_OF_CHAIN, _FREE):
                return b"".join(parts)
            if sector >= len(self._fat):
                raise CfbError("broken sector chain")
            parts.append(self._sector(sector))
            sector = self._fat[sector]
        raise CfbError("sector chain loops")

    def _read_mini_chain(self, start: int, size: int) -> bytes:
        parts: list[bytes] = []
        sector = start
        for _ in range(len(self._mini_fat) + 1):
            if sector in (_END_OF_CHAIN, _FREE):
                return b"".join(parts)[:size]
            if sector >= len(self._mini_fat):
                raise CfbError("broken mini sector chain")
            offset = sector * self._mini_size
            parts.append(self._mini_stream[offset : offset + self._mini_size])
            sector = self._mini_fat[sector]
        raise CfbError("mini sector chain loops")

    def _read_directory(self, first_dir: int) -> list[DirectoryEntry]:
        raw = self._read_chain(first_dir)
        entries = []
        for offset in range(0, len(raw) - 127, 128):
            name_length, kind = struct.unpack_from("<HB", raw, offset + 0x40)
            if kind not in (1, _STREAM, _ROOT) or not 2 <= name_length <= 64:
                continue
            name = raw[offset : offset + name_length - 2].decode("utf-16-le", errors="replace")
            start, size = struct.unpack_from("<IQ", raw, offset + 0x74)
            entries.append(DirectoryEntry(name=name, kind=kind, start=start, size=size & 0xFFFFFFFF))
        return entries
