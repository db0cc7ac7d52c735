"""Issue 4 in a browser: import a spreadsheet with a bad row, find a customer by pinyin, merge duplicates."""

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter

from chengdan.config.celery import app as celery_app
from chengdan.customers import actions as customer_actions
from chengdan.customers.models import Contact, Customer, ImportJob
from chengdan.testing.codes import credit_code
from chengdan.testing.org import PASSWORD, Org
from chengdan.tests.e2e.test_org_scopes import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def tasks_inline() -> Iterator[None]:
    """The live server runs queued tasks itself (no worker process in tests)."""
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = False


def _workbook(path: Path) -> Path:
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet("客户")
    sheet.write_row(0, 0, ["客户名称", "统一社会信用代码", "地区", "联系人", "手机"])
    sheet.write_row(1, 0, ["平安银行股份有限公司", credit_code(19216807), "广东省深圳市", "张三", "+86 138 0013 8000"])
    sheet.write_row(2, 0, ["杭州宏达电子有限公司", "", "浙江杭州", "李四", "13900139000"])
    sheet.write_row(3, 0, ["错误数据有限公司", "12345", "", "王五", "123"])
    workbook.close()
    return path


def test_import_with_a_bad_row_then_search_by_pinyin(
    live_server: Any, page: Any, org: Org, tmp_path: Path, tasks_inline: None
) -> None:
    base = live_server.url
    sign_in(page, base, org.users["supervisor"].username, PASSWORD)
    page.goto(f"{base}/customers/import")
    page.locator("input[data-testid=import-file]").set_input_files(str(_workbook(tmp_path / "客户.xlsx")))
    page.get_by_test_id("import-mapping").wait_for()
    page.get_by_test_id("import-next").click()
    errors = page.get_by_test_id("import-row-errors-4")
    errors.wait_for()
    assert "统一社会信用代码" in errors.inner_text()
    page.get_by_test_id("import-skip-invalid").click()
    page.get_by_test_id("import-run").click()
    page.locator("[data-testid=import-status][data-status=done]").wait_for(timeout=30000)
    assert page.get_by_test_id("import-error-report").is_visible()
    job = ImportJob.objects.get()
    assert (job.created_count, job.error_count) == (2, 1)
    bank = Customer.objects.get(name="平安银行股份有限公司")
    assert Contact.objects.get(customer=bank).mobile == "13800138000"
    assert not Customer.objects.filter(name="错误数据有限公司").exists()

    search = page.locator("input[data-testid=global-search]")
    search.fill("payh")
    page.get_by_test_id(f"global-search-customer-{bank.pk}").wait_for()
    search.press("Enter")
    page.wait_for_url(re.compile(rf".*/customers/{bank.pk}$"))
    page.get_by_text("平安银行股份有限公司").first.wait_for()


def test_supervisor_merges_duplicates_in_the_browser(live_server: Any, page: Any, org: Org) -> None:
    first = customer_actions.create_customer(actor=org.users["own"], values={"name": "上海明达智能科技有限公司"})
    second = customer_actions.create_customer(
        actor=org.users["same_team"],
        values={"name": "上海明达智能科技（上海）有限公司", "website": "minda.example.cn"},
        allow_duplicate=True,
    )
    base = live_server.url
    sign_in(page, base, org.users["supervisor"].username, PASSWORD)
    page.goto(f"{base}/customers/duplicates")
    group = page.get_by_test_id("duplicate-group-0")
    group.wait_for()
    group.get_by_test_id(f"merge-survivor-{first.pk}").click()
    group.get_by_test_id("merge-pick-website-merged").click()
    group.get_by_test_id("merge-submit").click()
    page.get_by_test_id("merge-confirm").click()
    page.get_by_test_id("merge-done").wait_for()
    first.refresh_from_db()
    assert not Customer.objects.filter(pk=second.pk).exists()
    assert first.website == "minda.example.cn"
