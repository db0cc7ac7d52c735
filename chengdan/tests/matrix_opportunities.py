"""The opportunities domain's rows of the permission matrix (deals, board, stage moves, collaborators, views)."""

from decimal import Decimal

from chengdan.core.models import SavedView
from chengdan.customers.models import Tag
from chengdan.opportunities import actions
from chengdan.opportunities.models import Opportunity, Stage
from chengdan.testing.matrix import Endpoint, only, statuses
from chengdan.testing.org import Org

V1 = "/api/v1"
MANAGERS = ("supervisor", "regional_manager", "admin")
# Reps see only their own deals; customer service sees every deal but may not change one.
EDITORS = statuses(200, same_team=404, other_team=404, customer_service=403)
READERS = statuses(200, same_team=404, other_team=404)


def own_deal(org: Org) -> Opportunity:
    """The own rep's deal (created on first use: a deal protects its customer from deletion)."""
    if "own" not in org.opportunities:
        org.opportunities["own"] = actions.create_opportunity(
            actor=org.users["own"],
            name="own 商机",
            customer_id=org.customers["own"].pk,
            values={"amount": Decimal("100000.00"), "next_step": "约见客户"},
        )
    return org.opportunities["own"]


def _stage(code: str) -> int:
    return Stage.objects.get(pipeline__is_default=True, code=code).pk


def _lost_deal(org: Org) -> int:
    deal = own_deal(org)
    actions.mark_opportunity_lost(actor=org.root, opportunity_id=deal.pk, version=None, lost_reason="price")
    return deal.pk


def _tag_id(org: Org) -> int:
    return Tag.objects.get_or_create(name="商机标签")[0].pk


def _view_id(org: Org) -> int:
    return SavedView.objects.create(resource="opportunities", name="我的商机视图", owner=org.users["own"]).pk


VIEW = f"{V1}/opportunities/views/{{view_id}}"
OWN_VIEW = {"view_id": _view_id}
OWN_DEAL = {"opportunity_id": lambda org: own_deal(org).pk}
DEAL = f"{V1}/opportunities/{{opportunity_id}}"

OPPORTUNITY_ENDPOINTS = [
    Endpoint("GET", f"{V1}/opportunities", statuses(200)),
    Endpoint(
        "POST",
        f"{V1}/opportunities",
        statuses(201, same_team=404, other_team=404, customer_service=403),
        body=lambda org: {"name": "新商机", "customer_id": org.customers["own"].pk, "amount": "1000"},
    ),
    Endpoint(
        "POST",
        f"{V1}/opportunities/bulk",
        statuses(200, customer_service=403),
        body=lambda org: {"ids": [own_deal(org).pk], "action": "add_tag", "tag_id": _tag_id(org)},
    ),
    Endpoint("GET", DEAL, READERS, params=OWN_DEAL),
    Endpoint("PATCH", DEAL, EDITORS, params=OWN_DEAL, body=lambda org: {"version": 1, "next_step": "已改"}),
    Endpoint("DELETE", DEAL, only(dict.fromkeys(MANAGERS, 204), 403), params=OWN_DEAL),
    Endpoint(
        "POST",
        f"{DEAL}/move",
        EDITORS,
        params=OWN_DEAL,
        body=lambda org: {"version": 1, "stage_id": _stage("lost"), "lost_reason": "price"},
    ),
    Endpoint("POST", f"{DEAL}/won", EDITORS, params=OWN_DEAL, body=lambda org: {"version": 1}),
    Endpoint(
        "POST", f"{DEAL}/lost", EDITORS, params=OWN_DEAL, body=lambda org: {"version": 1, "lost_reason": "no_budget"}
    ),
    Endpoint(
        "POST",
        f"{DEAL}/reopen",
        EDITORS,
        params={"opportunity_id": _lost_deal},
        body=lambda org: {"version": 2, "stage_id": _stage("initial_contact")},
    ),
    Endpoint(
        "POST",
        f"{DEAL}/transfer",
        only(dict.fromkeys(MANAGERS, 200), 403),
        params=OWN_DEAL,
        body=lambda org: {"owner_id": org.users["same_team"].pk, "version": 1},
    ),
    Endpoint("GET", f"{DEAL}/stage-history", READERS, params=OWN_DEAL),
    Endpoint("GET", f"{DEAL}/timeline", READERS, params=OWN_DEAL),
    Endpoint("GET", f"{DEAL}/collaborators", READERS, params=OWN_DEAL),
    Endpoint(
        "PUT",
        f"{DEAL}/collaborators/{{user_id}}",
        EDITORS,
        params={**OWN_DEAL, "user_id": lambda org: org.users["same_team"].pk},
        body=lambda org: {"access": "read"},
    ),
    Endpoint(
        "DELETE",
        f"{DEAL}/collaborators/{{user_id}}",
        statuses(204, same_team=404, other_team=404, customer_service=403),
        params={**OWN_DEAL, "user_id": lambda org: org.users["same_team"].pk},
    ),
    Endpoint(
        "GET",
        f"{V1}/customers/{{customer_id}}/opportunities",
        READERS,
        params={"customer_id": lambda org: own_deal(org).customer_id},
    ),
    Endpoint("GET", f"{V1}/opportunities/board", statuses(200)),
    Endpoint(
        "GET",
        f"{V1}/opportunities/board/column?stage_id={{stage_id}}",
        statuses(200),
        params={"stage_id": lambda org: _stage("initial_contact")},
    ),
    # Saved views: anyone with the view right keeps their own; only the owner changes one, others get 404.
    Endpoint("GET", f"{V1}/opportunities/views", statuses(200)),
    Endpoint("POST", f"{V1}/opportunities/views", statuses(201), body=lambda org: {"name": "本月重点", "filters": {}}),
    Endpoint("PUT", VIEW, only({"own": 200}, 404), params=OWN_VIEW, body=lambda org: {"name": "改名"}),
    Endpoint("DELETE", VIEW, only({"own": 204}, 404), params=OWN_VIEW),
]
