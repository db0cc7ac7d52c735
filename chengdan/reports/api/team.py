"""HTTP endpoints of the team views: who has not submitted (and reminding them), the roll-up and its records."""

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router

from chengdan.accounts.actor import actor_of
from chengdan.core.pagination import PageRequest
from chengdan.core.schemas import PageQuery, page_body, page_of, responses
from chengdan.reports import actions, records, team
from chengdan.reports.api.common import day_or_today
from chengdan.reports.periods import check_kind, period_for
from chengdan.reports.rendering import figures_data
from chengdan.reports.schemas import (
    WorkReportMissingOut,
    WorkReportPeriodQuery,
    WorkReportRecordOut,
    WorkReportRemindIn,
    WorkReportRemindOut,
    WorkReportRollupOut,
    WorkReportRollupQuery,
    WorkReportRollupRecordsQuery,
)

router = Router(tags=["work-reports"])


@router.get("/work-reports/missing", response=responses(page_of(WorkReportMissingOut)))
def list_missing(request: HttpRequest, query: Query[WorkReportPeriodQuery], page: Query[PageQuery]) -> dict[str, Any]:
    """The caller's team members who have not submitted the period's report."""
    actor = actor_of(request)
    period, found = team.missing(actor, check_kind(query.kind), day_or_today(query.date), PageRequest(**page.dict()))
    drafts = team.drafted_authors(period, [user.pk for user in found.items])
    items = [
        {
            "user_id": user.pk,
            "name": user.name,
            "department_id": user.department_id,
            "department_name": user.department.name if user.department else None,
            "has_draft": user.pk in drafts,
        }
        for user in found.items
    ]
    return page_body(found, items)


@router.post("/work-reports/missing/remind", response=responses(WorkReportRemindOut))
def remind_missing(request: HttpRequest, payload: WorkReportRemindIn) -> dict[str, int]:
    """Remind the missing members (once per member and period, whoever sends it)."""
    sent, missing = actions.remind_missing(
        actor=actor_of(request),
        kind=check_kind(payload.kind),
        day=day_or_today(payload.date),
        user_ids=payload.user_ids,
    )
    return {"sent": sent, "missing": missing}


@router.get("/work-reports/rollup", response=responses(WorkReportRollupOut))
def rollup(request: HttpRequest, query: Query[WorkReportRollupQuery]) -> dict[str, Any]:
    """Each team member's figures for the period, computed live, with totals."""
    actor = actor_of(request)
    result = team.rollup(actor, check_kind(query.kind), day_or_today(query.date), query.department_id)
    return {
        "kind": result.period.kind,
        "period_start": result.period.start,
        "period_end": result.period.end,
        "rows": [
            {
                "user_id": row.user.pk,
                "name": row.user.name,
                "department_id": row.user.department_id,
                "department_name": row.user.department.name if row.user.department else None,
                "status": row.status,
                "report_id": row.report_id,
                "figures": figures_data(actor, row.figures),
            }
            for row in result.rows
        ],
        "totals": figures_data(actor, result.totals),
        "truncated": result.truncated,
    }


@router.get("/work-reports/rollup/records", response=responses(page_of(WorkReportRecordOut)), exclude_unset=True)
def rollup_records(
    request: HttpRequest, query: Query[WorkReportRollupRecordsQuery], page: Query[PageQuery]
) -> dict[str, Any]:
    """The records behind one roll-up cell that the caller may see (the count is the rep's)."""
    actor = actor_of(request)
    period = period_for(check_kind(query.kind), day_or_today(query.date))
    member = team.team_member(actor, query.user_id)
    resource, found = records.figure_records(
        actor,
        query.figure,
        member.pk,
        period,
        PageRequest(**page.dict()),
        now=timezone.now(),
        follow_up_kind=query.follow_up_kind,
    )
    date_field = records.SOURCES[query.figure].date_field
    return page_body(found, [records.render_record(actor, resource, row, date_field) for row in found.items])
