"""Real exports through the importer: 5,418 listed companies from Excel and a Zoho CRM accounts export."""

import csv
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile

from chengdan.customers import imports
from chengdan.customers.models import Customer, ImportJob, JobStatus
from chengdan.testing.datasets import dataset
from chengdan.testing.org import Org

V1 = "/api/v1"
pytestmark = pytest.mark.django_db


def _run(org: Org, path: Path, mapping: dict[str, str] | None = None, **options: Any) -> ImportJob:
    client = org.client("supervisor")
    upload = SimpleUploadedFile(path.name, path.read_bytes())
    job = client.post(f"{V1}/customers/imports", {"file": upload}).json()["job"]
    body = {"mapping": mapping or job["mapping"], **options}
    response = client.post(f"{V1}/customers/imports/{job['id']}/run", data=body, content_type="application/json")
    assert response.status_code == 202, response.content
    return imports.process_import(job["id"])


def test_every_listed_company_imports_from_excel_with_its_region(org: Org, tmp_path: Path) -> None:
    with dataset("cn-a-share-companies/cn_a_share_companies.csv").open(encoding="utf-8", newline="") as file:
        companies = list(csv.DictReader(file))
    path = tmp_path / "上市公司.xlsx"
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = workbook.add_worksheet()
    sheet.write_row(0, 0, ["公司全称", "简称", "所在地区"])
    for number, company in enumerate(companies, start=1):
        sheet.write_row(number, 0, [company["fullname"], company["name"], company["area"]])
    workbook.close()

    job = _run(org, path)
    assert job.mapping == {"公司全称": "name", "简称": "short_name", "所在地区": "region"}
    assert (job.status, job.total_rows, job.created_count, job.error_count) == (JobStatus.DONE, 5418, 5418, 0)
    # Delisted companies carry no area in the dataset; every other one gets its region.
    without_area = sum(1 for company in companies if not company["area"].strip())
    assert Customer.objects.filter(province_code="").count() == 3 + without_area
    bank = Customer.objects.get(name="平安银行股份有限公司")
    assert (bank.short_name, bank.city_code) == ("平安银行", "440300")
    found = org.client("supervisor").get(f"{V1}/customers/search", {"q": "payh"}).json()["customers"]
    assert "平安银行股份有限公司" in [customer["name"] for customer in found]


def test_a_zoho_accounts_export_loses_no_row(org: Org) -> None:
    path = dataset("zoho-crm-export/Accounts.csv")
    with path.open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    # Zoho owners and industries are not Chengdan's: the user unmaps them in the wizard.
    mapping = {"Account Name": "name", "Website": "website"}
    job = _run(org, path, mapping=mapping, mode="upsert", skip_invalid=True)
    assert job.status == JobStatus.DONE
    assert job.total_rows == len(rows)
    # Every row is accounted for: created, merged into an earlier row of the same company, or reported.
    distinct = {row["Account Name"].strip() for row in rows if row["Account Name"].strip()}
    assert job.created_count == Customer.objects.count() - 3
    assert job.created_count + job.updated_count + job.error_count == len(rows)
    assert job.created_count <= len(distinct)
