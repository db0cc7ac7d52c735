"""Lead scoring: each operator, the default rules, rescoring after a rule change, the settings endpoints."""

import json
from decimal import Decimal
from typing import Any

import pytest

from chengdan.audit.models import AuditEntry
from chengdan.leads import scoring
from chengdan.leads.models import Lead, ScoringRule
from chengdan.leads.scoring import Rule
from chengdan.leads.seed import DEFAULT_SCORING_RULES
from chengdan.testing.org import Org

pytestmark = pytest.mark.django_db
URL = "/api/v1/lead-settings/scoring-rules"


def _lead(**values: Any) -> Lead:
    return Lead(**{"name": "王先生", "source": "web_form", **values})


def _send(client: Any, method: str, url: str, body: Any) -> Any:
    return getattr(client, method)(url, data=json.dumps(body), content_type="application/json")


def test_present_counts_filled_values_only() -> None:
    rules = [Rule("mobile", "present", None, 10), Rule("budget", "present", None, 3)]
    assert scoring.score_of(_lead(mobile="13812345678", budget=Decimal("0")), rules=rules) == 13
    assert scoring.score_of(_lead(mobile="  ", budget=None), rules=rules) == 0


def test_equals_compares_text_case_insensitively_and_numbers_by_value() -> None:
    rules = [Rule("source", "equals", "Referral", 15), Rule("budget", "equals", 5000, 2)]
    assert scoring.score_of(_lead(source="referral", budget=Decimal("5000.00")), rules=rules) == 17
    assert scoring.score_of(_lead(source="phone", budget=Decimal("5000.01")), rules=rules) == 0


def test_in_matches_any_listed_value() -> None:
    rules = [Rule("industry", "in", ["manufacturing", "retail"], 7)]
    assert scoring.score_of(_lead(industry="retail"), rules=rules) == 7
    assert scoring.score_of(_lead(industry="finance"), rules=rules) == 0
    assert scoring.score_of(_lead(industry="retail"), rules=[Rule("industry", "in", "retail", 7)]) == 0


def test_at_least_compares_numbers_and_ignores_missing_budget() -> None:
    rules = [Rule("budget", "at_least", 100000, 20)]
    assert scoring.score_of(_lead(budget=Decimal("100000")), rules=rules) == 20
    assert scoring.score_of(_lead(budget=Decimal("99999.99")), rules=rules) == 0
    assert scoring.score_of(_lead(budget=None), rules=rules) == 0


def test_contains_is_a_case_insensitive_substring() -> None:
    rules = [Rule("product_interest", "contains", "crm", 5)]
    assert scoring.score_of(_lead(product_interest="销售CRM系统"), rules=rules) == 5
    assert scoring.score_of(_lead(product_interest="ERP"), rules=rules) == 0


def test_follow_ups_earn_points_per_follow_up_from_the_threshold() -> None:
    rules = [Rule("follow_ups", "at_least", 2, 3)]
    assert scoring.score_of(_lead(), follow_ups=1, rules=rules) == 0
    assert scoring.score_of(_lead(), follow_ups=2, rules=rules) == 6
    assert scoring.score_of(_lead(), follow_ups=5, rules=rules) == 15


def test_default_rules_are_installed_and_score_a_rich_lead(org: Org) -> None:
    assert list(ScoringRule.objects.order_by("position").values_list("field", "operator", "value", "points")) == [
        (field, operator, value, points) for _, field, operator, value, points in DEFAULT_SCORING_RULES
    ]
    rich = _lead(
        mobile="13812345678",
        email="wang@example.cn",
        company_name="上海某某科技有限公司",
        budget=Decimal("1500000"),
        source="referral",
        product_interest="CRM",
    )
    assert scoring.score_of(rich) == 10 + 5 + 10 + 20 + 20 + 15 + 5
    assert scoring.score_of(_lead(mobile="13812345678", source="exhibition", budget=Decimal("200000"))) == 40
    assert scoring.score_of(_lead(wechat="wx_only")) == 0


def test_rule_change_rescores_every_lead(org: Org) -> None:
    plain = Lead.objects.create(name="甲", source="web_form", mobile="13812345678", score=10)
    rich = Lead.objects.create(name="乙", source="referral", mobile="13912345678", budget=Decimal("300000"), score=45)
    admin = org.client("admin")
    response = _send(
        admin,
        "post",
        URL,
        {"name": "微信渠道", "field": "source", "operator": "in", "value": ["web_form", "wechat"], "points": 4},
    )
    assert response.status_code == 201, response.content
    rule = response.json()
    assert rule["rescored"] == 1
    assert list(Lead.objects.order_by("pk").values_list("score", flat=True)) == [14, 45]
    assert AuditEntry.objects.filter(action="scoring_rule.created", object_id=str(rule["id"])).count() == 1

    response = _send(admin, "patch", f"{URL}/{rule['id']}", {"points": 30, "value": ["referral"]})
    assert response.status_code == 200, response.content
    assert response.json()["rescored"] == 2
    plain.refresh_from_db()
    rich.refresh_from_db()
    assert (plain.score, rich.score) == (10, 75)

    assert admin.delete(f"{URL}/{rule['id']}").status_code == 204
    assert list(Lead.objects.order_by("pk").values_list("score", flat=True)) == [10, 45]


def test_rules_are_validated_per_operator(org: Org) -> None:
    admin = org.client("admin")
    cases = [
        ({"field": "password", "operator": "present"}, "field"),
        ({"field": "budget", "operator": "at_least", "value": "lots"}, "value"),
        ({"field": "industry", "operator": "in", "value": "retail"}, "value"),
        ({"field": "follow_ups", "operator": "contains", "value": "x"}, "operator"),
        ({"field": "source", "operator": "between", "value": "x"}, "operator"),
    ]
    for body, field in cases:
        response = _send(admin, "post", URL, {"name": "坏规则", "points": 1, **body})
        assert response.status_code == 422, body
        assert field in response.json()["fields"], body
    assert not ScoringRule.objects.filter(name="坏规则").exists()


def test_reps_may_not_change_rules(org: Org) -> None:
    response = _send(
        org.client("own"), "post", URL, {"name": "x", "field": "mobile", "operator": "present", "points": 1}
    )
    assert response.status_code == 403
    assert org.client("own").get(URL).status_code == 403
    listed = org.client("admin").get(URL)
    assert [rule["points"] for rule in listed.json()] == [points for *_, points in DEFAULT_SCORING_RULES]


def test_rule_list_costs_a_fixed_number_of_queries(org: Org, django_assert_max_num_queries: Any) -> None:
    admin = org.client("admin")
    admin.get(URL)
    for index in range(30):
        ScoringRule.objects.create(name=f"规则{index}", field="title", operator="contains", value="经理", points=1)
    with django_assert_max_num_queries(8):
        response = admin.get(URL)
    assert len(response.json()) == len(DEFAULT_SCORING_RULES) + 30


def test_logged_follow_ups_earn_follow_up_points(org: Org) -> None:
    from chengdan.leads.models import Lead, ScoringRule
    from chengdan.leads.tests.factories import make_lead

    ScoringRule.objects.all().delete()
    ScoringRule.objects.create(name="每次跟进", field="follow_ups", operator="at_least", value=1, points=3)
    lead = make_lead(org.users["own"], name="跟进加分")
    assert Lead.objects.get(pk=lead.pk).score == 0

    # Follow-ups are logged through the activities API, which counts them for the "follow_ups" rule field.
    client = org.client("own")
    for content in ("第一次电话", "第二次电话"):
        body = {"record_type": "leads", "record_id": lead.pk, "kind": "phone", "content": content}
        assert client.post("/api/v1/follow-ups", body, content_type="application/json").status_code == 201

    assert Lead.objects.get(pk=lead.pk).score == 6
    assert scoring.follow_up_counts([lead.pk]) == {lead.pk: 2}
