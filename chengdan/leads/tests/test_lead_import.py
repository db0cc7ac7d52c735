"""Importing leads from spreadsheets: GBK CSV and xlsx, all-or-nothing unless bad rows are skipped, dry runs."""

import io
from decimal import Decimal
from typing import Any

import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile

from chengdan.audit.models import AuditEntry
from chengdan.leads.models import Lead
from chengdan.notifications.models import Notification
from chengdan.testing.org import Org

pytestmark = pytest.mark.django_db
URL = "/api/v1/leads/import"
HEADER = "姓名,手机,邮箱,公司名称,地区,预算,意向产品（必填）\n"
GOOD_ROWS = (
    "陈一,13600001111,chen@a.cn,杭州一号科技有限公司,浙江省 杭州市,20万,CRM\n"
    "林二,13600002222,,苏州二号制造有限公司,江苏 苏州,5000,\n"
    "赵三,13600003333,zhao@c.cn,,,,\n"
)


def _csv(text: str, encoding: str = "gbk") -> SimpleUploadedFile:
    return SimpleUploadedFile("线索.csv", text.encode(encoding), content_type="text/csv")


def _xlsx(rows: list[list[Any]]) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = workbook.add_worksheet("Leads")
    for row_index, row in enumerate(rows):
        for column_index, value in enumerate(row):
            sheet.write(row_index, column_index, value)
    workbook.close()
    content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return SimpleUploadedFile("leads.xlsx", buffer.getvalue(), content_type=content_type)


def _post(client: Any, upload: SimpleUploadedFile, **options: Any) -> Any:
    return client.post(URL, data={"file": upload, **{key: str(value).lower() for key, value in options.items()}})


def _fingerprint() -> tuple[int, int, int]:
    return Lead.objects.count(), AuditEntry.objects.count(), Notification.objects.count()


def test_gbk_csv_creates_scored_imported_leads(org: Org) -> None:
    response = _post(org.client("supervisor"), _csv(HEADER + GOOD_ROWS))
    assert response.status_code == 200, response.content
    body = response.json()
    assert {key: body[key] for key in ("total_rows", "created_count", "merged_count", "error_count", "is_written")} == {
        "total_rows": 3,
        "created_count": 3,
        "merged_count": 0,
        "error_count": 0,
        "is_written": True,
    }
    assert body["mapping"] == {
        "姓名": "name",
        "手机": "mobile",
        "邮箱": "email",
        "公司名称": "company_name",
        "地区": "region",
        "预算": "budget",
        "意向产品（必填）": "product_interest",
    }
    leads = {lead.name: lead for lead in Lead.objects.all()}
    assert set(leads) == {"陈一", "林二", "赵三"}
    chen = leads["陈一"]
    assert (chen.source, chen.mobile, chen.email, chen.budget, chen.product_interest) == (
        "import",
        "13600001111",
        "chen@a.cn",
        Decimal("200000.00"),
        "CRM",
    )
    assert (chen.province_code, chen.city_code) == ("330000", "330100")
    # mobile 10 + email 5 + company 10 + budget ≥ 100,000 20 + product 5
    assert [leads[name].score for name in ("陈一", "林二", "赵三")] == [50, 20, 15]
    assert {lead.owner_id for lead in leads.values()} == {org.users["supervisor"].pk}
    assert AuditEntry.objects.filter(action="lead.captured").count() == 3


def test_xlsx_with_english_headers(org: Org) -> None:
    rows = [
        ["Full Name", "Mobile", "Email", "Company Name", "Province", "City", "Budget", "Campaign"],
        ["Alice Wu", "13700001111", "alice@example.com", "Wu Trading Ltd", "广东省", "深圳市", 1500000, "Spring Expo"],
        ["Bob Li", "+86 137 0000 2222", "", "", "", "", "", ""],
    ]
    response = _post(org.client("admin"), _xlsx(rows))
    assert response.status_code == 200, response.content
    assert (response.json()["created_count"], response.json()["error_count"]) == (2, 0)
    alice = Lead.objects.get(name="Alice Wu")
    assert (alice.source, alice.city_code, alice.budget, alice.campaign, alice.score) == (
        "import",
        "440300",
        Decimal("1500000.00"),
        "Spring Expo",
        10 + 5 + 10 + 20 + 20,
    )
    assert Lead.objects.get(name="Bob Li").mobile == "13700002222"


def test_a_bad_row_blocks_the_import_unless_skipped(org: Org) -> None:
    text = HEADER + GOOD_ROWS + "钱四,12345,,,,,\n" + ",13600005555,,,,,\n"
    client = org.client("supervisor")
    before = _fingerprint()
    response = _post(client, _csv(text))
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["is_written"], body["created_count"], body["error_count"]) == (False, 3, 2)
    assert [(error["row"], sorted(error["fields"])) for error in body["errors"]] == [(5, ["mobile"]), (6, ["name"])]
    assert _fingerprint() == before

    response = _post(client, _csv(text), skip_invalid=True)
    body = response.json()
    assert (body["is_written"], body["created_count"], body["error_count"]) == (True, 3, 2)
    assert sorted(Lead.objects.values_list("name", flat=True)) == sorted(["陈一", "林二", "赵三"])


def test_dry_run_reports_and_writes_nothing(org: Org) -> None:
    before = _fingerprint()
    text = HEADER + GOOD_ROWS + "陈一再次,13600001111,,,,,\n"
    response = _post(org.client("supervisor"), _csv(text), dry_run=True)
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["is_dry_run"], body["is_written"], body["created_count"], body["merged_count"]) == (True, False, 3, 1)
    assert _fingerprint() == before


def test_more_than_five_thousand_rows_is_refused(org: Org) -> None:
    rows = "".join(f"客户{index},1{3600000000 + index},,,,,\n" for index in range(5001))
    before = _fingerprint()
    response = _post(org.client("supervisor"), _csv(HEADER + rows, "utf-8"))
    assert response.status_code == 422
    assert response.json()["code"] == "import.too_many_rows"
    assert "5,000" in response.json()["message"]
    assert _fingerprint() == before


def test_import_needs_the_import_right(org: Org) -> None:
    assert _post(org.client("own"), _csv(HEADER + GOOD_ROWS)).status_code == 403
    assert _post(org.client("customer_service"), _csv(HEADER + GOOD_ROWS)).status_code == 403
    assert Lead.objects.count() == 0


def test_a_file_that_is_not_a_spreadsheet_is_refused(org: Org) -> None:
    upload = SimpleUploadedFile("leads.xlsx", b"%PDF-1.4 not a sheet", content_type="application/pdf")
    response = _post(org.client("supervisor"), upload)
    assert response.status_code == 422
    assert response.json()["code"] == "import.file_not_spreadsheet"
