"""The forecast, targets, at-risk and notifications rows of the permission matrix."""

from decimal import Decimal

from chengdan.notifications import actions as notification_actions
from chengdan.opportunities.models import Target
from chengdan.testing.matrix import Endpoint, only, statuses
from chengdan.testing.org import Org

V1 = "/api/v1"
QUARTER = "period_type=quarter&period_start=2026-10-01"
TARGET_SETTERS = {"supervisor": 0, "regional_manager": 0, "admin": 0}


def _with(status: int, *personas: str) -> dict[str, int]:
    return dict.fromkeys(personas, status)


def _own_target_id(org: Org) -> int:
    own = org.users["own"]
    target = Target.objects.create(
        user=own, department=own.department, period_type="quarter", period_start="2026-10-01", amount=Decimal("100")
    )
    return target.pk


def _own_notification_id(org: Org) -> int:
    notice = notification_actions.notify(recipient=org.users["own"], kind="test", title="提醒")
    return notice.pk


OWN_TARGET = {"target_id": _own_target_id}

FORECAST_ENDPOINTS = [
    Endpoint("GET", f"{V1}/forecast?{QUARTER}&group_by=owner", statuses(200)),
    Endpoint("GET", f"{V1}/forecast/drill?{QUARTER}&figure=pipeline", statuses(200)),
    Endpoint("GET", f"{V1}/opportunities/at-risk", statuses(200)),
    Endpoint("GET", f"{V1}/targets?{QUARTER}", statuses(200)),
    Endpoint(
        "POST",
        f"{V1}/targets",
        only(_with(201, *TARGET_SETTERS), 403),
        body=lambda org: {
            "period_type": "quarter",
            "period_start": "2026-10-01",
            "user_id": org.users["own"].pk,
            "amount": "100000",
        },
    ),
    Endpoint(
        "PUT",
        f"{V1}/targets/bulk",
        only(_with(200, *TARGET_SETTERS), 403),
        body=lambda org: {
            "period_type": "quarter",
            "period_start": "2026-10-01",
            "items": [
                {"user_id": org.users["own"].pk, "amount": "100000"},
                {"department_id": org.team.pk, "amount": "1"},
            ],
        },
    ),
    Endpoint(
        "PATCH",
        f"{V1}/targets/{{target_id}}",
        only(_with(200, *TARGET_SETTERS), 403),
        params=OWN_TARGET,
        body=lambda org: {"version": 1, "amount": "5"},
    ),
    Endpoint("DELETE", f"{V1}/targets/{{target_id}}", only(_with(204, *TARGET_SETTERS), 403), params=OWN_TARGET),
    Endpoint("GET", f"{V1}/notifications", statuses(200)),
    Endpoint("GET", f"{V1}/notifications/unread-count", statuses(200)),
    Endpoint("POST", f"{V1}/notifications/read-all", statuses(200)),
    Endpoint(
        "POST",
        f"{V1}/notifications/{{notification_id}}/read",
        statuses(404, own=200),
        params={"notification_id": _own_notification_id},
    ),
]
