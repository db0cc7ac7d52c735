"""The permission-matrix rows of the follow-ups and visits.

Follow-ups and visits inherit their record's visibility: on the own rep's customer, reps of the same or
another team get 404; supervisors, the regional manager and admin (edit right on the customer) may edit
and delete; customer service may read and log follow-ups but not change them, and may only read visits.
Checking in and out is the visiting rep's alone (403 `visit.not_owner` for anyone else who may see it).
"""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from chengdan.activities import actions, visit_actions
from chengdan.activities.models import FollowUp, Reminder, Visit
from chengdan.testing.matrix import Endpoint, only, statuses
from chengdan.testing.org import Org

V1 = "/api/v1"
FOLLOW_UP = f"{V1}/follow-ups/{{follow_up_id}}"
VISIT = f"{V1}/visits/{{visit_id}}"
MANAGERS = ("supervisor", "regional_manager", "admin")
# Seen by whoever sees the own rep's customer.
READERS = statuses(200, same_team=404, other_team=404)
# Changed by the author or whoever may edit the customer; customer service has no edit right on activities.
EDITORS = statuses(200, same_team=404, other_team=404, customer_service=403)
# Only the visiting rep checks in or out.
VISITOR = statuses(403, own=200, same_team=404, other_team=404)
POSITION = {"latitude": 31.2304, "longitude": 121.4737, "accuracy_m": 12.0}


def _fixtures(org: Org) -> dict[str, Any]:
    fixtures: dict[str, Any] = org.__dict__.setdefault("activity_fixtures", {})
    return fixtures


def own_follow_up(org: Org) -> FollowUp:
    """A follow-up the own rep logged on their customer (created on first use)."""
    fixtures = _fixtures(org)
    if "follow_up" not in fixtures:
        fixtures["follow_up"] = actions.log_follow_up(
            actor=org.users["own"],
            record_type="customers",
            record_id=org.customers["own"].pk,
            values=actions.FollowUpValues(content="矩阵跟进", next_follow_up_at=timezone.now() + timedelta(days=1)),
        )
    follow_up: FollowUp = fixtures["follow_up"]
    return follow_up


def own_visit(org: Org) -> Visit:
    """A visit the own rep planned at their customer for tomorrow."""
    fixtures = _fixtures(org)
    if "visit" not in fixtures:
        fixtures["visit"] = visit_actions.plan_visit(
            actor=org.users["own"],
            customer_id=org.customers["own"].pk,
            planned_at=timezone.now() + timedelta(days=1),
            purpose="矩阵拜访",
        )
    visit: Visit = fixtures["visit"]
    return visit


def checked_in_visit(org: Org) -> Visit:
    """A visit the own rep is on right now."""
    fixtures = _fixtures(org)
    if "checked_in" not in fixtures:
        fixtures["checked_in"] = visit_actions.check_in_unplanned(
            actor=org.users["own"],
            customer_id=org.customers["own"].pk,
            position=visit_actions.Position(latitude=31.2304, longitude=121.4737, accuracy_m=12.0),
        )
    visit: Visit = fixtures["checked_in"]
    return visit


OWN_FOLLOW_UP = {"follow_up_id": lambda org: own_follow_up(org).pk}
OWN_VISIT = {"visit_id": lambda org: own_visit(org).pk}
ON_SITE = {"visit_id": lambda org: checked_in_visit(org).pk}


def _feed(org: Org) -> int:
    own_follow_up(org)
    return org.customers["own"].pk


# Tables a refused call must leave untouched: (model, columns to ignore).
ACTIVITY_STATE: list[tuple[Any, tuple[str, ...]]] = [
    (FollowUp, ()),
    (FollowUp.participants.through, ()),
    (FollowUp.participant_contacts.through, ()),
    (Visit, ()),
    (Reminder, ()),
]

ACTIVITY_ENDPOINTS: list[Endpoint] = [
    Endpoint("GET", f"{V1}/follow-ups", statuses(200)),
    Endpoint("GET", f"{V1}/follow-ups/export.csv", only(dict.fromkeys(MANAGERS, 200), 403)),
    Endpoint(
        "GET",
        f"{V1}/follow-ups/feed?record_type=customers&record_id={{customer_id}}",
        READERS,
        params={"customer_id": _feed},
    ),
    Endpoint(
        "POST",
        f"{V1}/follow-ups",
        statuses(201, same_team=404, other_team=404),
        body=lambda org: {"record_type": "customers", "record_id": org.customers["own"].pk, "content": "电话沟通"},
    ),
    Endpoint("GET", FOLLOW_UP, READERS, params=OWN_FOLLOW_UP),
    Endpoint("PATCH", FOLLOW_UP, EDITORS, params=OWN_FOLLOW_UP, body=lambda org: {"version": 1, "content": "改"}),
    Endpoint(
        "DELETE", FOLLOW_UP, statuses(204, same_team=404, other_team=404, customer_service=403), params=OWN_FOLLOW_UP
    ),
    Endpoint("GET", f"{V1}/visits", statuses(200)),
    Endpoint(
        "POST",
        f"{V1}/visits",
        statuses(201, same_team=404, other_team=404, customer_service=403),
        body=lambda org: {
            "customer_id": org.customers["own"].pk,
            "planned_at": (timezone.now() + timedelta(days=2)).isoformat(),
            "purpose": "方案交流",
        },
    ),
    Endpoint(
        "POST",
        f"{V1}/visits/check-in",
        statuses(201, same_team=404, other_team=404, customer_service=403),
        body=lambda org: {"customer_id": org.customers["own"].pk, **POSITION},
    ),
    Endpoint("GET", VISIT, READERS, params=OWN_VISIT),
    Endpoint("PATCH", VISIT, EDITORS, params=OWN_VISIT, body=lambda org: {"version": 1, "purpose": "改期"}),
    Endpoint("POST", f"{VISIT}/cancel", EDITORS, params=OWN_VISIT, body=lambda org: {"version": 1}),
    Endpoint("POST", f"{VISIT}/check-in", VISITOR, params=OWN_VISIT, body=lambda org: dict(POSITION)),
    Endpoint(
        "POST",
        f"{VISIT}/check-out",
        VISITOR,
        params=ON_SITE,
        body=lambda org: {**POSITION, "summary": "沟通顺利"},
    ),
]
