"""Capture through the API: tokens, Idempotency-Key, duplicate checks, rules, scores and bulk rows."""

import json

from django.test import Client

from chengdan.accounts import signin
from chengdan.audit.models import AuditEntry
from chengdan.leads.choices import AssignmentAction
from chengdan.leads.models import AssignmentLog, AssignmentRule, Lead
from chengdan.leads.tests.factories import capture_lead, make_lead
from chengdan.notifications.models import Notification
from chengdan.testing.org import Org

V1 = "/api/v1/leads"


def _token_client(org: Org, persona: str = "own") -> Client:
    _, raw = signin.create_token(actor=org.users[persona], name="网站集成", expires_in_days=30)
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def _post(client: Client, url: str, body: object, **headers: str) -> object:
    return client.post(url, data=json.dumps(body), content_type="application/json", **headers)


def test_token_and_idempotency_key_make_one_lead(org: Org) -> None:
    client = _token_client(org)
    body = {"name": "官网访客", "mobile": "13700001111", "company_name": "北京示例科技有限公司", "budget": "20万"}
    first = _post(client, V1, body, HTTP_IDEMPOTENCY_KEY="form-42")
    assert first.status_code == 201, first.json()
    replay = _post(client, V1, body, HTTP_IDEMPOTENCY_KEY="form-42")
    assert replay.status_code == 201
    assert replay["Idempotent-Replayed"] == "true"
    assert replay.json() == first.json()
    assert Lead.objects.count() == 1
    lead = Lead.objects.get()
    # The API channel, scored by the default rules: mobile 10 + company 10 + budget ≥ 10万 20.
    assert (lead.source, lead.score, lead.budget) == ("api", 40, 200000)
    assert lead.submission_key == f"api:{org.users['own'].pk}:form-42"
    reused = _post(client, V1, {**body, "name": "别人"}, HTTP_IDEMPOTENCY_KEY="form-42")
    assert reused.status_code == 422
    assert reused.json()["code"] == "idempotency.key_reused"
    assert _post(Client(), V1, body).status_code == 401


def test_same_submission_key_answers_the_first_lead(org: Org) -> None:
    first = capture_lead(None, source="web_form", key="form:abc", mobile="13700002222")
    again = capture_lead(None, source="web_form", key="form:abc", mobile="13700002222")
    assert (first.created, again.created, again.lead.pk) == (True, False, first.lead.pk)
    assert Lead.objects.count() == 1


def test_same_mobile_as_an_open_lead_notes_it_there(org: Org) -> None:
    existing = make_lead(org.users["same_team"], name="老线索", mobile="13700003333")
    response = _post(
        _token_client(org, "admin"),
        V1,
        {"name": "新名字", "mobile": "+86 137 0000 3333", "email": "buyer@example.com", "notes": "想要报价"},
    )
    assert response.status_code == 200, response.json()
    assert (response.json()["id"], response.json()["created"]) == (existing.pk, False)
    assert Lead.objects.count() == 1
    existing.refresh_from_db()
    assert existing.name == "老线索"
    # Blank fields are filled in, nothing is overwritten, and the capture is noted on the lead.
    assert existing.email == "buyer@example.com"
    assert existing.notes.endswith("再次提交（API）：想要报价")
    assert AuditEntry.objects.filter(action="lead.recaptured", object_id=str(existing.pk)).count() == 1
    # A closed lead is not reopened: the same person later is a new lead of its own.
    existing.status = "invalid"
    existing.save()
    again = capture_lead(org.users["admin"], mobile="13700003333")
    assert again.created is True
    assert again.lead.duplicate_status == "none"


def test_mobile_of_a_known_contact_links_it(org: Org) -> None:
    result = capture_lead(None, source="phone", mobile="139 1234 5678")
    lead = result.lead
    assert (lead.duplicate_status, lead.matched_contact_id, lead.matched_customer_id) == (
        "linked",
        org.contacts["own"].pk,
        org.customers["own"].pk,
    )
    by_email = capture_lead(None, email="OTHER_TEAM@example.cn").lead
    assert (by_email.matched_contact_id, by_email.matched_customer_id) == (
        org.contacts["other_team"].pk,
        org.customers["other_team"].pk,
    )


def test_company_name_variants_link_the_customer(org: Org) -> None:
    for index, company in enumerate(("own 客户股份有限公司", "OWN客户（上海）有限公司", "own 客户")):
        lead = capture_lead(None, wechat=f"wx{index}", company_name=company).lead
        assert (lead.duplicate_status, lead.matched_customer_id, lead.matched_contact_id) == (
            "linked",
            org.customers["own"].pk,
            None,
        ), company
    branch = capture_lead(None, wechat="wx-branch", company_name="own 客户有限公司杭州分公司").lead
    assert branch.matched_customer_id is None


def test_same_company_as_an_open_lead_is_flagged(org: Org) -> None:
    first = capture_lead(None, mobile="13700004444", company_name="杭州新新贸易有限公司").lead
    second = capture_lead(None, mobile="13700005555", company_name="杭州新新贸易公司").lead
    assert second.pk != first.pk
    assert (second.duplicate_status, second.matched_lead_id) == ("flagged", first.pk)


def test_rules_decide_the_owner_and_the_owner_is_told(org: Org) -> None:
    rule = AssignmentRule.objects.create(
        name="电话线索给同组", action=AssignmentAction.USER, target_user=org.users["same_team"], conditions={}
    )
    response = _post(_token_client(org), V1, {"name": "来电客户", "mobile": "13700006666"})
    assert response.status_code == 201
    body = response.json()
    # The capturing rep may not see a lead the rules gave to a colleague: only its id comes back.
    assert body["created"] is True and "lead" not in body
    lead = Lead.objects.get(pk=body["id"])
    assert (lead.owner_id, lead.department_id, lead.assigned_rule_id) == (
        org.users["same_team"].pk,
        org.team.pk,
        rule.pk,
    )
    assert list(AssignmentLog.objects.filter(lead=lead).values_list("rule_id", "user_id", "reason")) == [
        (rule.pk, org.users["same_team"].pk, "rule")
    ]
    assert Notification.objects.filter(recipient=org.users["same_team"], kind="lead.assigned").count() == 1
    named = _post(org.client("supervisor"), V1, {"name": "指定", "wechat": "wx1", "owner_id": org.users["own"].pk})
    assert named.json()["lead"]["owner_id"] == org.users["own"].pk
    outside = _post(
        org.client("supervisor"), V1, {"name": "越权", "wechat": "wx2", "owner_id": org.users["other_team"].pk}
    )
    assert outside.status_code == 422
    assert outside.json()["code"] == "permission.target_out_of_scope"


def test_bulk_create_answers_every_row(org: Org) -> None:
    rows = [
        {"name": "甲", "mobile": "13700007777", "company_name": "甲公司"},
        {"name": "乙"},
        {"name": "丙", "mobile": "12345"},
        {"name": "丁", "mobile": "13700008888", "colour": "red"},
        {"name": "甲again", "mobile": "+8613700007777"},
        {"name": "戊", "email": "wu@example.com", "source": "exhibition", "submission_key": "row-5"},
    ]
    client = org.client("own")
    response = _post(client, f"{V1}/bulk-create", {"rows": rows, "source": "import"})
    assert response.status_code == 200, response.json()
    body = response.json()
    first_id = body["rows"][0]["id"]
    assert (body["created"], body["existing"], body["failed"]) == (2, 1, 3)
    assert body["rows"][0] == {"index": 0, "id": first_id, "created": True}
    assert (body["rows"][1]["code"], sorted(body["rows"][1]["fields"])) == (
        "lead.contact_required",
        ["email", "mobile", "wechat"],
    )
    assert (body["rows"][2]["code"], list(body["rows"][2]["fields"])) == ("validation_error", ["mobile"])
    assert (body["rows"][3]["code"], list(body["rows"][3]["fields"])) == ("validation_error", ["colour"])
    assert body["rows"][4] == {"index": 4, "id": first_id, "created": False}
    assert Lead.objects.count() == 2
    assert Lead.objects.get(pk=first_id).source == "import"
    assert Lead.objects.get(name="戊").source == "exhibition"
    replayed = _post(client, f"{V1}/bulk-create", {"rows": rows[5:]})
    assert replayed.json()["rows"] == [{"index": 0, "id": Lead.objects.get(name="戊").pk, "created": False}]
    too_many = _post(client, f"{V1}/bulk-create", {"rows": [{"name": "x", "wechat": "w"}] * 1001})
    assert too_many.status_code == 422
    assert Lead.objects.count() == 2


def test_bulk_rows_follow_the_rules_and_each_owner_gets_one_notice(org: Org) -> None:
    rule = AssignmentRule.objects.create(
        name="展会给同组", action=AssignmentAction.USER, target_user=org.users["same_team"], conditions={}
    )
    rows = [
        {"name": "甲", "wechat": "wx-a", "company_name": "宁波甲乙贸易有限公司"},
        {"name": "乙", "wechat": "wx-b", "company_name": "宁波甲乙贸易公司"},
        {"name": "丙", "wechat": "wx-c", "owner_id": org.users["own"].pk},
    ]
    body = _post(org.client("supervisor"), f"{V1}/bulk-create", {"rows": rows, "source": "exhibition"}).json()
    ids = [row["id"] for row in body["rows"]]
    leads = {lead.pk: lead for lead in Lead.objects.filter(pk__in=ids)}
    first, second, chosen = (leads[pk] for pk in ids)
    assert [(lead.owner_id, lead.assigned_rule_id) for lead in (first, second, chosen)] == [
        (org.users["same_team"].pk, rule.pk),
        (org.users["same_team"].pk, rule.pk),
        (org.users["own"].pk, None),
    ]
    assert (second.duplicate_status, second.matched_lead_id) == ("flagged", first.pk)
    # Company name 10 + exhibition 10, scored with the rules loaded once for the batch.
    assert first.score == 20
    notices = Notification.objects.filter(kind="lead.assigned")
    assert sorted((n.recipient_id, n.title) for n in notices) == sorted(
        [(org.users["same_team"].pk, "新分配给您 2 条线索"), (org.users["own"].pk, "新分配给您 1 条线索")]
    )
    assert AuditEntry.objects.filter(action="lead.captured").count() == 3


def test_an_existing_lead_outside_the_callers_scope_is_not_named(org: Org) -> None:
    make_lead(org.users["own"], name="别组线索", mobile="13512340000")
    client = org.client("other_team")

    single = client.post(
        "/api/v1/leads", {"name": "重复线索", "mobile": "13512340000"}, content_type="application/json"
    )
    bulk = client.post(
        "/api/v1/leads/bulk-create",
        {"rows": [{"name": "重复线索", "mobile": "13512340000"}]},
        content_type="application/json",
    )

    assert single.status_code == 200, single.content
    assert single.json() == {"id": None, "created": False, "duplicate_status": single.json()["duplicate_status"]}
    assert bulk.status_code == 200, bulk.content
    assert bulk.json()["rows"][0]["id"] is None
    assert Lead.objects.filter(mobile="13512340000").count() == 1
