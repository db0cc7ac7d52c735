"""The conversion helper's rows of the permission matrix: convert, preview, scoring rules, lead import."""

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from chengdan.leads import actions
from chengdan.leads.models import Lead, ScoringRule
from chengdan.testing.matrix import Endpoint, only, statuses
from chengdan.testing.org import Org

V1 = "/api/v1"
LEAD = f"{V1}/leads/{{lead_id}}"
RULE = f"{V1}/lead-settings/scoring-rules/{{rule_id}}"
ADMIN_ONLY = {"admin": 200}
# Reps reach only their own leads; supervisors and managers their team's; customer service every lead.
LEAD_READERS = statuses(200, same_team=404, other_team=404)
IMPORTERS = only({"supervisor": 200, "regional_manager": 200, "admin": 200}, 403)


def convertible_lead(org: Org) -> Lead:
    """The own rep's lead (created on first use), waiting to be converted."""
    if "conversion" not in org.leads:
        org.leads["conversion"] = actions.create_lead(
            actor=org.users["own"],
            values={"name": "转化测试", "mobile": "13655550000", "company_name": "转化测试有限公司", "source": "phone"},
        )
    lead: Lead = org.leads["conversion"]
    return lead


def _rule_id(org: Org) -> int:
    return ScoringRule.objects.order_by("pk").values_list("pk", flat=True)[0]


def _convert_body(org: Org) -> dict[str, Any]:
    return {
        "version": convertible_lead(org).version,
        "customer": {"mode": "existing", "customer_id": org.customers["own"].pk},
        "contact": {"mode": "none"},
    }


def _upload(org: Org) -> dict[str, Any]:
    text = "姓名,手机,公司名称\n导入测试,13655551111,导入测试有限公司\n"
    return {"file": SimpleUploadedFile("leads.csv", text.encode("gbk"), content_type="text/csv")}


OWN_LEAD = {"lead_id": lambda org: convertible_lead(org).pk}
OWN_RULE = {"rule_id": _rule_id}

CONVERSION_ENDPOINTS = [
    Endpoint("GET", f"{LEAD}/conversion-preview", LEAD_READERS, params=OWN_LEAD),
    Endpoint("POST", f"{LEAD}/convert", LEAD_READERS, params=OWN_LEAD, body=_convert_body),
    Endpoint("POST", f"{V1}/leads/import", IMPORTERS, body=_upload, multipart=True),
    Endpoint("GET", f"{V1}/lead-settings/scoring-rules", only(ADMIN_ONLY, 403)),
    Endpoint(
        "POST",
        f"{V1}/lead-settings/scoring-rules",
        only({"admin": 201}, 403),
        body=lambda org: {"name": "展会", "field": "source", "operator": "equals", "value": "exhibition", "points": 5},
    ),
    Endpoint("PATCH", RULE, only(ADMIN_ONLY, 403), params=OWN_RULE, body=lambda org: {"points": 12}),
    Endpoint("DELETE", RULE, only({"admin": 204}, 403), params=OWN_RULE),
]
