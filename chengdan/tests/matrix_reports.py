"""The permission-matrix rows of the daily and weekly reports.

Reports are their author's: a draft is seen by nobody else (404), a submitted report by the
supervisors whose department tree holds it (supervisor, regional manager, admin). Only the author
writes, submits and withdraws (403 `work_report.not_author` for a reader who may edit reports);
commenting and the team views (missing, remind, roll-up) need the `approve` right, the PDF the
`export` right. Templates are read by everyone and changed by admins only.
"""

from datetime import date
from typing import Any

from chengdan.notifications.models import Notification
from chengdan.reports import actions
from chengdan.reports.models import ReportComment, ReportTemplate, WorkReport
from chengdan.testing.matrix import Endpoint, Resolver, only, statuses
from chengdan.testing.org import Org

V1 = "/api/v1"
DAY = "2026-03-04"
REVIEWERS = {"supervisor": 200, "regional_manager": 200, "admin": 200}
# A submitted report of the own rep is read by the author and the supervisors above them.
READERS = statuses(200, same_team=404, other_team=404, customer_service=404)
AUTHOR_ONLY = statuses(404, own=200)

REPORT_STATE: list[tuple[Any, tuple[str, ...]]] = [
    (WorkReport, ()),
    (ReportComment, ()),
    (ReportTemplate, ()),
    (Notification, ()),
]


def _fixtures(org: Org) -> dict[str, Any]:
    fixtures: dict[str, Any] = org.__dict__.setdefault("report_fixtures", {})
    return fixtures


def own_draft(org: Org) -> int:
    """The own rep's saved daily draft (created on first use)."""
    fixtures = _fixtures(org)
    if "draft" not in fixtures:
        fixtures["draft"] = actions.save_report(
            actor=org.users["own"],
            kind="daily",
            day=date.fromisoformat(DAY),
            version=None,
            values=actions.ReportValues(summary="矩阵日报"),
        ).pk
    report_id: int = fixtures["draft"]
    return report_id


def own_submitted(org: Org) -> int:
    """The own rep's weekly report, submitted to their supervisor (created on first use)."""
    fixtures = _fixtures(org)
    if "submitted" not in fixtures:
        report = actions.save_report(
            actor=org.users["own"],
            kind="weekly",
            day=date.fromisoformat(DAY),
            version=None,
            values=actions.ReportValues(summary="矩阵周报"),
        )
        fixtures["submitted"] = actions.submit_report(
            actor=org.users["own"], report_id=report.pk, version=report.version
        ).pk
    report_id: int = fixtures["submitted"]
    return report_id


def team_template(org: Org) -> int:
    """A daily template of the own rep's team (created on first use)."""
    fixtures = _fixtures(org)
    if "template" not in fixtures:
        fixtures["template"] = ReportTemplate.objects.create(
            kind="daily",
            department=org.team,
            name="上海组日报",
            sections=[{"key": "summary", "label": "今日总结", "required": True}],
            figures=["follow_ups"],
        ).pk
    template_id: int = fixtures["template"]
    return template_id


DRAFT: dict[str, Resolver] = {"report_id": own_draft}
SUBMITTED: dict[str, Resolver] = {"report_id": own_submitted}
TEMPLATE: dict[str, Resolver] = {"template_id": team_template}

REPORT_ENDPOINTS: list[Endpoint] = [
    Endpoint("GET", f"{V1}/work-reports/draft?kind=daily&date={DAY}", statuses(200)),
    Endpoint(
        "PUT",
        f"{V1}/work-reports/draft",
        statuses(200),
        body=lambda org: {"kind": "daily", "date": DAY, "summary": "今天拜访了两家客户"},
    ),
    Endpoint("GET", f"{V1}/work-reports?kind=weekly", statuses(200)),
    Endpoint("GET", f"{V1}/work-reports/{{report_id}}", READERS, params=SUBMITTED),
    Endpoint(
        "PATCH",
        f"{V1}/work-reports/{{report_id}}",
        AUTHOR_ONLY,
        params=DRAFT,
        body=lambda org: {"version": 1, "plan": "明天跟进报价"},
    ),
    Endpoint(
        "POST",
        f"{V1}/work-reports/{{report_id}}/submit",
        AUTHOR_ONLY,
        params=DRAFT,
        body=lambda org: {"version": 1},
    ),
    Endpoint(
        "POST",
        f"{V1}/work-reports/{{report_id}}/withdraw",
        statuses(403, own=200, same_team=404, other_team=404, customer_service=404),
        params=SUBMITTED,
        body=lambda org: {"version": WorkReport.objects.get(pk=own_submitted(org)).version},
    ),
    Endpoint("GET", f"{V1}/work-reports/{{report_id}}/comments", READERS, params=SUBMITTED),
    Endpoint(
        "POST",
        f"{V1}/work-reports/{{report_id}}/comments",
        only({"supervisor": 201, "regional_manager": 201, "admin": 201}, 403),
        params=SUBMITTED,
        body=lambda org: {"body": "继续保持", "rating": 4},
    ),
    Endpoint(
        "GET",
        f"{V1}/work-reports/{{report_id}}/figures/{{figure}}/records",
        READERS,
        params={**SUBMITTED, "figure": lambda org: "follow_ups"},
    ),
    # Every role may export its own reports; others' reports stay out of sight (404).
    Endpoint("GET", f"{V1}/work-reports/{{report_id}}/pdf", only({**REVIEWERS, "own": 200}, 404), params=SUBMITTED),
    Endpoint("GET", f"{V1}/work-reports/missing?kind=daily&date={DAY}", only(REVIEWERS, 403)),
    Endpoint(
        "POST",
        f"{V1}/work-reports/missing/remind",
        only(REVIEWERS, 403),
        body=lambda org: {"kind": "daily", "date": DAY},
    ),
    Endpoint("GET", f"{V1}/work-reports/rollup?kind=weekly&date={DAY}", only(REVIEWERS, 403)),
    Endpoint(
        "GET",
        f"{V1}/work-reports/rollup/records?figure=follow_ups&kind=weekly&date={DAY}&user_id={{user_id}}",
        only(REVIEWERS, 403),
        params={"user_id": lambda org: org.users["own"].pk},
    ),
    Endpoint("GET", f"{V1}/report-templates", statuses(200)),
    Endpoint(
        "POST",
        f"{V1}/report-templates",
        only({"admin": 201}, 403),
        body=lambda org: {
            "kind": "weekly",
            "department_id": org.team.pk,
            "name": "上海组周报",
            "sections": [{"key": "summary", "label": "本周总结"}],
            "figures": ["follow_ups", "won_amount"],
        },
    ),
    Endpoint(
        "PATCH",
        f"{V1}/report-templates/{{template_id}}",
        only({"admin": 200}, 403),
        params=TEMPLATE,
        body=lambda org: {"version": 1, "name": "上海组日报（新）"},
    ),
    Endpoint("DELETE", f"{V1}/report-templates/{{template_id}}", only({"admin": 204}, 403), params=TEMPLATE),
]
