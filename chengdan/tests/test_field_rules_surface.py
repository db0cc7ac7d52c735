"""A hidden field appears in no response of any GET endpoint; a masked one never in clear."""

import json
import re
from typing import Any

import pytest

from chengdan.accounts import roles as role_actions
from chengdan.accounts.models import Role, User
from chengdan.config.api import api
from chengdan.customers import actions as customer_actions
from chengdan.testing.org import Org

PHONE = "13912345678"  # the own rep's customer phone in the persona org
PATH_VALUES = {
    "customer_id": lambda org: org.customers["own"].pk,
    "user_id": lambda org: org.users["own"].pk,
    "department_id": lambda org: org.team.pk,
    "role_id": lambda org: Role.objects.get(code="sales_rep").pk,
    "token_id": lambda org: 1,
    "contact_id": lambda org: org.contacts["own"].pk,
    "job_id": lambda org: 1,
    "view_id": lambda org: 1,
    "merge_id": lambda org: 1,
    "attachment_id": lambda org: 1,
    "opportunity_id": lambda org: org.opportunities["own"].pk if org.opportunities else 1,
    "lead_id": lambda org: org.leads["own"].pk if org.leads else 1,
    "form_id": lambda org: 1,
    "mailbox_id": lambda org: 1,
    "pool_id": lambda org: 1,
    "rule_id": lambda org: 1,
    "slug": lambda org: "no-such-form",
    "resource": lambda org: "customers",
    "object_id": lambda org: org.customers["own"].pk,
    # Activities, tasks, reports and notification settings (ids that need no fixture answer 404).
    "follow_up_id": lambda org: 1,
    "visit_id": lambda org: 1,
    "task_id": lambda org: 1,
    "report_id": lambda org: 1,
    "comment_id": lambda org: 1,
    "template_id": lambda org: 1,
    "delivery_id": lambda org: 1,
    "channel_id": lambda org: 1,
    "notification_id": lambda org: 1,
    "kind": lambda org: "daily",
    "figure": lambda org: "follow_ups",
    "token": lambda org: "no-such-token",
}
DEAL_AMOUNT = "7654321.98"  # distinctive: found in no other field


def _auditor(org: Org, rule: str) -> User:
    """A user who may read every customer and the whole audit log, with the phone field restricted."""
    role = role_actions.create_role(
        actor=org.root,
        code=f"phone_{rule}",
        name=rule,
        description="",
        grants=[
            role_actions.GrantSpec("customers", ["view", "edit"], "all", []),
            role_actions.GrantSpec("audit", ["view"], "all", []),
            role_actions.GrantSpec("users", ["view"], "all", []),
            role_actions.GrantSpec("departments", ["view"], "all", []),
            role_actions.GrantSpec("roles", ["view"], "all", []),
        ],
        field_rules=[
            role_actions.FieldRuleSpec("customers", "phone", rule),
            role_actions.FieldRuleSpec("contacts", "mobile", rule),
        ],
    )
    user = User.objects.create_user(f"auditor_{rule}", password="x" * 12, department=org.hq)
    user.roles.add(role)
    return user


def _get_operations() -> list[str]:
    schema = api.get_openapi_schema()
    return [path for path, item in schema["paths"].items() if "get" in item]


def _responses(org: Org, user: User) -> dict[str, Any]:
    # An audited change of the phone, so the audit log holds it in its diff too.
    customer_actions.update_customer(
        actor=org.root, customer_id=org.customers["own"].pk, version=1, changes={"phone": "13900001111"}
    )
    customer_actions.update_customer(
        actor=org.root, customer_id=org.customers["own"].pk, version=2, changes={"phone": PHONE}
    )
    client = org.client("anonymous")
    client.force_login(user)
    answers = {}
    for template in _get_operations():
        url = re.sub(r"\{(\w+)\}", lambda m: str(PATH_VALUES[m.group(1)](org)), template)
        response = client.get(url)
        assert response.status_code < 500, url
        answers[url] = response.content.decode()
    return answers


@pytest.mark.django_db
def test_hidden_phone_appears_nowhere(org: Org) -> None:
    answers = _responses(org, _auditor(org, "hidden"))
    assert any("customers/" in url for url in answers)
    for url, body in answers.items():
        assert PHONE not in body, url
        assert "13900001111" not in body, url
        if "/customers" in url:
            assert '"phone"' not in body, url
    audit = json.loads(answers["/api/v1/audit"])["items"]
    customer_entries = [entry for entry in audit if entry["object_type"] == "customers"]
    assert customer_entries
    assert all("phone" not in entry["changes"] for entry in customer_entries)


@pytest.mark.django_db
def test_masked_phone_is_never_in_clear(org: Org) -> None:
    answers = _responses(org, _auditor(org, "masked"))
    detail = json.loads(answers[f"/api/v1/customers/{org.customers['own'].pk}"])
    assert detail["phone"] == "139****5678"
    for url, body in answers.items():
        assert PHONE not in body, url
        assert "13900001111" not in body, url


@pytest.mark.django_db
def test_searching_by_a_restricted_field_finds_nothing(org: Org) -> None:
    client = org.client("anonymous")
    client.force_login(_auditor(org, "hidden"))
    # The keyword then only matches names: no oracle through the search box.
    response = client.get("/api/v1/customers?q=139")
    assert response.status_code == 200
    assert response.json()["items"] == []
    assert client.get("/api/v1/customers?q=own").json()["items"][0]["id"] == org.customers["own"].pk


@pytest.mark.django_db
def test_filtering_on_a_restricted_custom_field_is_refused(org: Org) -> None:
    from chengdan.customers import settings_actions

    settings_actions.create_custom_field(
        actor=org.root, values={"entity": "customer", "key": "budget", "label": "预算", "field_type": "money"}
    )
    auditor = _auditor(org, "hidden")
    role_actions.update_role(
        actor=org.root,
        role_id=auditor.roles.get().pk,
        version=auditor.roles.get().version,
        field_rules=[role_actions.FieldRuleSpec("customers", "custom.budget", "hidden")],
    )
    client = org.client("anonymous")
    client.force_login(auditor)
    response = client.get("/api/v1/customers", {"custom": json.dumps({"budget": [1, 2]})})
    assert response.status_code == 422
    assert response.json()["code"] == "permission.field_not_allowed"


def _deal_reader(org: Org) -> User:
    """A user who may read every deal, customer and the audit log, with deal amounts hidden."""
    grants = [
        role_actions.GrantSpec(resource, ["view"], "all", [])
        for resource in ("customers", "opportunities", "targets", "audit", "users", "departments")
    ]
    role = role_actions.create_role(
        actor=org.root,
        code="amounts_hidden",
        name="amounts hidden",
        description="",
        grants=grants,
        field_rules=[
            role_actions.FieldRuleSpec("opportunities", name, "hidden")
            for name in ("amount", "amount_cny", "won_amount")
        ],
    )
    user = User.objects.create_user("deal_reader", password="x" * 12, department=org.hq)
    user.roles.add(role)
    return user


@pytest.mark.django_db
def test_hidden_deal_amount_appears_nowhere(org: Org) -> None:
    from chengdan.opportunities.tests.factories import make_opportunity

    org.opportunities["own"] = make_opportunity(
        org.users["own"],
        org.customers["own"],
        name="SecretDeal 保密项目",
        lines=[{"product_name": "许可证", "quantity": "1", "unit_price": DEAL_AMOUNT, "discount_percent": "0"}],
    )
    client = org.client("anonymous")
    client.force_login(_deal_reader(org))
    seen = []
    for template in _get_operations():
        url = re.sub(r"\{(\w+)\}", lambda m: str(PATH_VALUES[m.group(1)](org)), template)
        response = client.get(url)
        assert response.status_code < 500, url
        body = response.content.decode()
        assert DEAL_AMOUNT not in body and "7,654,321" not in body, url
        if "SecretDeal" in body:
            seen.append(url)
    assert any("/opportunities/" in url for url in seen)


@pytest.mark.django_db
def test_hidden_lead_mobile_appears_nowhere(org: Org) -> None:
    from chengdan.leads.tests.factories import make_lead

    mobile = "13655556666"
    org.leads["own"] = make_lead(org.users["own"], name="LeadSecret 线索", mobile=mobile, email="x@lead.cn")
    role = role_actions.create_role(
        actor=org.root,
        code="lead_mobile_hidden",
        name="lead mobile hidden",
        description="",
        grants=[
            role_actions.GrantSpec(resource, ["view"], "all", [])
            for resource in ("customers", "leads", "audit", "users", "departments")
        ],
        field_rules=[role_actions.FieldRuleSpec("leads", "mobile", "hidden")],
    )
    reader = User.objects.create_user("lead_reader", password="x" * 12, department=org.hq)
    reader.roles.add(role)
    client = org.client("anonymous")
    client.force_login(reader)
    seen = []
    for template in _get_operations():
        url = re.sub(r"\{(\w+)\}", lambda m: str(PATH_VALUES[m.group(1)](org)), template)
        response = client.get(url)
        assert response.status_code < 500, url
        body = response.content.decode()
        assert mobile not in body and "136****6666" not in body, url
        if "LeadSecret" in body:
            seen.append(url)
    assert any("/leads/" in url for url in seen)
