"""Pipeline settings through the API: pipelines and stages, default pipeline, lost reasons, rates, gates."""

import json
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from chengdan.accounts.models import User
from chengdan.audit.models import AuditEntry
from chengdan.opportunities.models import ExchangeRate, LostReason, Opportunity, Pipeline, Stage, StageChange
from chengdan.testing.org import PASSWORD, Org

V1 = "/api/v1/opportunity-settings"
pytestmark = pytest.mark.django_db
DEFAULT_CODES = ["initial_contact", "needs_confirmed", "proposal", "negotiation", "won", "lost"]


def _send(client: Any, method: str, url: str, body: Any, **headers: str) -> Any:
    return getattr(client, method)(url, data=json.dumps(body), content_type="application/json", **headers)


def _stages(*extra: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {"code": "visit", "name": "拜访", "name_en": "Visit", "probability": 20, "sla_days": 7, "gate": ["contact"]},
        *extra,
        {"code": "won", "name": "赢单", "kind": "won", "probability": 100, "gate": ["amount"]},
        {"code": "lost", "name": "输单", "kind": "lost", "probability": 0},
    ]


def _default() -> Pipeline:
    return Pipeline.objects.get(is_default=True)


def _copy_of_default() -> Pipeline:
    """A pipeline shaped like the default one that no deal of the persona organisation uses."""
    pipeline = Pipeline.objects.create(name="副本流程")
    for stage in _default().stages.all():
        Stage.objects.create(
            pipeline=pipeline,
            **{name: getattr(stage, name) for name in ("code", "name", "name_en", "kind", "position", "probability")},
            sla_days=stage.sla_days,
            gate=stage.gate,
        )
    return pipeline


def _deal(org: Org, stage: Stage, **values: Any) -> Opportunity:
    now = timezone.now()
    return Opportunity.objects.create(
        name="测试商机",
        customer=org.customers["own"],
        pipeline=stage.pipeline,
        stage=stage,
        status=stage.kind,
        owner=org.users["own"],
        department=org.team,
        stage_entered_at=now,
        last_activity_at=now,
        **values,
    )


def _as_payload(pipeline: Pipeline) -> list[dict[str, Any]]:
    keys = ("id", "code", "name", "name_en", "kind", "probability", "sla_days", "gate", "is_active")
    return [{key: getattr(stage, "pk" if key == "id" else key) for key in keys} for stage in pipeline.stages.all()]


def test_reps_read_the_pipelines_with_their_stages_in_order(org: Org) -> None:
    client = org.client("own")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"{V1}/pipelines")
    assert response.status_code == 200
    [pipeline] = response.json()
    assert (pipeline["name"], pipeline["name_en"], pipeline["is_default"], pipeline["version"]) == (
        "标准销售流程",
        "Standard sales",
        True,
        1,
    )
    assert [stage["code"] for stage in pipeline["stages"]] == DEFAULT_CODES
    proposal = pipeline["stages"][2]
    assert {key: proposal[key] for key in ("kind", "probability", "sla_days", "gate", "position")} == {
        "kind": "open",
        "probability": 50,
        "sla_days": 21,
        "gate": ["amount", "close_date"],
        "position": 2,
    }
    # Session, profile (3) and the two reads; adding pipelines adds no query.
    baseline = len(queries)
    for index in range(3):
        pipeline = Pipeline.objects.create(name=f"流程{index}")
        Stage.objects.create(pipeline=pipeline, code="a", name="A")
    with CaptureQueriesContext(connection) as more:
        assert len(client.get(f"{V1}/pipelines").json()) == 4
    assert len(more) == baseline


def test_a_user_with_neither_right_is_refused(org: Org) -> None:
    nobody = User.objects.create_user("nobody", "nobody@example.com", PASSWORD)
    client = org.client("own")
    client.force_login(nobody)
    for path in ("pipelines", "lost-reasons", "rates", "gate-requirements"):
        response = client.get(f"{V1}/{path}")
        assert response.status_code == 403, path
        assert response.json()["code"] == "permission_denied"


def test_gate_requirements_have_both_labels(org: Org) -> None:
    response = org.client("own").get(f"{V1}/gate-requirements")
    assert response.status_code == 200
    body = response.json()
    assert [item["code"] for item in body] == [
        "amount",
        "close_date",
        "decision_maker",
        "contact",
        "product_lines",
        "next_step",
        "competitors",
        "sent_quote",
    ]
    assert body[2] == {"code": "decision_maker", "label": "决策人联系人", "label_en": "Decision-maker contact"}


def test_admin_creates_a_pipeline_with_stages_and_it_is_audited(org: Org) -> None:
    body = {"name": "渠道销售", "name_en": "Channel", "department_id": org.region.pk, "stages": _stages()}
    response = _send(org.client("admin"), "post", f"{V1}/pipelines", body)
    assert response.status_code == 201, response.content
    created = response.json()
    assert (created["name"], created["department_id"], created["is_default"], created["version"]) == (
        "渠道销售",
        org.region.pk,
        False,
        1,
    )
    assert [(s["code"], s["kind"], s["position"], s["probability"]) for s in created["stages"]] == [
        ("visit", "open", 0, 20),
        ("won", "won", 1, 100),
        ("lost", "lost", 2, 0),
    ]
    assert created["stages"][0]["gate"] == ["contact"]
    entry = AuditEntry.objects.get(action="pipeline.created")
    assert (entry.object_type, entry.object_id, entry.actor_id) == (
        "opportunity_pipelines",
        str(created["id"]),
        org.users["admin"].pk,
    )
    assert entry.changes["name"] == [None, "渠道销售"]
    assert sorted(entry.changes["stages"][1]) == ["lost", "visit", "won"]


def test_a_pipeline_needs_an_open_stage_and_exactly_one_won_and_one_lost(org: Org) -> None:
    client = org.client("admin")
    for stages in (
        _stages()[1:],
        [*_stages(), {"code": "won2", "name": "再赢", "kind": "won"}],
        _stages()[:2],
    ):
        response = _send(client, "post", f"{V1}/pipelines", {"name": "坏流程", "stages": stages})
        assert response.status_code == 422
        assert list(response.json()["fields"]) == ["stages"]
    assert Pipeline.objects.count() == 1


def test_each_bad_stage_value_is_named(org: Org) -> None:
    stages = _stages(
        {"code": "Visit Two", "name": "", "probability": 150, "gate": ["amount", "horoscope"], "sla_days": 0},
        {"code": "visit", "name": "重复", "kind": "maybe"},
    )
    response = _send(org.client("admin"), "post", f"{V1}/pipelines", {"name": "坏流程", "stages": stages})
    assert response.status_code == 422
    fields = response.json()["fields"]
    assert set(fields) == {
        "stages.1.code",
        "stages.1.name",
        "stages.1.probability",
        "stages.1.gate",
        "stages.1.sla_days",
        "stages.2.code",
        "stages.2.kind",
    }
    assert fields["stages.2.code"] == "同一流程内阶段编码不能重复。"
    assert fields["stages.1.gate"] == "未知的准入条件：horoscope"


def test_messages_follow_the_request_language(org: Org) -> None:
    stages = _stages({"code": "x", "name": "X", "probability": -1})
    response = _send(
        org.client("admin"), "post", f"{V1}/pipelines", {"name": "P", "stages": stages}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.json()["fields"] == {"stages.1.probability": "Probability must be 0 to 100."}


def test_editing_stages_keeps_ids_and_only_deactivates_stages_deals_use(org: Org) -> None:
    pipeline = _copy_of_default()
    stages = {stage.code: stage for stage in pipeline.stages.all()}
    deal = _deal(org, stages["proposal"])
    StageChange.objects.create(
        opportunity=deal, from_stage=stages["needs_confirmed"], to_stage=stages["proposal"], moved_at=timezone.now()
    )
    payload = [
        item
        for item in _as_payload(pipeline)
        if item["code"] not in ("proposal", "needs_confirmed", "negotiation", "initial_contact")
    ]
    payload[0:0] = [
        {**_as_payload(pipeline)[0], "name": "首次拜访", "probability": 15},
        {"code": "demo", "name": "产品演示", "probability": 40, "gate": ["contact", "contact"]},
    ]
    response = _send(org.client("admin"), "patch", f"{V1}/pipelines/{pipeline.pk}", {"version": 1, "stages": payload})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["version"] == 2
    listed = [(s["id"], s["code"], s["name"], s["position"], s["is_active"]) for s in body["stages"]]
    demo_id = Stage.objects.get(pipeline=pipeline, code="demo").pk
    assert listed == [
        (stages["initial_contact"].pk, "initial_contact", "首次拜访", 0, True),
        (demo_id, "demo", "产品演示", 1, True),
        (stages["won"].pk, "won", "赢单", 2, True),
        (stages["lost"].pk, "lost", "输单", 3, True),
        (stages["needs_confirmed"].pk, "needs_confirmed", "需求确认", 4, False),
        (stages["proposal"].pk, "proposal", "方案报价", 5, False),
    ]
    assert body["stages"][1]["gate"] == ["contact"]
    assert not Stage.objects.filter(pk=stages["negotiation"].pk).exists()
    deal.refresh_from_db()
    assert deal.stage_id == stages["proposal"].pk
    entry = AuditEntry.objects.get(action="pipeline.updated")
    assert entry.data == {
        "created": ["demo"],
        "updated": ["initial_contact", "won", "lost"],
        "deactivated": ["needs_confirmed", "proposal"],
        "deleted": ["negotiation"],
    }
    assert set(entry.changes) == {"stages"}


def test_stage_codes_may_be_swapped_in_one_edit(org: Org) -> None:
    pipeline = _copy_of_default()
    payload = _as_payload(pipeline)
    payload[0]["code"], payload[1]["code"] = payload[1]["code"], payload[0]["code"]
    response = _send(org.client("admin"), "patch", f"{V1}/pipelines/{pipeline.pk}", {"version": 1, "stages": payload})
    assert response.status_code == 200, response.content
    assert [s["code"] for s in response.json()["stages"]][:2] == ["needs_confirmed", "initial_contact"]


def test_a_stage_holding_deals_keeps_its_kind_and_foreign_ids_are_refused(org: Org) -> None:
    pipeline = _copy_of_default()
    _deal(org, pipeline.stages.get(code="negotiation"))
    payload = _as_payload(pipeline)
    payload[3]["kind"], payload[4]["kind"] = "won", "open"
    other = Pipeline.objects.create(name="其他")
    foreign = Stage.objects.create(pipeline=other, code="elsewhere", name="别处")
    payload[0]["id"] = foreign.pk
    response = _send(org.client("admin"), "patch", f"{V1}/pipelines/{pipeline.pk}", {"version": 1, "stages": payload})
    assert response.status_code == 422
    assert set(response.json()["fields"]) == {"stages.0.id", "stages.3.kind"}
    assert Pipeline.objects.get(pk=pipeline.pk).version == 1


def test_a_new_default_pipeline_clears_the_old_one(org: Org) -> None:
    old = _default()
    client = org.client("admin")
    response = _send(client, "post", f"{V1}/pipelines", {"name": "新流程", "is_default": True, "stages": _stages()})
    assert response.status_code == 201
    new_id = response.json()["id"]
    assert list(Pipeline.objects.filter(is_default=True).values_list("pk", flat=True)) == [new_id]
    old.refresh_from_db()
    assert old.version == 2
    response = _send(client, "patch", f"{V1}/pipelines/{old.pk}", {"version": 2, "is_default": True})
    assert response.status_code == 200
    assert list(Pipeline.objects.filter(is_default=True).values_list("pk", flat=True)) == [old.pk]


def test_the_default_pipeline_cannot_be_unset_deactivated_or_deleted(org: Org) -> None:
    pipeline = _default()
    client = org.client("admin")
    for change in ({"is_default": False}, {"is_active": False}):
        response = _send(client, "patch", f"{V1}/pipelines/{pipeline.pk}", {"version": 1, **change})
        assert response.status_code == 409
        assert response.json()["code"] == "opportunity.pipeline_is_default"
    response = client.delete(f"{V1}/pipelines/{pipeline.pk}")
    assert response.status_code == 409
    assert response.json()["code"] == "opportunity.pipeline_is_default"
    assert Pipeline.objects.filter(pk=pipeline.pk, is_default=True, version=1).exists()


def test_a_pipeline_with_deals_cannot_be_deleted_and_an_unused_one_can(org: Org) -> None:
    client = org.client("admin")
    response = _send(client, "post", f"{V1}/pipelines", {"name": "项目制", "stages": _stages()})
    used = Pipeline.objects.get(pk=response.json()["id"])
    _deal(org, used.stages.get(code="visit"))
    response = client.delete(f"{V1}/pipelines/{used.pk}")
    assert response.status_code == 409
    assert (response.json()["code"], response.json()["opportunity_count"]) == ("opportunity.pipeline_in_use", 1)
    unused = _send(client, "post", f"{V1}/pipelines", {"name": "空流程", "stages": _stages()}).json()["id"]
    assert client.delete(f"{V1}/pipelines/{unused}").status_code == 204
    assert not Stage.objects.filter(pipeline_id=unused).exists()
    assert AuditEntry.objects.filter(action="pipeline.deleted", object_id=str(unused)).count() == 1
    assert client.delete(f"{V1}/pipelines/{unused}").status_code == 404


def test_a_stale_version_gets_409_with_the_current_pipeline(org: Org) -> None:
    pipeline = _default()
    client = org.client("admin")
    assert _send(client, "patch", f"{V1}/pipelines/{pipeline.pk}", {"version": 1, "name": "甲"}).status_code == 200
    response = _send(client, "patch", f"{V1}/pipelines/{pipeline.pk}", {"version": 1, "name": "乙"})
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "conflict.stale_version"
    assert (body["current"]["name"], body["current"]["version"], len(body["current"]["stages"])) == ("甲", 2, 6)


def test_reps_and_managers_cannot_change_settings(org: Org) -> None:
    pipeline = _default()
    for persona in ("own", "supervisor", "regional_manager"):
        client = org.client(persona)
        assert _send(client, "post", f"{V1}/pipelines", {"name": "x", "stages": _stages()}).status_code == 403
        assert _send(client, "patch", f"{V1}/pipelines/{pipeline.pk}", {"version": 1, "name": "x"}).status_code == 403
        assert client.delete(f"{V1}/pipelines/{pipeline.pk}").status_code == 403
        assert _send(client, "put", f"{V1}/lost-reasons", {"items": []}).status_code == 403
        rate = {"currency": "USD", "valid_from": "2026-07-01", "rate": "7.2"}
        assert _send(client, "post", f"{V1}/rates", rate).status_code == 403
    assert Pipeline.objects.get().name == "标准销售流程"
    assert ExchangeRate.objects.count() == 4
    assert AuditEntry.objects.filter(action="permission.denied").count() == 15


def test_replacing_lost_reasons_keeps_the_ones_deals_cite(org: Org) -> None:
    pipeline = _default()
    _deal(org, pipeline.stages.get(code="lost"), lost_reason="price", lost_at=timezone.now())
    items = [
        {"code": "competitor", "label": "选择了竞品", "label_en": "Competitor"},
        {"code": "timing", "label": "时机不对", "label_en": "Bad timing"},
        {"code": "other", "label": "其他", "is_active": False},
    ]
    response = _send(org.client("admin"), "put", f"{V1}/lost-reasons", {"items": items})
    assert response.status_code == 200, response.content
    listed = [(r["code"], r["label"], r["position"], r["is_active"]) for r in response.json()]
    assert listed == [
        ("competitor", "选择了竞品", 0, True),
        ("timing", "时机不对", 1, True),
        ("other", "其他", 2, False),
        ("price", "价格过高", 3, False),
    ]
    assert set(LostReason.objects.values_list("code", flat=True)) == {"competitor", "timing", "other", "price"}
    assert org.client("own").get(f"{V1}/lost-reasons").json() == response.json()
    assert AuditEntry.objects.filter(action="lost_reasons.replaced").count() == 1


def test_lost_reasons_need_valid_unique_codes_and_one_active(org: Org) -> None:
    client = org.client("admin")
    bad = [{"code": "A b", "label": "x"}, {"code": "dup", "label": ""}, {"code": "dup", "label": "y"}]
    response = _send(client, "put", f"{V1}/lost-reasons", {"items": bad})
    assert response.status_code == 422
    assert set(response.json()["fields"]) == {"items.0.code", "items.1.label", "items.2.code"}
    response = _send(client, "put", f"{V1}/lost-reasons", {"items": [{"code": "x", "label": "X", "is_active": False}]})
    assert response.status_code == 422
    assert list(response.json()["fields"]) == ["items"]
    assert LostReason.objects.count() == 7


def test_rates_are_added_then_replaced_for_the_same_day(org: Org) -> None:
    client = org.client("admin")
    body = {"currency": "USD", "valid_from": "2026-07-01", "rate": "7.123456789"}
    response = _send(client, "post", f"{V1}/rates", body)
    assert response.status_code == 201, response.content
    created = response.json()
    assert (created["currency"], created["valid_from"], created["rate"]) == ("USD", "2026-07-01", "7.12345679")
    response = _send(client, "post", f"{V1}/rates", {**body, "rate": 7.2})
    assert response.status_code == 200
    assert (response.json()["id"], response.json()["rate"]) == (created["id"], "7.20000000")
    assert ExchangeRate.objects.get(pk=created["id"]).rate == Decimal("7.2")
    rates = org.client("own").get(f"{V1}/rates").json()
    assert [(r["currency"], r["valid_from"], r["rate"]) for r in rates[-2:]] == [
        ("USD", "2026-07-01", "7.20000000"),
        ("USD", "2026-01-01", "7.10000000"),
    ]
    actions = list(AuditEntry.objects.filter(object_type="opportunity_exchange_rates").values_list("action", "changes"))
    assert actions == [
        ("exchange_rate.created", {"rate": [None, "7.12345679"]}),
        ("exchange_rate.updated", {"rate": ["7.12345679", "7.20000000"]}),
    ]


def test_bad_rates_are_refused_per_field(org: Org) -> None:
    client = org.client("admin")
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    cases = [
        ({"currency": "usd", "valid_from": tomorrow, "rate": "7"}, {"currency"}),
        ({"currency": "CNY", "valid_from": tomorrow, "rate": "1"}, {"currency"}),
        ({"currency": "EUR", "valid_from": tomorrow, "rate": "0"}, {"rate"}),
        ({"currency": "EUR", "valid_from": tomorrow, "rate": "-3"}, {"rate"}),
        ({"currency": "EUR", "valid_from": tomorrow, "rate": "0.000000001"}, {"rate"}),
        ({"currency": "EUR", "valid_from": tomorrow, "rate": "abc"}, {"rate"}),
        ({"currency": "EUR", "valid_from": "someday", "rate": "7"}, {"valid_from"}),
        ({"currency": "EURO", "valid_from": tomorrow, "rate": "1e20"}, {"currency", "rate"}),
    ]
    for body, fields in cases:
        response = _send(client, "post", f"{V1}/rates", body)
        assert response.status_code == 422, body
        assert set(response.json()["fields"]) == fields, body
    assert ExchangeRate.objects.count() == 4
