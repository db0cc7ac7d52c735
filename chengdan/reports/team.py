"""The supervisor's views of a team: who has not submitted, and everyone's figures side by side."""

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db.models import Q, QuerySet

from chengdan.access import engine
from chengdan.accounts.models import Department, User
from chengdan.core.errors import NotFoundError
from chengdan.core.pagination import Page, PageRequest, paginate
from chengdan.reports import figures as figure_math
from chengdan.reports import scope
from chengdan.reports.choices import ReportStatus
from chengdan.reports.models import WorkReport
from chengdan.reports.periods import ReportPeriod, period_for
from chengdan.reports.permissions import WORK_REPORTS
from chengdan.reports.queries import visible_reports

# Team views read the reports of others: the right to review (comment, rate) is what opens them.
TEAM_ACTION = "approve"
ROLLUP_LIMIT = 500


def team(actor: Any, department_id: int | None = None) -> QuerySet[User]:
    """The actor's team (see `scope.team_of`), optionally narrowed to a department's subtree."""
    engine.require_action(actor, WORK_REPORTS.resource, TEAM_ACTION)
    members = scope.team_of(actor, TEAM_ACTION)
    if department_id is not None:
        path = Department.objects.filter(pk=department_id).values_list("path", flat=True).first()
        if path is None:
            return members.none()
        members = members.filter(department__path__startswith=path)
    return members


def _submitted_authors(period: ReportPeriod) -> QuerySet[Any]:
    return WorkReport.objects.filter(kind=period.kind, period_start=period.start, status=ReportStatus.SUBMITTED).values(
        "author_id"
    )


def missing(actor: Any, kind: str, day: date, page: PageRequest) -> tuple[ReportPeriod, Page[User]]:
    """One page of the actor's team members who have not submitted their report of the period."""
    period = period_for(kind, day)
    members = team(actor).exclude(pk__in=_submitted_authors(period)).select_related("department")
    return period, paginate(members, page, allowed_ordering={"id": "id"}, default_ordering="id")


def drafted_authors(period: ReportPeriod, user_ids: list[int]) -> set[int]:
    """Who among `user_ids` has saved (not submitted) a report of the period."""
    return set(
        WorkReport.objects.filter(
            kind=period.kind, period_start=period.start, status=ReportStatus.DRAFT, author_id__in=user_ids
        ).values_list("author_id", flat=True)
    )


@dataclass
class RollupRow:
    """One rep's figures for the period, with their report's status and id (when the reader may open it)."""

    user: User
    figures: figure_math.Figures
    status: str
    report_id: int | None


@dataclass
class Rollup:
    """Per-rep figures of a period and their totals."""

    period: ReportPeriod
    rows: list[RollupRow] = field(default_factory=list)
    totals: figure_math.Figures = field(default_factory=figure_math.Figures)
    truncated: bool = False


def rollup(actor: Any, kind: str, day: date, department_id: int | None = None, now: datetime | None = None) -> Rollup:
    """The team's figures computed live for any period (one grouped query per figure) and their totals."""
    period = period_for(kind, day)
    members = list(
        team(actor, department_id).select_related("department").order_by("department__path", "pk")[: ROLLUP_LIMIT + 1]
    )
    result = Rollup(period=period, truncated=len(members) > ROLLUP_LIMIT)
    members = members[:ROLLUP_LIMIT]
    ids = [member.pk for member in members]
    computed = figure_math.compute(ids, period, now)
    reports = {
        author_id: (pk, status)
        for pk, author_id, status in visible_reports(actor)
        .filter(kind=kind, period_start=period.start, author_id__in=ids)
        .values_list("pk", "author_id", "status")
    }
    drafts = drafted_authors(period, ids)
    for member in members:
        report_id, status = reports.get(member.pk, (None, ""))
        if not status:
            status = ReportStatus.DRAFT if member.pk in drafts else "missing"
        result.rows.append(RollupRow(user=member, figures=computed[member.pk], status=status, report_id=report_id))
        result.totals.add(computed[member.pk])
    return result


def team_member(actor: Any, user_id: int) -> User:
    """A member of the actor's team, or 404 (the same answer as for an unknown user)."""
    member = team(actor).filter(pk=user_id).first()
    if member is None:
        raise NotFoundError()
    return member


def submitted_condition() -> Q:
    """Reports others may read."""
    return Q(status=ReportStatus.SUBMITTED)
