"""The leads domain's rows of the permission matrix (list, capture, bulk, detail, history, collaborators, views)."""

from chengdan.core.models import SavedView
from chengdan.leads import actions
from chengdan.leads.models import Lead
from chengdan.testing.matrix import Endpoint, only, statuses
from chengdan.testing.org import Org

V1 = "/api/v1"
MANAGERS = ("supervisor", "regional_manager", "admin")
# Reps see their own leads; customer service sees and edits every lead but may not delete or hand one over.
READERS = statuses(200, same_team=404, other_team=404)


def own_lead(org: Org) -> Lead:
    """The own rep's lead (created on first use)."""
    if "own" not in org.leads:
        org.leads["own"] = actions.create_lead(
            actor=org.users["own"],
            values={"name": "矩阵线索", "mobile": "13655556666", "company_name": "矩阵科技有限公司", "source": "phone"},
        )
    lead: Lead = org.leads["own"]
    return lead


def _view_id(org: Org) -> int:
    return SavedView.objects.create(resource="leads", name="我的线索视图", owner=org.users["own"]).pk


LEAD = f"{V1}/leads/{{lead_id}}"
OWN_LEAD = {"lead_id": lambda org: own_lead(org).pk}
VIEW = f"{V1}/leads/views/{{view_id}}"
COLLABORATOR = {**OWN_LEAD, "user_id": lambda org: org.users["same_team"].pk}

LEADS_ENDPOINTS = [
    Endpoint("GET", f"{V1}/leads", statuses(200)),
    Endpoint("POST", f"{V1}/leads", statuses(201), body=lambda org: {"name": "新线索", "mobile": "13700009999"}),
    Endpoint(
        "POST",
        f"{V1}/leads/bulk-create",
        statuses(200),
        body=lambda org: {"rows": [{"name": "批量线索", "wechat": "wx-matrix"}]},
    ),
    Endpoint(
        "POST",
        f"{V1}/leads/bulk",
        statuses(200),
        body=lambda org: {"ids": [own_lead(org).pk], "action": "set_status", "status": "working"},
    ),
    Endpoint("GET", LEAD, READERS, params=OWN_LEAD),
    Endpoint("PATCH", LEAD, READERS, params=OWN_LEAD, body=lambda org: {"version": 1, "title": "经理"}),
    Endpoint("DELETE", LEAD, only(dict.fromkeys(MANAGERS, 204), 403), params=OWN_LEAD),
    Endpoint(
        "POST",
        f"{LEAD}/transfer",
        only(dict.fromkeys(MANAGERS, 200), 403),
        params=OWN_LEAD,
        body=lambda org: {"owner_id": org.users["same_team"].pk, "version": 1},
    ),
    Endpoint("POST", f"{LEAD}/invalid", READERS, params=OWN_LEAD, body=lambda org: {"reason": "空号"}),
    Endpoint("GET", f"{LEAD}/timeline", READERS, params=OWN_LEAD),
    Endpoint("GET", f"{LEAD}/duplicates", READERS, params=OWN_LEAD),
    Endpoint("GET", f"{LEAD}/collaborators", READERS, params=OWN_LEAD),
    Endpoint(
        "PUT", f"{LEAD}/collaborators/{{user_id}}", READERS, params=COLLABORATOR, body=lambda org: {"access": "read"}
    ),
    Endpoint(
        "DELETE", f"{LEAD}/collaborators/{{user_id}}", statuses(204, same_team=404, other_team=404), params=COLLABORATOR
    ),
    # Saved views: anyone with the view right keeps their own; only the owner changes one, others get 404.
    Endpoint("GET", f"{V1}/leads/views", statuses(200)),
    Endpoint("POST", f"{V1}/leads/views", statuses(201), body=lambda org: {"name": "本周新线索", "filters": {}}),
    Endpoint("PUT", VIEW, only({"own": 200}, 404), params={"view_id": _view_id}, body=lambda org: {"name": "改名"}),
    Endpoint("DELETE", VIEW, only({"own": 204}, 404), params={"view_id": _view_id}),
]
