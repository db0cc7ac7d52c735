"""Assignment rows of the permission matrix: lead settings are admin-only, one's own availability is readable,
fairness follows the leads view right, departures need the users edit right."""

from chengdan.leads.models import AssignmentRule, LeadSlaPolicy
from chengdan.testing.matrix import Endpoint, only, statuses
from chengdan.testing.org import Org

V1 = "/api/v1"
SETTINGS = f"{V1}/lead-settings"


def _rule_id(org: Org) -> int:
    rule = AssignmentRule.objects.create(name="矩阵规则", action="user", target_user=org.users["own"])
    return rule.pk


def _rule_ids(org: Org) -> dict[str, list[int]]:
    return {"ids": list(AssignmentRule.objects.order_by("-pk").values_list("pk", flat=True))}


LEAD_RULE_ENDPOINTS = [
    Endpoint("GET", f"{SETTINGS}/rules", only({"admin": 200}, 403)),
    Endpoint(
        "POST",
        f"{SETTINGS}/rules",
        only({"admin": 201}, 403),
        body=lambda org: {"name": "上海轮流", "action": "round_robin", "target_department_id": org.team.pk},
    ),
    Endpoint("PUT", f"{SETTINGS}/rules/order", only({"admin": 200}, 403), body=_rule_ids),
    Endpoint(
        "POST",
        f"{SETTINGS}/rules/preview",
        only({"admin": 200}, 403),
        body=lambda org: {"values": {"province_code": "310000", "source": "api"}},
    ),
    Endpoint("GET", f"{SETTINGS}/rules/{{rule_id}}", only({"admin": 200}, 403), params={"rule_id": _rule_id}),
    Endpoint(
        "PATCH",
        f"{SETTINGS}/rules/{{rule_id}}",
        only({"admin": 200}, 403),
        params={"rule_id": _rule_id},
        body=lambda org: {"version": 1, "name": "改名"},
    ),
    Endpoint("DELETE", f"{SETTINGS}/rules/{{rule_id}}", only({"admin": 204}, 403), params={"rule_id": _rule_id}),
    Endpoint("GET", f"{SETTINGS}/availability", only({"admin": 200}, 403)),
    Endpoint(
        "PUT",
        f"{SETTINGS}/availability",
        only({"admin": 200}, 403),
        body=lambda org: {"items": [{"user_id": org.users["own"].pk, "capacity": 20}]},
    ),
    Endpoint(
        "GET",
        f"{SETTINGS}/availability/{{user_id}}",
        only({"admin": 200, "own": 200}, 403),
        params={"user_id": lambda org: org.users["own"].pk},
    ),
    Endpoint(
        "PUT",
        f"{SETTINGS}/availability/{{user_id}}",
        only({"admin": 200}, 403),
        params={"user_id": lambda org: org.users["own"].pk},
        body=lambda org: {"capacity": 10, "work_days": [1, 2, 3, 4, 5]},
    ),
    Endpoint("GET", f"{SETTINGS}/sla", only({"admin": 200}, 403)),
    Endpoint(
        "PUT",
        f"{SETTINGS}/sla",
        only({"admin": 200}, 403),
        body=lambda org: {"version": LeadSlaPolicy.objects.get().version, "remind_after_hours": 2},
    ),
    Endpoint("GET", f"{V1}/leads/reports/fairness?from=2026-01-01&to=2026-01-31", statuses(200)),
    Endpoint(
        "POST",
        f"{V1}/users/{{user_id}}/departure",
        only({"admin": 200}, 403),
        params={"user_id": lambda org: org.users["same_team"].pk},
        body=lambda org: {"mode": "colleague", "colleague_id": org.users["own"].pk},
    ),
]
