"""Import wizard and exports through the API: mapping, bad rows, modes, resume, CSV injection, field rules."""

import csv
import io
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from chengdan.audit.models import AuditEntry
from chengdan.customers import actions, imports
from chengdan.customers.models import Contact, Customer, ImportJob, JobStatus
from chengdan.testing.codes import credit_code
from chengdan.testing.org import Org

V1 = "/api/v1"
pytestmark = pytest.mark.django_db
HEADERS = ["客户名称", "统一社会信用代码", "地区", "联系人", "手机", "邮箱", "客户级别", "标签"]


def _xlsx(rows: list[list[Any]], title: str | None = None) -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = workbook.add_worksheet("客户")
    offset = 0
    if title:
        sheet.merge_range(0, 0, 0, len(HEADERS) - 1, title)
        offset = 1
    sheet.write_row(offset, 0, HEADERS)
    for index, row in enumerate(rows, start=offset + 1):
        sheet.write_row(index, 0, row)
    workbook.close()
    return buffer.getvalue()


GOOD = [
    [
        "北京字节跳动科技有限公司",
        credit_code(11111111, "110000"),
        "北京市海淀区",
        "张一",
        "+86 138-0013-8000",
        "a@bytedance.cn",
        "A 类",
        "战略客户",
    ],
    ["深圳市大疆创新科技有限公司", "", "广东深圳", "李二", "13900139000", "", "重点客户", "战略客户，老客户"],
]
BAD = ["杭州某某有限公司", "123", "浙江杭州", "王三", "12345", "", "B 类", ""]


def _upload(client: Any, content: bytes, name: str = "customers.xlsx") -> Any:
    return client.post(f"{V1}/customers/imports", {"file": SimpleUploadedFile(name, content)})


def _run(client: Any, job_id: int, mapping: dict[str, str], **options: Any) -> Any:
    return client.post(
        f"{V1}/customers/imports/{job_id}/run",
        data=json.dumps({"mapping": mapping, **options}),
        content_type="application/json",
    )


def _process(job_id: int) -> ImportJob:
    return imports.process_import(job_id)


def test_upload_maps_headers_and_previews_rows_with_reasons(org: Org) -> None:
    response = _upload(org.client("supervisor"), _xlsx([*GOOD, BAD], title="2026 年客户名单"))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["preview"]["headers"] == HEADERS
    assert body["job"]["mapping"] == {
        "客户名称": "name",
        "统一社会信用代码": "credit_code",
        "地区": "region",
        "联系人": "contact_name",
        "手机": "contact_mobile",
        "邮箱": "contact_email",
        "客户级别": "level",
        "标签": "tags",
    }
    rows = body["preview"]["rows"]
    assert [row["row"] for row in rows] == [3, 4, 5]
    assert rows[0]["errors"] == [] and rows[0]["action"] == "create"
    assert len(rows[2]["errors"]) == 2  # credit code and mobile


def test_a_bad_row_blocks_the_whole_import_by_default(org: Org) -> None:
    client = org.client("supervisor")
    job = _upload(client, _xlsx([*GOOD, BAD])).json()["job"]
    before = Customer.objects.count()
    assert _run(client, job["id"], job["mapping"]).status_code == 202
    finished = _process(job["id"])
    assert finished.status == JobStatus.FAILED
    assert Customer.objects.count() == before
    assert [error["row"] for error in finished.errors] == [4]
    report = client.get(f"{V1}/customers/imports/{job['id']}/errors")
    sheet = openpyxl.load_workbook(io.BytesIO(report.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0] == "行号" and values[0][-1] == "错误原因"
    assert values[1][0] == 4 and "统一社会信用代码" in values[1][-1]


def test_skip_invalid_imports_the_good_rows_with_contacts_tags_and_regions(org: Org) -> None:
    client = org.client("supervisor")
    job = _upload(client, _xlsx([*GOOD, BAD])).json()["job"]
    _run(client, job["id"], job["mapping"], skip_invalid=True)
    finished = _process(job["id"])
    assert (finished.status, finished.created_count, finished.error_count) == (JobStatus.DONE, 2, 1)
    dji = Customer.objects.get(name="深圳市大疆创新科技有限公司")
    assert (dji.level, dji.city_code, dji.owner_id) == ("key", "440300", org.users["supervisor"].pk)
    assert sorted(dji.tags.values_list("name", flat=True)) == ["战略客户", "老客户"]
    assert Contact.objects.get(customer__name="北京字节跳动科技有限公司").mobile == "13800138000"
    assert AuditEntry.objects.filter(action="customer.import_batch").count() == 1
    found = client.get(f"{V1}/customers/search", {"q": "dj"}).json()["customers"]
    assert [c["name"] for c in found] == ["深圳市大疆创新科技有限公司"]


def test_create_mode_refuses_existing_and_upsert_updates_them(org: Org) -> None:
    actions.create_customer(actor=org.users["own"], values={"name": "深圳市大疆创新科技有限公司"})
    client = org.client("supervisor")
    job = _upload(client, _xlsx(GOOD)).json()["job"]
    _run(client, job["id"], job["mapping"])
    assert _process(job["id"]).errors[0]["row"] == 3
    job = _upload(client, _xlsx(GOOD)).json()["job"]
    _run(client, job["id"], job["mapping"], mode="upsert")
    finished = _process(job["id"])
    assert (finished.created_count, finished.updated_count) == (1, 1)
    assert Customer.objects.filter(name="深圳市大疆创新科技有限公司").count() == 1
    assert Customer.objects.get(name="深圳市大疆创新科技有限公司").level == "key"


def test_dry_run_writes_nothing(org: Org) -> None:
    client = org.client("supervisor")
    job = _upload(client, _xlsx(GOOD)).json()["job"]
    before = Customer.objects.count()
    _run(client, job["id"], job["mapping"], dry_run=True)
    finished = _process(job["id"])
    assert (finished.status, finished.created_count) == (JobStatus.DONE, 2)
    assert Customer.objects.count() == before


def test_resume_after_a_crash_writes_no_duplicates(org: Org, monkeypatch: pytest.MonkeyPatch) -> None:
    client = org.client("supervisor")
    rows = [
        [f"续传测试{number}号有限公司", "", "", f"联系人{number}", f"1370000{number:04d}", "", "", ""]
        for number in range(25)
    ]
    job = _upload(client, _xlsx(rows)).json()["job"]
    _run(client, job["id"], job["mapping"])
    monkeypatch.setattr(imports, "BATCH_SIZE", 10)
    calls = {"n": 0}
    original = imports._commit_batch

    def crash_on_second_batch(*args: Any) -> bool:
        calls["n"] += 1
        if calls["n"] == 2:
            raise SystemExit("worker killed")
        return original(*args)

    monkeypatch.setattr(imports, "_commit_batch", crash_on_second_batch)
    with pytest.raises(SystemExit):
        _process(job["id"])
    assert Customer.objects.filter(name__startswith="续传测试").count() == 10
    monkeypatch.setattr(imports, "_commit_batch", original)
    finished = _process(job["id"])
    assert finished.status == JobStatus.DONE
    assert Customer.objects.filter(name__startswith="续传测试").count() == 25
    assert finished.created_count == 25


@pytest.mark.parametrize(
    ("content", "name", "code"),
    [
        (b"", "empty.xlsx", "import.file_empty"),
        (b"\x89PNG\r\n\x1a\n" + bytes(200), "photo.xlsx", "import.file_not_spreadsheet"),
    ],
)
def test_bad_files_get_a_clear_message_and_no_job(org: Org, content: bytes, name: str, code: str) -> None:
    response = _upload(org.client("supervisor"), content, name)
    assert response.status_code == 422
    assert response.json()["code"] == code
    assert ImportJob.objects.count() == 0


def test_gbk_csv_imports(org: Org) -> None:
    content = "客户名称,手机\n广州白云山医药集团股份有限公司,13512345678\n".encode("gb18030")
    client = org.client("supervisor")
    job = _upload(client, content, "baiyun.csv").json()["job"]
    _run(client, job["id"], job["mapping"])
    assert _process(job["id"]).created_count == 1


def test_command_line_import(org: Org, tmp_path: Path) -> None:
    path = tmp_path / "customers.xlsx"
    path.write_bytes(_xlsx(GOOD))
    call_command("import", "customers", str(path), "--user", org.users["supervisor"].username)
    assert Customer.objects.filter(name="北京字节跳动科技有限公司").exists()


def test_csv_export_applies_scope_field_rules_and_neutralises_formulas(org: Org) -> None:
    actions.update_customer(
        actor=org.users["own"], customer_id=org.customers["own"].pk, version=1, changes={"notes": "=HYPERLINK(1)"}
    )
    rep = org.client("own").get(f"{V1}/customers/export.csv")
    assert rep.status_code == 200
    text = b"".join(rep.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] == "客户名称"
    assert [row[0] for row in rows[1:]] == ["own 客户有限公司"]
    assert rows[1][rows[0].index("备注")] == "'=HYPERLINK(1)"
    finance = b"".join(org.client("finance").get(f"{V1}/customers/export.csv").streaming_content).decode("utf-8-sig")
    finance_rows = list(csv.reader(io.StringIO(finance)))
    assert "电话" not in finance_rows[0] and "备注" not in finance_rows[0]
    assert len(finance_rows) == 4
    assert AuditEntry.objects.filter(action="customer.exported").count() == 2


def test_xlsx_export_job(org: Org) -> None:
    from chengdan.customers import exports

    client = org.client("supervisor")
    job = client.post(f"{V1}/customers/exports", data=json.dumps({"filters": {}}), content_type="application/json")
    assert job.status_code == 202
    exports.build_xlsx(job.json()["id"])
    download = client.get(f"{V1}/customers/exports/{job.json()['id']}/download")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    names = sorted(row[0] for row in sheet.iter_rows(min_row=2, values_only=True))
    assert names == ["own 客户有限公司", "same_team 客户有限公司"]


@pytest.mark.parametrize(
    ("value", "zone", "expected"),
    [
        ("2026-01-01 00:30:00", "Asia/Shanghai", "2026-01-01 08:30"),
        ("2026-03-08 06:59:00", "America/New_York", "2026-03-08 01:59"),
        ("2026-03-08 07:00:00", "America/New_York", "2026-03-08 03:00"),
    ],
)
def test_export_times_are_local_minutes(value: str, zone: str, expected: str) -> None:
    from zoneinfo import ZoneInfo

    from chengdan.customers.exports import _local_minute

    assert _local_minute(value, ZoneInfo(zone)) == expected


def test_custom_fields_import_and_export(org: Org) -> None:
    from chengdan.customers import settings_actions

    admin = org.users["admin"]
    settings_actions.create_custom_field(
        actor=admin,
        values={
            "entity": "customer",
            "key": "scale",
            "label": "规模",
            "field_type": "choice",
            "choices": [{"value": "big", "label": "大型"}, {"value": "small", "label": "小型"}],
        },
    )
    settings_actions.create_custom_field(
        actor=admin,
        values={"entity": "customer", "key": "erp_id", "label": "ERP编号", "field_type": "text", "is_unique": True},
    )
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = workbook.add_worksheet()
    sheet.write_row(0, 0, ["客户名称", "规模", "ERP编号"])
    sheet.write_row(1, 0, ["北京甲科技有限公司", "大型", "E-1"])
    sheet.write_row(2, 0, ["北京乙科技有限公司", "小型", "E-1"])
    sheet.write_row(3, 0, ["北京丙科技有限公司", "中型", "E-3"])
    workbook.close()
    client = org.client("supervisor")
    job = _upload(client, buffer.getvalue()).json()["job"]
    assert job["mapping"] == {"客户名称": "name", "规模": "custom.scale", "ERP编号": "custom.erp_id"}
    _run(client, job["id"], job["mapping"], skip_invalid=True)
    finished = _process(job["id"])
    assert finished.created_count == 1
    reasons = {error["row"]: error["errors"][0] for error in finished.errors}
    assert reasons[3].startswith("ERP编号") and reasons[4].startswith("规模")
    assert Customer.objects.get(name="北京甲科技有限公司").custom == {"scale": "big", "erp_id": "E-1"}
    text = b"".join(client.get(f"{V1}/customers/export.csv").streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    row = next(r for r in rows if r[0] == "北京甲科技有限公司")
    assert row[rows[0].index("规模")] == "大型" and row[rows[0].index("ERP编号")] == "E-1"


def test_large_upload_with_an_idempotency_key_is_accepted_once(org: Org) -> None:
    rows = "\n".join(f"大文件{number}号有限公司,13800{number % 1000000:06d}" for number in range(120_000))
    content = ("客户名称,手机\n" + rows).encode()
    assert len(content) > 3 * 1024 * 1024
    client = org.client("supervisor")
    first = client.post(
        f"{V1}/customers/imports", {"file": SimpleUploadedFile("big.csv", content)}, HTTP_IDEMPOTENCY_KEY="upload-1"
    )
    assert first.status_code == 201, first.content[:200]
    replay = client.post(
        f"{V1}/customers/imports", {"file": SimpleUploadedFile("big.csv", content)}, HTTP_IDEMPOTENCY_KEY="upload-1"
    )
    assert replay.json()["job"]["id"] == first.json()["job"]["id"]
    assert ImportJob.objects.count() == 1


def test_an_oversized_json_body_gets_a_json_413(org: Org) -> None:
    body = json.dumps({"name": "x" * (3 * 1024 * 1024)})
    response = org.client("own").post(
        f"{V1}/customers", data=body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="big-json"
    )
    assert response.status_code == 413
    assert response.json()["code"] == "malformed_request"
