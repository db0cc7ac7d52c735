"""The deal list's CSV export: scope, list filters, field rules, CSV injection, language, audit, query count."""

import csv
import io
from datetime import UTC, datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chengdan.accounts.choices import FieldRuleKind
from chengdan.accounts.models import FieldRule, Role
from chengdan.audit.models import AuditEntry
from chengdan.customers.models import Tag
from chengdan.opportunities import actions, exports
from chengdan.opportunities.models import Opportunity
from chengdan.opportunities.tests.factories import make_opportunity
from chengdan.testing.org import Org

URL = "/api/v1/opportunities/export.csv"
pytestmark = pytest.mark.django_db


def _export(org: Org, persona: str, query: str = "", **headers: Any) -> list[list[str]]:
    response = org.client(persona).get(f"{URL}{query}", **headers)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


def _column(rows: list[list[str]], header: str) -> list[str]:
    index = rows[0].index(header)
    return [row[index] for row in rows[1:]]


@pytest.fixture
def deals(org: Org) -> dict[str, Opportunity]:
    """One deal per rep, on that rep's customer."""
    return {
        persona: make_opportunity(
            org.users[persona], org.customers[persona], name=f"{persona} 年度采购", amount="100000"
        )
        for persona in ("own", "same_team", "other_team")
    }


def test_a_rep_exports_only_their_own_deals(org: Org, deals: dict[str, Opportunity]) -> None:
    rows = _export(org, "own")
    assert rows[0][:4] == ["商机名称", "客户", "阶段", "状态"]
    assert _column(rows, "商机名称") == ["own 年度采购"]
    assert _column(rows, "客户") == ["own 客户有限公司"]
    assert _column(rows, "阶段") == ["初步接洽"]
    assert _column(rows, "状态") == ["进行中"]
    assert _column(rows, "负责人") == ["rep_own"]
    assert _column(rows, "金额") == ["100000.00"]
    assert _column(rows, "金额（人民币）") == ["100000.00"]


def test_a_supervisor_exports_the_team_with_the_list_filters(org: Org, deals: dict[str, Opportunity]) -> None:
    rows = _export(org, "supervisor")
    assert sorted(_column(rows, "商机名称")) == ["own 年度采购", "same_team 年度采购"]
    filtered = _export(org, "supervisor", f"?owner_id={org.users['same_team'].pk}")
    assert _column(filtered, "商机名称") == ["same_team 年度采购"]
    none_won = _export(org, "supervisor", "?status=won")
    assert len(none_won) == 1


def test_customer_service_may_view_but_not_export(org: Org, deals: dict[str, Opportunity]) -> None:
    response = org.client("customer_service").get(URL)
    assert response.status_code == 403
    assert not AuditEntry.objects.filter(action="opportunity.exported").exists()


def test_hidden_fields_are_no_column_and_masked_ones_are_masked(org: Org, deals: dict[str, Opportunity]) -> None:
    actions.update_opportunity(
        actor=org.users["own"],
        opportunity_id=deals["own"].pk,
        version=deals["own"].version,
        changes={"next_step": "约见采购总监"},
    )
    finance = Role.objects.get(code="finance")
    FieldRule.objects.create(role=finance, resource="opportunities", field="amount", rule=FieldRuleKind.HIDDEN)
    FieldRule.objects.create(role=finance, resource="opportunities", field="next_step", rule=FieldRuleKind.MASKED)
    rows = _export(org, "finance")
    assert "金额" not in rows[0]
    assert "金额（人民币）" in rows[0]
    assert len(rows) == 4
    by_name = dict(zip(_column(rows, "商机名称"), _column(rows, "下一步"), strict=True))
    assert by_name["own 年度采购"] == "约****监"
    refused = org.client("finance").get(f"{URL}?amount_min=1")
    assert refused.status_code == 422
    assert refused.json()["code"] == "permission.field_not_allowed"


def test_formulas_are_neutralised(org: Org) -> None:
    tag = Tag.objects.create(name="@重点")
    make_opportunity(
        org.users["own"],
        org.customers["own"],
        name="=HYPERLINK(1)",
        next_step="+86 跟进",
        competitors=["-竞品", "友商"],
        tag_ids=[tag.pk],
    )
    rows = _export(org, "own")
    assert _column(rows, "商机名称") == ["'=HYPERLINK(1)"]
    assert _column(rows, "下一步") == ["'+86 跟进"]
    assert _column(rows, "竞争对手") == ["'-竞品、友商"]
    assert _column(rows, "标签") == ["'@重点"]


def test_english_headers_labels_and_local_times(org: Org, deals: dict[str, Opportunity]) -> None:
    Opportunity.objects.filter(pk=deals["own"].pk).update(created_at=datetime(2026, 1, 1, 0, 30, tzinfo=UTC))
    rows = _export(org, "own", HTTP_ACCEPT_LANGUAGE="en")
    assert rows[0][:4] == ["Name", "Customer", "Stage", "Status"]
    assert "Amount (CNY)" in rows[0] and "Created" in rows[0]
    assert _column(rows, "Stage") == ["Initial contact"]
    assert _column(rows, "Status") == ["Open"]
    assert _column(rows, "Created") == ["2026-01-01 08:30"]
    chinese = _export(org, "own")
    assert _column(chinese, "创建时间") == ["2026-01-01 08:30"]


def test_every_export_is_audited_with_its_row_count(org: Org, deals: dict[str, Opportunity]) -> None:
    _export(org, "supervisor", "?status=open")
    entry = AuditEntry.objects.get(action="opportunity.exported")
    assert entry.actor_id == org.users["supervisor"].pk
    assert entry.object_type == "opportunities"
    assert entry.data == {"rows": 2, "format": "csv", "filters": {"status": "('open',)"}}


def _queries_for_export(org: Org) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as context:
        rows = _export(org, "supervisor")
    return len(context.captured_queries), len(rows) - 1


def test_query_count_does_not_grow_with_rows(org: Org, monkeypatch: pytest.MonkeyPatch) -> None:
    tags = [Tag.objects.create(name=f"标签{index}").pk for index in range(3)]

    def add(count: int) -> None:
        for _ in range(count):
            make_opportunity(org.users["own"], org.customers["own"], amount="10", tag_ids=tags)

    add(5)
    few, few_rows = _queries_for_export(org)
    add(45)
    many, many_rows = _queries_for_export(org)
    assert (few_rows, many_rows) == (5, 50)
    assert many == few
    # Past one chunk: one more tags query per chunk, never one per row.
    monkeypatch.setattr(exports, "CHUNK", 20)
    chunked, _ = _queries_for_export(org)
    assert chunked == few + 2
