"""Assignment rules: each condition kind, each action, availability, fall-through, preview and batches."""

import json
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from chengdan.access.models import Pool
from chengdan.accounts.models import User
from chengdan.leads import assignment
from chengdan.leads.choices import AssignmentAction, AssignmentReason, LeadSource, LeadStatus
from chengdan.leads.models import AssignmentLog, AssignmentRule, Lead, RepAvailability
from chengdan.testing.org import Org

SHANGHAI = ZoneInfo("Asia/Shanghai")
# A Wednesday, 10:00 in Beijing.
NOW = datetime(2026, 3, 4, 10, 0, tzinfo=SHANGHAI)


def lead(**values: Any) -> Lead:
    """An unsaved new lead (capture assigns before it saves)."""
    defaults: dict[str, Any] = {"name": "王先生", "mobile": "13800138000", "source": LeadSource.WEB_FORM}
    return Lead(**(defaults | values))


def saved_lead(**values: Any) -> Lead:
    """A saved lead waiting for assignment."""
    record = lead(**values)
    record.save()
    return record


def rule(
    name: str, action: str, position: int, conditions: dict[str, Any] | None = None, **targets: Any
) -> AssignmentRule:
    """An active rule."""
    return AssignmentRule.objects.create(
        name=name, action=action, position=position, conditions=conditions or {}, **targets
    )


def reps(org: Org) -> list[User]:
    """The three reps of 上海组 in id order (rep_own, rep_same, supervisor)."""
    return sorted([org.users["own"], org.users["same_team"], org.users["supervisor"]], key=lambda user: user.pk)


def give_open_leads(user: User, count: int, status: str = LeadStatus.NEW) -> None:
    """`count` leads already held by `user`."""
    for index in range(count):
        Lead.objects.create(
            name=f"已有{index}",
            source=LeadSource.PHONE,
            owner=user,
            department_id=user.department_id,
            status=status,
        )


@pytest.mark.parametrize(
    ("conditions", "matching", "other"),
    [
        ({"provinces": ["310000"]}, {"province_code": "310000"}, {"province_code": "330000"}),
        ({"provinces": ["310000"]}, {"city_code": "310100"}, {"city_code": "330100"}),
        ({"cities": ["330100"]}, {"city_code": "330100"}, {"city_code": "330200"}),
        ({"industries": ["制造业"]}, {"industry": "制造业"}, {"industry": "零售"}),
        ({"sources": ["email", "phone"]}, {"source": LeadSource.PHONE}, {"source": LeadSource.WEB_FORM}),
        (
            {"budget_min": "100000", "budget_max": "500000"},
            {"budget": Decimal("100000")},
            {"budget": Decimal("500001")},
        ),
        ({"budget_min": "100000"}, {"budget": Decimal("2000000")}, {"budget": None}),
        ({"product_keywords": ["ERP", "仓储"]}, {"product_interest": "想了解 erp 系统"}, {"product_interest": "CRM"}),
        ({"product_keywords": ["仓储"]}, {"product_interest": "智能仓储方案"}, {"product_interest": ""}),
        ({"score_min": 40}, {"score": 40}, {"score": 39}),
    ],
)
def test_each_field_condition_decides_whether_the_rule_applies(
    org: Org, conditions: dict[str, Any], matching: dict[str, Any], other: dict[str, Any]
) -> None:
    owner = org.users["own"]
    rule("条件规则", AssignmentAction.USER, 1, conditions, target_user=owner)
    assert assignment.assign_new_lead(lead(**matching), NOW).user_id == owner.pk
    unmatched = assignment.assign_new_lead(lead(**other), NOW)
    assert (unmatched.user_id, unmatched.rule_id, unmatched.pool_id) == (None, None, None)


@pytest.mark.parametrize(
    ("conditions", "applies"),
    [
        ({"weekdays": [3]}, True),
        ({"weekdays": [1, 2, 4, 5]}, False),
        ({"time_from": "09:00", "time_to": "10:00"}, False),
        ({"time_from": "10:00", "time_to": "18:00"}, True),
        ({"time_from": "22:00", "time_to": "11:00"}, True),
        ({"weekdays": [3], "time_from": "18:00", "time_to": "23:00"}, False),
    ],
)
def test_submission_time_conditions_read_the_beijing_clock(org: Org, conditions: dict[str, Any], applies: bool) -> None:
    owner = org.users["own"]
    rule("工作时间", AssignmentAction.USER, 1, conditions, target_user=owner)
    # 02:00 UTC is 10:00 in Beijing.
    decision = assignment.assign_new_lead(lead(), datetime(2026, 3, 4, 2, 0, tzinfo=ZoneInfo("UTC")))
    assert decision.user_id == (owner.pk if applies else None)


def test_round_robin_takes_turns_across_six_leads(org: Org) -> None:
    team = rule("上海轮流", AssignmentAction.ROUND_ROBIN, 1, target_department=org.team)
    order = []
    for _ in range(6):
        record = lead()
        decision = assignment.assign_new_lead(record, NOW)
        assignment.apply_decision(record, decision, NOW)
        order.append(decision.user_id)
    first, second, third = (user.pk for user in reps(org))
    assert order == [first, second, third, first, second, third]
    team.refresh_from_db()
    assert team.last_assigned_user_id == third
    assert team.version == 1
    assert AssignmentLog.objects.filter(rule=team, reason=AssignmentReason.RULE).count() == 6


def test_round_robin_explanation_names_rule_rep_team_and_load(org: Org) -> None:
    rule("华东制造业", AssignmentAction.ROUND_ROBIN, 1, {"industries": ["制造业"]}, target_department=org.team)
    first = reps(org)[0]
    give_open_leads(first, 3)
    decision = assignment.assign_new_lead(lead(industry="制造业"), NOW)
    assert decision.user_id == first.pk
    assert decision.department_id == org.team.pk
    assert decision.explanation_zh == f"规则「华东制造业」：轮流分配给 {first.name}（上海组，当前 3 条未完成线索）"
    assert decision.explanation_en == f'Rule "华东制造业": round robin to {first.name} (上海组, 3 open leads now)'


def test_least_loaded_picks_the_rep_with_fewest_open_leads(org: Org) -> None:
    first, second, third = reps(org)
    give_open_leads(first, 2)
    give_open_leads(second, 1)
    give_open_leads(third, 3)
    # Converted and invalid leads are not load.
    give_open_leads(second, 5, LeadStatus.CONVERTED)
    give_open_leads(second, 5, LeadStatus.INVALID)
    rule("最少负载", AssignmentAction.LEAST_LOADED, 1, target_department=org.region)
    decisions = []
    for _ in range(3):
        record = lead()
        decision = assignment.assign_new_lead(record, NOW)
        assignment.apply_decision(record, decision, NOW)
        decisions.append(decision.user_id)
    # The region also holds 杭州组 (rep_other, supervisor2) and the regional manager, all with 0 leads.
    region_reps = sorted(
        User.objects.filter(department__path__startswith=org.region.path).exclude(
            pk__in=[first.pk, second.pk, third.pk]
        ),
        key=lambda user: user.pk,
    )
    assert decisions == [user.pk for user in region_reps[:3]]


def test_least_loaded_in_one_team_counts_working_leads(org: Org) -> None:
    first, second, third = reps(org)
    give_open_leads(first, 2, LeadStatus.WORKING)
    give_open_leads(second, 1)
    give_open_leads(third, 1)
    rule("最少负载", AssignmentAction.LEAST_LOADED, 1, target_department=org.team)
    decision = assignment.assign_new_lead(lead(), NOW)
    assert decision.user_id == second.pk
    assert "当前 1 条未完成线索" in decision.explanation_zh


def test_capacity_leave_and_working_hours_skip_a_rep(org: Org) -> None:
    first, second, third = reps(org)
    RepAvailability.objects.create(user=first, capacity=2)
    give_open_leads(first, 2)
    RepAvailability.objects.create(user=second, leave_from=date(2026, 3, 3), leave_to=date(2026, 3, 5))
    rule("轮流", AssignmentAction.ROUND_ROBIN, 1, target_department=org.team)
    assert assignment.assign_new_lead(lead(), NOW).user_id == third.pk
    RepAvailability.objects.create(user=third, work_start=time(13, 0), work_end=time(18, 0))
    decision = assignment.assign_new_lead(lead(), NOW)
    assert decision.user_id is None
    RepAvailability.objects.filter(user=third).update(work_start=time(9, 0), work_days=[1, 2, 4, 5])
    assert assignment.assign_new_lead(lead(), NOW).user_id is None
    RepAvailability.objects.filter(user=third).update(work_days=[3])
    assert assignment.assign_new_lead(lead(), NOW).user_id == third.pk


def test_a_rule_without_available_reps_falls_through_to_the_next(org: Org) -> None:
    own = org.users["own"]
    RepAvailability.objects.create(user=own, leave_from=date(2026, 3, 1))
    first = rule("指定", AssignmentAction.USER, 1, target_user=own)
    second = rule("兜底", AssignmentAction.USER, 2, target_user=org.users["other_team"])
    decision = assignment.assign_new_lead(lead(), NOW)
    assert (decision.rule_id, decision.user_id) == (second.pk, org.users["other_team"].pk)
    assert decision.explanation_zh.startswith("规则「指定」的人员当前都不可用")
    assert first.pk != second.pk


def test_inactive_rules_are_skipped_and_order_is_by_position(org: Org) -> None:
    inactive = rule("停用", AssignmentAction.USER, 0, target_user=org.users["own"])
    AssignmentRule.objects.filter(pk=inactive.pk).update(is_active=False)
    rule("后", AssignmentAction.USER, 5, target_user=org.users["same_team"])
    earlier = rule("先", AssignmentAction.USER, 2, target_user=org.users["other_team"])
    decision = assignment.assign_new_lead(lead(), NOW)
    assert (decision.rule_id, decision.user_id) == (earlier.pk, org.users["other_team"].pk)


def test_pool_action_and_default_pool(org: Org) -> None:
    east = Pool.objects.create(resource="leads", name="华东公海")
    default = Pool.objects.create(resource="leads", name="默认公海", is_default=True)
    rule("展会入公海", AssignmentAction.POOL, 1, {"sources": ["exhibition"]}, target_pool=east)
    record = saved_lead(source=LeadSource.EXHIBITION)
    decision = assignment.assign_new_lead(record, NOW)
    assignment.apply_decision(record, decision, NOW)
    record.refresh_from_db()
    assert (record.owner_id, record.pool_id, record.pooled_at, record.assigned_at) == (None, east.pk, NOW, NOW)
    assert decision.explanation_zh == "规则「展会入公海」：放入公海「华东公海」"
    other = assignment.assign_new_lead(lead(), NOW)
    assert (other.pool_id, other.rule_id, other.user_id) == (default.pk, None, None)
    assert other.explanation_zh == "没有匹配的规则：放入默认公海「默认公海」"


def test_no_rule_and_no_default_pool_leaves_the_lead_unassigned(org: Org) -> None:
    record = lead()
    decision = assignment.assign_new_lead(record, NOW)
    assignment.apply_decision(record, decision, NOW)
    record.refresh_from_db()
    assert (record.owner_id, record.pool_id, record.assigned_at) == (None, None, None)
    assert decision.explanation_en == "No rule matched and there is no default pool: left unassigned"
    assert AssignmentLog.objects.count() == 0


def test_apply_decision_sets_owner_department_and_clocks(org: Org) -> None:
    own = org.users["own"]
    named = rule("指定", AssignmentAction.USER, 1, target_user=own)
    record = saved_lead()
    decision = assignment.assign_new_lead(record, NOW)
    assignment.apply_decision(record, decision, NOW)
    record.refresh_from_db()
    assert (record.owner_id, record.department_id, record.assigned_rule_id) == (own.pk, org.team.pk, named.pk)
    assert (record.assigned_at, record.idle_since, record.pool_id) == (NOW, NOW, None)
    log = AssignmentLog.objects.get(lead=record)
    assert (log.user_id, log.rule_id, log.reason, log.assigned_at) == (own.pk, named.pk, "rule", NOW)


def test_preview_writes_nothing(org: Org) -> None:
    team = rule("轮流", AssignmentAction.ROUND_ROBIN, 1, {"budget_min": 1000}, target_department=org.team)
    first = reps(org)[0]
    decision = assignment.preview({"budget": Decimal("5000"), "source": "api"}, NOW)
    assert (decision.rule_id, decision.user_id, decision.rule_name) == (team.pk, first.pk, "轮流")
    team.refresh_from_db()
    assert team.last_assigned_user_id is None
    assert assignment.preview({"budget": Decimal("10"), "source": "api"}, NOW).rule_id is None


def _batch_setup(org: Org) -> list[AssignmentRule]:
    first, second, _ = reps(org)
    RepAvailability.objects.create(user=first, capacity=40)
    RepAvailability.objects.create(user=org.users["other_team"], capacity=300)
    give_open_leads(second, 4)
    pool = Pool.objects.create(resource="leads", name="默认公海", is_default=True)
    return [
        rule("制造业轮流", AssignmentAction.ROUND_ROBIN, 1, {"industries": ["制造业"]}, target_department=org.team),
        rule("上海最少负载", AssignmentAction.LEAST_LOADED, 2, {"provinces": ["310000"]}, target_department=org.region),
        rule("大单指定", AssignmentAction.USER, 3, {"budget_min": "500000"}, target_user=org.users["other_team"]),
        rule("展会入公海", AssignmentAction.POOL, 4, {"sources": ["exhibition"]}, target_pool=pool),
    ]


def _batch_leads(count: int) -> list[Lead]:
    industries = ["制造业", "零售", ""]
    provinces = ["310000", "330000", ""]
    sources = [LeadSource.WEB_FORM, LeadSource.EXHIBITION, LeadSource.API]
    rows = [
        Lead(
            name=f"批量{index}",
            source=sources[index % 3],
            industry=industries[index % 7 % 3],
            province_code=provinces[index % 5 % 3],
            budget=Decimal(index * 1000),
        )
        for index in range(count)
    ]
    return Lead.objects.bulk_create(rows)


def test_a_batch_of_1000_decides_exactly_like_one_by_one(org: Org) -> None:
    rules = _batch_setup(org)
    leads = _batch_leads(1000)
    batch = assignment.assign_batch(leads, NOW)
    # Put the pointers back and decide again one lead at a time, applying each before the next.
    AssignmentRule.objects.update(last_assigned_user_id=None)
    one_by_one = []
    for record in Lead.objects.filter(pk__in=[record.pk for record in leads]).order_by("pk"):
        decision = assignment.assign_new_lead(record, NOW)
        assignment.apply_decision(record, decision, NOW)
        one_by_one.append(decision)
    assert [(d.user_id, d.pool_id, d.rule_id) for d in batch] == [(d.user_id, d.pool_id, d.rule_id) for d in one_by_one]
    assert [d.explanation_zh for d in batch] == [d.explanation_zh for d in one_by_one]
    used = {d.rule_id for d in batch}
    assert used == {rules[0].pk, rules[1].pk, rules[2].pk, rules[3].pk, None}
    # Capacity held inside the batch too: rep_own never went past 40 open leads.
    assert Lead.objects.filter(owner=reps(org)[0], status=LeadStatus.NEW).count() <= 40


def test_apply_decisions_bulk_writes_leads_and_logs(org: Org) -> None:
    _batch_setup(org)
    leads = _batch_leads(300)
    decisions = assignment.assign_batch(leads, NOW)
    assignment.apply_decisions_bulk(leads, decisions, NOW)
    stored = {record.pk: record for record in Lead.objects.filter(pk__in=[record.pk for record in leads])}
    for record, decision in zip(leads, decisions, strict=True):
        row = stored[record.pk]
        assert (row.owner_id, row.pool_id, row.assigned_rule_id) == (
            decision.user_id,
            decision.pool_id,
            decision.rule_id,
        )
        assert row.department_id == (decision.department_id if decision.user_id else None)
        assert row.version == 2
    logged = AssignmentLog.objects.filter(lead_id__in=stored).count()
    assert logged == sum(1 for decision in decisions if decision.user_id or decision.pool_id)


# Through the API ---------------------------------------------------------------------------------

V1 = "/api/v1/lead-settings"


def _send(org: Org, method: str, url: str, body: Any = None, persona: str = "admin") -> Any:
    client = org.client(persona)
    if body is None:
        return getattr(client, method)(url)
    return getattr(client, method)(url, data=json.dumps(body), content_type="application/json")


def test_rules_crud_order_and_stale_version(org: Org) -> None:
    created = _send(
        org,
        "post",
        f"{V1}/rules",
        {
            "name": "华东制造业",
            "action": "round_robin",
            "target_department_id": org.team.pk,
            "target_user_id": org.users["own"].pk,
            "conditions": {
                "provinces": ["310000"],
                "industries": ["制造业", "制造业"],
                "budget_min": "1000",
                "weekdays": [5, 1],
            },
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["conditions"] == {
        "provinces": ["310000"],
        "industries": ["制造业"],
        "budget_min": "1000",
        "weekdays": [1, 5],
    }
    assert (body["target_user_id"], body["target_department_name"], body["position"]) == (None, "上海组", 0)
    second = _send(
        org, "post", f"{V1}/rules", {"name": "兜底", "action": "user", "target_user_id": org.users["own"].pk}
    )
    assert second.json()["position"] == 1
    ordered = _send(org, "put", f"{V1}/rules/order", {"ids": [second.json()["id"], body["id"]]})
    assert [(rule["name"], rule["position"]) for rule in ordered.json()] == [("兜底", 0), ("华东制造业", 1)]
    stale = _send(org, "patch", f"{V1}/rules/{body['id']}", {"version": 1, "name": "旧版本"})
    assert stale.status_code == 409
    assert stale.json()["current"]["version"] == 2
    patched = _send(org, "patch", f"{V1}/rules/{body['id']}", {"version": 2, "is_active": False})
    assert (patched.json()["is_active"], patched.json()["version"]) == (False, 3)
    assert _send(org, "put", f"{V1}/rules/order", {"ids": [body["id"]]}).status_code == 422
    assert _send(org, "delete", f"{V1}/rules/{body['id']}").status_code == 204
    assert [rule["name"] for rule in _send(org, "get", f"{V1}/rules").json()] == ["兜底"]


def test_rule_validation_names_the_fields(org: Org) -> None:
    response = _send(org, "post", f"{V1}/rules", {"name": "缺目标", "action": "user"})
    assert (response.status_code, list(response.json()["fields"])) == (422, ["target_user_id"])
    response = _send(
        org,
        "post",
        f"{V1}/rules",
        {"name": "预算", "action": "pool", "conditions": {"budget_min": "9", "budget_max": "1"}},
    )
    assert response.json()["fields"] == {"conditions.budget_max": "预算上限不能小于下限。"}
    response = _send(
        org, "post", f"{V1}/rules", {"name": "时间", "action": "user", "conditions": {"time_from": "25:00"}}
    )
    assert response.status_code == 422


def test_preview_explains_who_and_which_rule(org: Org) -> None:
    rule("华东制造业", AssignmentAction.ROUND_ROBIN, 1, {"industries": ["制造业"]}, target_department=org.team)
    first = reps(org)[0]
    give_open_leads(first, 3)
    response = _send(org, "post", f"{V1}/rules/preview", {"values": {"industry": "制造业"}, "at": NOW.isoformat()})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["explanation"] == f"规则「华东制造业」：轮流分配给 {first.name}（上海组，当前 3 条未完成线索）"
    assert (body["user_id"], body["user_name"], body["rule_name"], body["pool_id"]) == (
        first.pk,
        first.name,
        "华东制造业",
        None,
    )
    english = org.client("admin").post(
        f"{V1}/rules/preview",
        data=json.dumps({"values": {"industry": "零售"}}),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert english.json()["explanation"] == "No rule matched and there is no default pool: left unassigned"


def test_availability_upsert_and_own_read(org: Org) -> None:
    own = org.users["own"]
    give_open_leads(own, 2)
    saved = _send(
        org,
        "put",
        f"{V1}/availability/{own.pk}",
        {"capacity": 2, "work_start": "09:00", "work_end": "18:00", "work_days": [5, 1, 1], "leave_from": "2026-03-10"},
    )
    assert saved.status_code == 200, saved.content
    body = saved.json()
    assert (body["capacity"], body["work_days"], body["open_leads"], body["is_available_now"]) == (2, [1, 5], 2, False)
    mine = org.client("own").get(f"{V1}/availability/{own.pk}")
    assert (mine.status_code, mine.json()["leave_from"]) == (200, "2026-03-10")
    assert org.client("own").get(f"{V1}/availability/{org.users['same_team'].pk}").status_code == 403
    bad = _send(org, "put", f"{V1}/availability/{own.pk}", {"leave_from": "2026-03-10", "leave_to": "2026-03-01"})
    assert bad.json()["fields"] == {"leave_to": "休假结束日期不能早于开始日期。"}
    bulk = _send(org, "put", f"{V1}/availability", {"items": [{"user_id": org.users["same_team"].pk, "capacity": 5}]})
    assert [(item["user_id"], item["capacity"]) for item in bulk.json()] == [(org.users["same_team"].pk, 5)]


def test_sla_update_checks_order_and_version(org: Org) -> None:
    pool = Pool.objects.create(resource="leads", name="线索公海")
    current = _send(org, "get", f"{V1}/sla").json()
    assert (current["remind_after_hours"], current["escalate_after_hours"], current["version"]) == (4, 8, 1)
    body = {"version": 1, "remind_after_hours": 4, "escalate_after_hours": 3}
    assert list(_send(org, "put", f"{V1}/sla", body).json()["fields"]) == ["escalate_after_hours"]
    body = {
        "version": 1,
        "remind_after_hours": 2,
        "escalate_after_hours": 6,
        "return_after_hours": 24,
        "return_pool_id": pool.pk,
    }
    saved = _send(org, "put", f"{V1}/sla", body).json()
    assert (saved["return_pool_name"], saved["version"]) == ("线索公海", 2)
    assert _send(org, "put", f"{V1}/sla", body).status_code == 409


def test_fairness_counts_per_rep_and_rule_over_visible_leads(org: Org, django_assert_max_num_queries: Any) -> None:
    team = rule("上海轮流", AssignmentAction.ROUND_ROBIN, 1, target_department=org.team)
    for _ in range(6):
        record = lead()
        assignment.apply_decision(record, assignment.assign_new_lead(record, NOW), NOW)
    manual = saved_lead(owner=org.users["other_team"], department=org.other_team)
    AssignmentLog.objects.create(lead=manual, user=org.users["other_team"], reason="manual", assigned_at=NOW)
    url = "/api/v1/leads/reports/fairness?from=2026-03-01&to=2026-03-31"
    client = org.client("admin")
    # Session, user, profile (3), the GROUP BY, users, rules: not one more per rep or rule.
    with django_assert_max_num_queries(8):
        body = client.get(url).json()
    key = f"rule:{team.pk}"
    assert [column["key"] for column in body["columns"]] == [key, "manual"]
    assert body["totals"] == {key: 6, "manual": 1}
    assert body["total"] == 7
    assert {row["user_id"]: row["counts"] for row in body["rows"]} == {
        **{user.pk: {key: 2} for user in reps(org)},
        org.users["other_team"].pk: {"manual": 1},
    }
    # A rep sees only the leads they own.
    mine = org.client("own").get(url).json()
    assert (mine["total"], [row["user_id"] for row in mine["rows"]]) == (2, [org.users["own"].pk])
    team_only = org.client("admin").get(f"{url}&department_id={org.other_team.pk}").json()
    assert team_only["total"] == 1
    assert org.client("admin").get("/api/v1/leads/reports/fairness?from=2026-03-31&to=2026-03-01").status_code == 422
