"""Request and response shapes of the work-reports API (names prefixed: OpenAPI names are global)."""

import datetime as dt
from typing import Any

from ninja import Schema
from pydantic import Field

from chengdan.core.schemas import InputSchema

TEXT = 5000


class WorkReportSectionOut(Schema):
    """One section of a report's layout."""

    key: str
    label: str
    label_en: str = ""
    required: bool = False


class WorkReportLayoutOut(Schema):
    """The sections and figure keys a report shows (frozen on submit)."""

    sections: list[WorkReportSectionOut]
    figures: list[str]


class WorkReportFiguresOut(Schema):
    """A period's figures; `won_amount` is null for readers who may not see deal amounts."""

    follow_ups: int
    follow_ups_by_kind: dict[str, int]
    visits: int
    far_visits: int
    new_leads: int
    new_customers: int
    new_opportunities: int
    stage_moves: int
    won_deals: int
    won_amount: str | None = None
    tasks_done: int
    tasks_overdue: int


class WorkReportRowOut(Schema):
    """A report in a list; `summary` may be absent under a field rule; figures only once submitted."""

    id: int
    kind: str
    period_start: dt.date
    period_end: dt.date
    author_id: int
    author_name: str
    department_id: int | None
    department_name: str | None
    status: str
    summary: str | None = None
    submitted_at: dt.datetime | None
    submitted_to_id: int | None
    submitted_to_name: str | None
    rating: int | None
    comment_count: int
    version: int
    figures: WorkReportFiguresOut | None = None


class WorkReportOut(Schema):
    """A report with its layout and figures (live in a draft, frozen once submitted); `id` is null until saved."""

    id: int | None
    kind: str
    period_start: dt.date
    period_end: dt.date
    author_id: int
    author_name: str
    department_id: int | None
    department_name: str | None
    status: str
    summary: str | None = None
    plan: str | None = None
    problems: str | None = None
    sections: dict[str, str]
    layout: WorkReportLayoutOut
    figures: WorkReportFiguresOut
    figures_live: bool
    submitted_at: dt.datetime | None
    submitted_to_id: int | None
    submitted_to_name: str | None
    rating: int | None
    comment_count: int
    version: int | None
    created_at: dt.datetime | None
    updated_at: dt.datetime | None
    can_edit: bool
    can_withdraw: bool
    can_comment: bool
    can_export: bool


class WorkReportDraftQuery(Schema):
    """Which report to draft: the kind and a day in its period (default today)."""

    kind: str = Field(..., max_length=10)
    date: dt.date | None = None


class WorkReportSaveIn(InputSchema):
    """Save the caller's report of the period containing `date`; `version` is required once it exists."""

    kind: str = Field(..., max_length=10)
    date: dt.date
    version: int | None = None
    summary: str | None = Field(None, max_length=TEXT)
    plan: str | None = Field(None, max_length=TEXT)
    problems: str | None = Field(None, max_length=TEXT)
    sections: dict[str, str] | None = None


class WorkReportPatch(InputSchema):
    """Change the text of a draft."""

    version: int
    summary: str | None = Field(None, max_length=TEXT)
    plan: str | None = Field(None, max_length=TEXT)
    problems: str | None = Field(None, max_length=TEXT)
    sections: dict[str, str] | None = None


class WorkReportVersionIn(InputSchema):
    """The version the caller read (submit and withdraw)."""

    version: int


class WorkReportCommentIn(InputSchema):
    """A reviewer's comment with an optional rating of 1 to 5."""

    body: str = Field(..., min_length=1, max_length=2000)
    rating: int | None = Field(None, ge=1, le=5)


class WorkReportCommentOut(Schema):
    """A comment on a report."""

    id: int
    report_id: int
    author_id: int
    author_name: str
    body: str
    rating: int | None
    created_at: dt.datetime


class WorkReportFiltersIn(Schema):
    """Report list filters; `inbox` keeps the reports submitted to the caller."""

    kind: str | None = Field(None, max_length=10)
    author_id: int | None = None
    department_id: int | None = None
    status: str | None = Field(None, max_length=10)
    period_from: dt.date | None = None
    period_to: dt.date | None = None
    inbox: bool = False


class WorkReportRecordOut(Schema):
    """One record behind a figure: what it is, when, and where it opens (field rules applied to the title)."""

    id: int
    resource: str
    title: str | None = None
    date: dt.datetime | None = None
    link: str = ""
    detail: str = ""


class WorkReportRecordsQuery(Schema):
    """Narrow the follow-ups behind a figure to one kind (phone, visit, …)."""

    follow_up_kind: str | None = Field(None, max_length=20)


class WorkReportPeriodQuery(Schema):
    """A period: the kind and a day in it (default today)."""

    kind: str = Field(..., max_length=10)
    date: dt.date | None = None


class WorkReportMissingOut(Schema):
    """A team member who has not submitted the period's report; `has_draft` when one is saved."""

    user_id: int
    name: str
    department_id: int | None
    department_name: str | None
    has_draft: bool


class WorkReportRemindIn(InputSchema):
    """Remind the team's missing members of a period (or only `user_ids` among them)."""

    kind: str = Field(..., max_length=10)
    date: dt.date | None = None
    user_ids: list[int] | None = Field(None, max_length=1000)


class WorkReportRemindOut(Schema):
    """Reminders sent now (each member is reminded once per period) and members still missing."""

    sent: int
    missing: int


class WorkReportRollupQuery(Schema):
    """The roll-up's period and an optional department subtree."""

    kind: str = Field(..., max_length=10)
    date: dt.date | None = None
    department_id: int | None = None


class WorkReportRollupRowOut(Schema):
    """One rep's live figures; `status` is submitted, draft or missing; `report_id` when the reader may open it."""

    user_id: int
    name: str
    department_id: int | None
    department_name: str | None
    status: str
    report_id: int | None
    figures: WorkReportFiguresOut


class WorkReportRollupOut(Schema):
    """The team's figures for a period and their totals."""

    kind: str
    period_start: dt.date
    period_end: dt.date
    rows: list[WorkReportRollupRowOut]
    totals: WorkReportFiguresOut
    truncated: bool


class WorkReportRollupRecordsQuery(Schema):
    """A roll-up cell: the figure, the rep and the period."""

    figure: str = Field(..., max_length=40)
    user_id: int
    kind: str = Field(..., max_length=10)
    date: dt.date | None = None
    follow_up_kind: str | None = Field(None, max_length=20)


class ReportTemplateSectionIn(InputSchema):
    """One section of a template."""

    key: str = Field(..., max_length=40)
    label: str = Field(..., max_length=60)
    label_en: str = Field("", max_length=60)
    required: bool = False


class ReportTemplateOut(Schema):
    """A template; `is_default` for the department-less one of its kind."""

    id: int
    kind: str
    department_id: int | None
    department_name: str | None
    name: str
    sections: list[WorkReportSectionOut]
    figures: list[str]
    is_default: bool
    version: int


class ReportTemplateIn(InputSchema):
    """A department's template (no department: the default, one per kind)."""

    kind: str = Field(..., max_length=10)
    department_id: int | None = None
    name: str = Field(..., max_length=60)
    sections: list[ReportTemplateSectionIn] = Field(..., max_length=12)
    figures: list[str] = Field(default_factory=list, max_length=20)


class ReportTemplatePatch(InputSchema):
    """Change a template's name, sections or figures."""

    version: int
    name: str | None = Field(None, max_length=60)
    sections: list[ReportTemplateSectionIn] | None = Field(None, max_length=12)
    figures: list[str] | None = Field(None, max_length=20)


def sections_of(items: list[ReportTemplateSectionIn] | None) -> list[dict[str, Any]] | None:
    """Section inputs as plain dicts for the actions."""
    return None if items is None else [item.dict() for item in items]
