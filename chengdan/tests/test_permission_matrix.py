"""Every endpoint, as every persona: the right answer, and nothing changed after a denial."""

import hashlib
import json
from typing import Any

import pytest
from django.test import Client

from chengdan.access.models import Pool, RecordShare
from chengdan.accounts import signin
from chengdan.accounts.models import ApiToken, Department, FieldRule, Role, RoleGrant, User
from chengdan.attachments.models import Attachment
from chengdan.config.api import api
from chengdan.core.models import SavedView
from chengdan.customers.models import (
    Contact,
    Customer,
    CustomField,
    ExportJob,
    ImportJob,
    MappingTemplate,
    Merge,
    Option,
    Tag,
)
from chengdan.leads.models import (
    AssignmentLog,
    AssignmentRule,
    Lead,
    LeadSlaPolicy,
    Mailbox,
    PoolEvent,
    RepAvailability,
    ScoringRule,
    TakeBackRule,
    WebForm,
)
from chengdan.notifications.models import Notification
from chengdan.opportunities.models import (
    ExchangeRate,
    LostReason,
    Opportunity,
    OpportunityContact,
    OpportunityLine,
    Pipeline,
    Stage,
    StageChange,
    Target,
)
from chengdan.testing.matrix import Endpoint, only, statuses
from chengdan.testing.org import PASSWORD, PERSONAS, Org
from chengdan.tests.matrix_activities import ACTIVITY_ENDPOINTS, ACTIVITY_STATE
from chengdan.tests.matrix_conversion import CONVERSION_ENDPOINTS
from chengdan.tests.matrix_customers import CUSTOMER_ENDPOINTS
from chengdan.tests.matrix_forecast import FORECAST_ENDPOINTS
from chengdan.tests.matrix_lead_capture import LEAD_CAPTURE_ENDPOINTS
from chengdan.tests.matrix_lead_rules import LEAD_RULE_ENDPOINTS
from chengdan.tests.matrix_leads import LEADS_ENDPOINTS
from chengdan.tests.matrix_notifications import NOTIFICATION_ENDPOINTS, NOTIFICATION_STATE
from chengdan.tests.matrix_opportunities import OPPORTUNITY_ENDPOINTS
from chengdan.tests.matrix_opportunity_exports import EXPORT_ENDPOINTS
from chengdan.tests.matrix_opportunity_settings import SETTINGS_ENDPOINTS
from chengdan.tests.matrix_pools import POOL_ENDPOINTS
from chengdan.tests.matrix_reports import REPORT_ENDPOINTS, REPORT_STATE
from chengdan.tests.matrix_tasks import TASK_ENDPOINTS, TASK_STATE

V1 = "/api/v1"
OWN_CUSTOMER = {"customer_id": lambda org: org.customers["own"].pk}
MANAGERS = {"supervisor": 0, "regional_manager": 0, "admin": 0}


def _with(status: int, *personas: str) -> dict[str, int]:
    return dict.fromkeys(personas, status)


def _own_token(org: Org) -> int:
    token, _ = signin.create_token(actor=org.users["own"], name="matrix", expires_in_days=30)
    return token.pk


ENDPOINTS = [
    Endpoint("GET", f"{V1}/auth/csrf", statuses(200, anonymous=200)),
    Endpoint(
        "POST",
        f"{V1}/auth/login",
        statuses(401, anonymous=401),
        body=lambda org: {"username": "rep_own", "password": "wrong"},
    ),
    Endpoint("POST", f"{V1}/auth/logout", statuses(204)),
    Endpoint("GET", f"{V1}/auth/me", statuses(200)),
    Endpoint(
        "POST",
        f"{V1}/auth/password",
        statuses(422),
        body=lambda org: {"old_password": "not-my-password", "new_password": "Another-Passw0rd!"},
    ),
    Endpoint("GET", f"{V1}/auth/tokens", statuses(200)),
    Endpoint("POST", f"{V1}/auth/tokens", statuses(201), body=lambda org: {"name": "ci", "expires_in_days": 7}),
    Endpoint(
        "DELETE",
        f"{V1}/auth/tokens/{{token_id}}",
        statuses(404, own=204),
        params={"token_id": _own_token},
    ),
    Endpoint("GET", f"{V1}/departments", statuses(200)),
    Endpoint(
        "POST",
        f"{V1}/departments",
        only({"admin": 201}, 403),
        body=lambda org: {"name": "新团队", "parent_id": org.region.pk},
    ),
    Endpoint(
        "PATCH",
        f"{V1}/departments/{{department_id}}",
        only({"admin": 200}, 403),
        params={"department_id": lambda org: org.team.pk},
        body=lambda org: {"version": org.team.version, "name": "上海一组"},
    ),
    Endpoint("GET", f"{V1}/users", statuses(200)),
    Endpoint("GET", f"{V1}/users/{{user_id}}", statuses(200), params={"user_id": lambda org: org.users["own"].pk}),
    Endpoint(
        "POST",
        f"{V1}/users",
        only({"admin": 201}, 403),
        body=lambda org: {"username": "newbie", "password": "Newbie-Passw0rd!", "department_id": org.team.pk},
    ),
    Endpoint(
        "PATCH",
        f"{V1}/users/{{user_id}}",
        only({"admin": 200}, 403),
        params={"user_id": lambda org: org.users["same_team"].pk},
        body=lambda org: {"version": org.users["same_team"].version, "display_name": "改名"},
    ),
    Endpoint(
        "POST",
        f"{V1}/users/{{user_id}}/reset-password",
        only({"admin": 204}, 403),
        params={"user_id": lambda org: org.users["same_team"].pk},
        body=lambda org: {"new_password": "Reset-Passw0rd!"},
    ),
    Endpoint("GET", f"{V1}/roles", only({"admin": 200}, 403)),
    Endpoint(
        "POST",
        f"{V1}/roles",
        only({"admin": 201}, 403),
        body=lambda org: {
            "code": "auditor",
            "name": "审计员",
            "grants": [{"resource": "audit", "actions": ["view"], "scope": "all"}],
        },
    ),
    Endpoint(
        "PATCH",
        f"{V1}/roles/{{role_id}}",
        only({"admin": 200}, 403),
        params={"role_id": lambda org: Role.objects.get(code="sales_rep").pk},
        body=lambda org: {"version": Role.objects.get(code="sales_rep").version, "description": "改"},
    ),
    Endpoint("GET", f"{V1}/permissions/catalog", statuses(200)),
    Endpoint("GET", f"{V1}/audit", only({"admin": 200, "regional_manager": 200}, 403)),
    Endpoint("GET", f"{V1}/customers", statuses(200)),
    Endpoint(
        "POST",
        f"{V1}/customers",
        statuses(201, customer_service=403),
        body=lambda org: {"name": "新客户有限公司", "phone": "13800001111"},
    ),
    Endpoint(
        "GET",
        f"{V1}/customers/{{customer_id}}",
        statuses(200, same_team=404, other_team=404),
        params=OWN_CUSTOMER,
    ),
    Endpoint(
        "PATCH",
        f"{V1}/customers/{{customer_id}}",
        statuses(200, same_team=404, other_team=404),
        params=OWN_CUSTOMER,
        body=lambda org: {"version": 1, "notes": "已改"},
    ),
    Endpoint(
        "DELETE",
        f"{V1}/customers/{{customer_id}}",
        only(_with(204, *MANAGERS), 403),
        params=OWN_CUSTOMER,
    ),
    Endpoint(
        "POST",
        f"{V1}/customers/{{customer_id}}/transfer",
        only(_with(200, *MANAGERS), 403),
        params=OWN_CUSTOMER,
        body=lambda org: {"owner_id": org.users["same_team"].pk, "version": 1},
    ),
    Endpoint(
        "GET",
        f"{V1}/customers/{{customer_id}}/collaborators",
        statuses(200, same_team=404, other_team=404),
        params=OWN_CUSTOMER,
    ),
    Endpoint(
        "PUT",
        f"{V1}/customers/{{customer_id}}/collaborators/{{user_id}}",
        statuses(200, same_team=404, other_team=404),
        params={**OWN_CUSTOMER, "user_id": lambda org: org.users["same_team"].pk},
        body=lambda org: {"access": "read"},
    ),
    Endpoint(
        "DELETE",
        f"{V1}/customers/{{customer_id}}/collaborators/{{user_id}}",
        statuses(204, same_team=404, other_team=404),
        params={**OWN_CUSTOMER, "user_id": lambda org: org.users["same_team"].pk},
    ),
    *CUSTOMER_ENDPOINTS,
    *FORECAST_ENDPOINTS,
    *OPPORTUNITY_ENDPOINTS,
    *EXPORT_ENDPOINTS,
    *SETTINGS_ENDPOINTS,
    *POOL_ENDPOINTS,
    *LEADS_ENDPOINTS,
    *CONVERSION_ENDPOINTS,
    *LEAD_CAPTURE_ENDPOINTS,
    *LEAD_RULE_ENDPOINTS,
    *ACTIVITY_ENDPOINTS,
    *TASK_ENDPOINTS,
    *REPORT_ENDPOINTS,
    *NOTIFICATION_ENDPOINTS,
]


def _state() -> str:
    """A fingerprint of every business table, to prove a denial changed nothing."""
    rows: list[Any] = []
    for model, exclude in (
        (Customer, ()),
        (Contact, ()),
        (Attachment, ()),
        (Tag, ()),
        (Option, ()),
        (CustomField, ()),
        (Merge, ()),
        (SavedView, ()),
        (ImportJob, ()),
        (MappingTemplate, ()),
        (ExportJob, ()),
        (Department, ()),
        (User, ("last_login",)),
        (Role, ()),
        (RoleGrant, ()),
        (FieldRule, ()),
        (RecordShare, ()),
        (ApiToken, ("last_used_at",)),
        (Pipeline, ()),
        (Stage, ()),
        (LostReason, ()),
        (ExchangeRate, ()),
        (Opportunity, ()),
        (OpportunityLine, ()),
        (OpportunityContact, ()),
        (StageChange, ()),
        (Target, ()),
        (Notification, ()),
        (Pool, ()),
        (PoolEvent, ()),
        (Lead, ()),
        (WebForm, ()),
        # A refused poll records its error on the mailbox; that is the answer, not a change of settings.
        (Mailbox, ("last_polled_at", "last_error")),
        (AssignmentRule, ()),
        (RepAvailability, ()),
        (LeadSlaPolicy, ()),
        (AssignmentLog, ()),
        (ScoringRule, ()),
        (TakeBackRule, ()),
        *ACTIVITY_STATE,
        *TASK_STATE,
        *REPORT_STATE,
        *NOTIFICATION_STATE,
    ):
        fields = [f.attname for f in model._meta.concrete_fields if f.attname not in exclude]
        rows.append(list(model.objects.order_by("pk").values_list(*fields)))
    return hashlib.sha256(json.dumps(rows, default=str).encode()).hexdigest()


def _call(client: Client, method: str, url: str, body: dict[str, Any] | None, multipart: bool = False) -> Any:
    send = getattr(client, method.lower())
    if body is None:
        return send(url)
    if multipart:
        return send(url, data=body)
    return send(url, data=json.dumps(body), content_type="application/json")


def test_every_operation_is_declared() -> None:
    schema = api.get_openapi_schema()
    operations = {(method.upper(), path) for path, item in schema["paths"].items() for method in item}
    declared = {endpoint.key for endpoint in ENDPOINTS}
    assert operations - declared == set(), "declare these endpoints in the permission matrix"
    assert declared - operations == set(), "the matrix declares endpoints that no longer exist"


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: f"{e.method} {e.path.removeprefix(V1)}")
def test_endpoint_as_persona(org: Org, endpoint: Endpoint, persona: str) -> None:
    client = org.client(persona)
    url = endpoint.url(org)
    body = endpoint.body(org) if endpoint.body else None
    before = _state()
    response = _call(client, endpoint.method, url, body, endpoint.multipart)
    expected = endpoint.expect[persona]
    assert response.status_code == expected, response.content
    if expected >= 400:
        assert _state() == before, "a denied request changed data"
        body = response.json()
        assert set(body) >= {"code", "message", "fields"}


def test_out_of_scope_id_answers_exactly_like_a_missing_one(org: Org) -> None:
    client = org.client("same_team")
    hidden = client.get(f"{V1}/customers/{org.customers['own'].pk}")
    missing = client.get(f"{V1}/customers/999999")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()


def test_session_writes_need_csrf(org: Org) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(org.users["own"])
    response = client.post(f"{V1}/customers", data={"name": "x"}, content_type="application/json")
    assert response.status_code == 403
    assert response.json()["code"] == "auth.csrf_failed"
    assert not Customer.objects.filter(name="x").exists()


def test_login_with_correct_password_for_every_persona(org: Org) -> None:
    for persona in PERSONAS[1:]:
        client = Client()
        response = client.post(
            f"{V1}/auth/login",
            data={"username": org.users[persona].username, "password": PASSWORD},
            content_type="application/json",
        )
        assert response.status_code == 200, persona
        assert response.json()["username"] == org.users[persona].username
