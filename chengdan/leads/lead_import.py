"""Importing leads from .xlsx/.xls/.csv: each row goes through capture (dedupe, score, assignment) as source import.

Synchronous for up to 5,000 rows. Every row is captured inside one outer transaction; when any row
fails (and bad rows are not to be skipped), or on a dry run, the whole transaction rolls back, so a
dry run reports exactly what an import would do and a refused import writes nothing.
"""

import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from chengdan.access import engine
from chengdan.accounts.models import User
from chengdan.core.errors import localized, validation_error
from chengdan.core.header_mapping import FieldTarget, auto_map
from chengdan.core.spreadsheets import open_table
from chengdan.core.spreadsheets.headers import cell_text
from chengdan.leads import capture
from chengdan.leads.choices import LeadSource
from chengdan.leads.permissions import LEADS

MAX_ROWS = 5000
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
REGION_PARTS = ("region", "province", "city", "district")
# Lead fields and the headers that mean them (Chinese templates, English CRM exports).
LEAD_IMPORT_TARGETS: tuple[FieldTarget, ...] = (
    FieldTarget("name", ("姓名", "联系人", "联系人姓名", "客户姓名", "Name", "Full Name", "Contact Name", "Contact")),
    FieldTarget(
        "mobile", ("手机", "手机号", "手机号码", "移动电话", "联系电话", "电话", "Mobile", "Mobile Phone", "Phone")
    ),
    FieldTarget("email", ("邮箱", "电子邮箱", "电子邮件", "邮件", "Email", "E-mail", "Email Address")),
    FieldTarget("wechat", ("微信", "微信号", "WeChat", "WeChat ID")),
    FieldTarget("title", ("职位", "职务", "头衔", "Title", "Job Title", "Position")),
    FieldTarget(
        "company_name", ("公司", "公司名称", "单位", "单位名称", "企业名称", "Company", "Company Name", "Account Name")
    ),
    FieldTarget("region", ("地区", "所在地区", "区域", "Region", "Location")),
    FieldTarget("province", ("省份", "省", "Province", "State")),
    FieldTarget("city", ("城市", "市", "City")),
    FieldTarget("district", ("区县", "区", "District", "County")),
    FieldTarget("industry", ("行业", "所属行业", "Industry")),
    FieldTarget("budget", ("预算", "预算金额", "Budget", "Annual Revenue")),
    FieldTarget("product_interest", ("意向产品", "感兴趣的产品", "需求", "Product Interest", "Product", "Interest")),
    FieldTarget("campaign", ("活动", "市场活动", "来源活动", "Campaign", "Campaign Name")),
    FieldTarget("notes", ("备注", "说明", "Notes", "Description", "Remark")),
)
KNOWN_HEADERS = tuple(label for target in LEAD_IMPORT_TARGETS for label in target.labels)


@dataclass
class ImportOutcome:
    """Counts, refused rows (with spreadsheet row numbers) and whether the rows were kept."""

    total_rows: int = 0
    created_count: int = 0
    merged_count: int = 0
    is_dry_run: bool = False
    is_written: bool = False
    mapping: dict[str, str] = field(default_factory=dict)
    errors: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """The API body."""
        return {
            "total_rows": self.total_rows,
            "created_count": self.created_count,
            "merged_count": self.merged_count,
            "error_count": len(self.errors),
            "is_dry_run": self.is_dry_run,
            "is_written": self.is_written,
            "mapping": self.mapping,
            "errors": self.errors,
        }


def _row_values(headers_by_index: dict[int, str], cells: list[Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    region: list[str] = []
    for index, key in headers_by_index.items():
        text = cell_text(cells[index]) if index < len(cells) else ""
        if key in REGION_PARTS:
            if text:
                region.append(text)
        elif text:
            values[key] = text
    if region:
        values["region"] = " ".join(region)
    return values


def _store(upload: UploadedFile, directory: Path) -> Path:
    if upload.size is None or upload.size > MAX_UPLOAD_BYTES:
        raise validation_error({"file": localized("文件不能超过 20 MB。", "The file must be at most 20 MB.")})
    stored = directory / f"upload{Path(upload.name or '').suffix.lower()[:10]}"
    with stored.open("wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    return stored


def _read_rows(path: Path, filename: str) -> tuple[dict[int, str], list[str], list[tuple[int, list[Any]]]]:
    """Column index → lead field, the headers, and every data row (more than MAX_ROWS is refused with 422)."""
    table = open_table(path, filename, max_rows=MAX_ROWS, known_headers=KNOWN_HEADERS)
    mapping = auto_map(table.headers, LEAD_IMPORT_TARGETS)
    if "name" not in mapping.values():
        raise validation_error(
            {
                "file": localized(
                    "找不到“姓名”列，请检查表头。", "No column for the person's name; check the header row."
                )
            }
        )
    return mapping, table.headers, list(table.rows())


def import_leads(*, actor: User, upload: UploadedFile, is_dry_run: bool, skip_invalid: bool) -> ImportOutcome:
    """Capture every row as an imported lead; nothing is kept on a dry run or when a row fails (unless skipped)."""
    engine.require_action(actor, LEADS.resource, "import")
    engine.require_action(actor, LEADS.resource, "create")
    with tempfile.TemporaryDirectory(prefix="lead-import-") as directory:
        stored = _store(upload, Path(directory))
        mapping, headers, rows = _read_rows(stored, Path(upload.name or "upload").name)
    outcome = ImportOutcome(
        total_rows=len(rows),
        is_dry_run=is_dry_run,
        mapping={headers[index]: key for index, key in mapping.items()},
    )
    with transaction.atomic():
        for start in range(0, len(rows), capture.BULK_LIMIT):
            chunk = rows[start : start + capture.BULK_LIMIT]
            values = [_row_values(mapping, cells) for _, cells in chunk]
            results = capture.capture_many(actor=actor, source=LeadSource.IMPORT, rows=values)
            for (row_number, _), result in zip(chunk, results, strict=True):
                _count(outcome, row_number, result)
        outcome.is_written = not is_dry_run and (skip_invalid or not outcome.errors)
        if not outcome.is_written:
            # Notifications, audit entries and after-commit events of the captured rows go with it.
            transaction.set_rollback(True)
    return outcome


def _count(outcome: ImportOutcome, row_number: int, result: dict[str, Any]) -> None:
    if "code" in result:
        outcome.errors.append(
            {"row": row_number, "code": result["code"], "message": result["message"], "fields": result["fields"]}
        )
    elif result["created"]:
        outcome.created_count += 1
    else:
        outcome.merged_count += 1
