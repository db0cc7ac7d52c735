"""Writes on work reports: save a draft, submit (figures frozen), withdraw, comment and rate, remind."""

import os
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from chengdan.access import engine
from chengdan.accounts.models import User
from chengdan.core.errors import StaleVersionError
from chengdan.core.events import Event, diff, publish, snapshot
from chengdan.core.versioning import bump_version
from chengdan.notifications import actions as notifications
from chengdan.reports import figures as figure_math
from chengdan.reports import queries, scope, team
from chengdan.reports.choices import ReportKind, ReportStatus
from chengdan.reports.drafting import layout_of
from chengdan.reports.errors import ReportError
from chengdan.reports.models import ReportComment, WorkReport
from chengdan.reports.notice_kinds import COMMENTED, MISSING, SUBMITTED
from chengdan.reports.periods import ReportPeriod, local_today, period_for
from chengdan.reports.permissions import WORK_REPORTS
from chengdan.reports.templates import STANDARD_SECTIONS, template_for

AUDITED = ["status", "summary", "plan", "problems", "sections", "submitted_to_id"]
KIND_LABELS = {ReportKind.DAILY: ("日报", "daily report"), ReportKind.WEEKLY: ("周报", "weekly report")}


@dataclass(frozen=True)
class ReportValues:
    """What the author writes; None leaves a part as it is."""

    summary: str | None = None
    plan: str | None = None
    problems: str | None = None
    sections: dict[str, str] | None = None


def _publish(name: str, report: WorkReport, actor: User, changes: dict[str, Any], **data: Any) -> None:
    label = f"{report.kind} {report.period_start}"
    publish(Event(name, WORK_REPORTS.resource, str(report.pk), label, actor.pk, changes=changes, data=data))


def _label(kind: str) -> tuple[str, str]:
    return KIND_LABELS.get(ReportKind(kind), (kind, kind))


def _apply(report: WorkReport, values: ReportValues) -> None:
    """Write the author's text; extra sections must be ones the report's template defines."""
    for name in STANDARD_SECTIONS:
        value = getattr(values, name)
        if value is not None:
            setattr(report, name, value.strip())
    if values.sections is not None:
        layout = layout_of(template_for(report.department_id, report.kind))
        extra = {section["key"] for section in layout["sections"]} - set(STANDARD_SECTIONS)
        unknown = sorted(set(values.sections) - extra)
        if unknown:
            raise ReportError.invalid(
                f"sections.{unknown[0]}", "模板中没有这个栏目。", "The report's template has no such section."
            )
        report.sections = {key: text.strip() for key, text in values.sections.items()}


def _check_period(period: ReportPeriod, now: datetime) -> None:
    if period.start > local_today(now):
        raise ReportError.invalid("date", "不能提前填写以后的报告。", "You cannot write a report for a future period.")


def _own_for_update(actor: User, report_id: int) -> WorkReport:
    """The actor's own report, locked; someone else's visible report is refused with 403."""
    report = queries.get_report(actor, report_id, "edit", for_update=True)
    if report.author_id != actor.pk:
        raise ReportError.not_author()
    return report


def _check_version(report: WorkReport, version: int) -> None:
    if report.version != version:
        raise StaleVersionError(report)


def save_report(
    *, actor: User, kind: str, day: date, version: int | None, values: ReportValues, now: datetime | None = None
) -> WorkReport:
    """Create or update the actor's report of the period containing `day` (409 on a stale or missing version)."""
    now = now or timezone.now()
    period = period_for(kind, day)
    _check_period(period, now)
    existing = WorkReport.objects.filter(author_id=actor.pk, kind=kind, period_start=period.start).first()
    if existing is not None:
        if version is None:
            raise StaleVersionError(existing)
        return update_report(actor=actor, report_id=existing.pk, version=version, values=values)
    engine.require_action(actor, WORK_REPORTS.resource, "create")
    report = WorkReport(
        kind=kind,
        author=actor,
        department_id=actor.department_id,
        period_start=period.start,
        period_end=period.end,
        status=ReportStatus.DRAFT,
    )
    _apply(report, values)
    engine.ensure_within_reach(actor, WORK_REPORTS.resource, "create", report)
    try:
        with transaction.atomic():
            report.save()
            _publish("work_report.created", report, actor, diff({}, snapshot(report, AUDITED)))
    except IntegrityError:
        # A concurrent save of the same period won; the client merges with it.
        raise StaleVersionError(
            WorkReport.objects.get(author_id=actor.pk, kind=kind, period_start=period.start)
        ) from None
    return report


def update_report(*, actor: User, report_id: int, version: int, values: ReportValues) -> WorkReport:
    """Change the text of the actor's draft (409 when stale, or when it is submitted)."""
    with transaction.atomic():
        report = _own_for_update(actor, report_id)
        _check_version(report, version)
        if report.status == ReportStatus.SUBMITTED:
            raise ReportError.submitted()
        before = snapshot(report, AUDITED)
        _apply(report, values)
        if snapshot(report, AUDITED) != before:
            bump_version(report)
            report.save()
            _publish("work_report.updated", report, actor, diff(before, snapshot(report, AUDITED)))
    return report


def _check_required(report: WorkReport, layout: dict[str, Any]) -> None:
    empty: dict[str, str] = {}
    for section in layout["sections"]:
        if not section.get("required"):
            continue
        key = section["key"]
        text = getattr(report, key) if key in STANDARD_SECTIONS else (report.sections or {}).get(key, "")
        if not str(text or "").strip():
            empty[key if key in STANDARD_SECTIONS else f"sections.{key}"] = ReportError.invalid(
                key, "请填写此栏目。", "This section is required."
            ).fields[key]
    if empty:
        raise ReportError.sections_required(empty)


def submit_report(*, actor: User, report_id: int, version: int, now: datetime | None = None) -> WorkReport:
    """Submit the actor's draft to their supervisor: figures and layout are frozen, the supervisor is notified."""
    now = now or timezone.now()
    with transaction.atomic():
        report = _own_for_update(actor, report_id)
        _check_version(report, version)
        if report.status == ReportStatus.SUBMITTED:
            raise ReportError.submitted()
        before = snapshot(report, AUDITED)
        report.department_id = actor.department_id
        layout = layout_of(template_for(report.department_id, report.kind))
        _check_required(report, layout)
        period = period_for(report.kind, report.period_start)
        report.figures = figure_math.compute([actor.pk], period, now)[actor.pk].as_json()
        report.layout = layout
        recipient = scope.supervisor_of(actor)
        report.submitted_to = recipient
        report.submitted_at = now
        report.status = ReportStatus.SUBMITTED
        bump_version(report)
        report.save()
        _publish(
            "work_report.submitted", report, actor, diff(before, snapshot(report, AUDITED)), figures=report.figures
        )
        if recipient is not None:
            zh, en = _label(report.kind)
            notifications.notify(
                recipient=recipient,
                kind=SUBMITTED,
                title=f"{actor.name} 提交了{zh}（{period.start} – {period.end}）",
                body=f"{actor.name} submitted the {en} for {period.start} – {period.end}.",
                link=f"/work-reports/{report.pk}",
                subject_type=WORK_REPORTS.resource,
                subject_id=str(report.pk),
                dedupe_key=f"{SUBMITTED}:{report.pk}:{report.version}",
            )
    return report


def withdraw_report(*, actor: User, report_id: int, version: int) -> WorkReport:
    """Take a submitted report back to draft; refused once anyone has commented on it."""
    with transaction.atomic():
        report = _own_for_update(actor, report_id)
        _check_version(report, version)
        if report.status != ReportStatus.SUBMITTED:
            raise ReportError.not_submitted()
        # Comments lock the report row too, so none can slip in between this check and the update.
        if report.comments.exists():
            raise ReportError.commented()
        before = snapshot(report, AUDITED)
        report.status = ReportStatus.DRAFT
        report.figures = {}
        report.layout = {}
        report.submitted_to = None
        report.submitted_at = None
        bump_version(report)
        report.save()
        _publish("work_report.withdrawn", report, actor, diff(before, snapshot(report, AUDITED)))
    return report


def comment_on_report(*, actor: User, report_id: int, body: str, rating: int | None = None) -> ReportComment:
    """A reviewer's comment, optionally rating the report 1–5 (the latest rating counts); notifies the author."""
    body = body.strip()
    if not body:
        raise ReportError.invalid("body", "请填写批阅意见。", "Write a comment.")
    if rating is not None and not 1 <= rating <= 5:
        raise ReportError.invalid("rating", "评分应为 1 到 5。", "The rating must be between 1 and 5.")
    with transaction.atomic():
        report = queries.get_report(actor, report_id, "approve", for_update=True)
        if report.author_id == actor.pk:
            raise engine.denied(WORK_REPORTS.resource, "approve", report_id)
        if report.status != ReportStatus.SUBMITTED:
            raise ReportError.not_submitted()
        comment = ReportComment.objects.create(report=report, author=actor, body=body, rating=rating)
        if rating is not None:
            before = report.rating
            report.rating = rating
            bump_version(report)
            report.save(update_fields=["rating", "version", "updated_at"])
            changes = {"rating": (before, rating)} if before != rating else {}
        else:
            changes = {}
        _publish("work_report.commented", report, actor, changes, comment_id=comment.pk, rating=rating)
        zh, en = _label(report.kind)
        notifications.notify(
            recipient=report.author,
            kind=COMMENTED,
            title=f"{actor.name} 批阅了您的{zh}（{report.period_start}）",
            body=body[:500],
            link=f"/work-reports/{report.pk}",
            subject_type=WORK_REPORTS.resource,
            subject_id=str(report.pk),
            dedupe_key=f"{COMMENTED}:{comment.pk}",
            data={"en_title": f"{actor.name} commented on your {en} ({report.period_start})", "rating": rating},
        )
    comment.author = actor
    return comment


def _missing_notices(period: ReportPeriod, user_ids: list[int]) -> list[notifications.Notice]:
    zh, en = _label(period.kind)
    when = f"{period.start}" if period.kind == ReportKind.DAILY else f"{period.start} – {period.end}"
    return [
        notifications.Notice(
            recipient_id=user_id,
            kind=MISSING,
            title=f"请提交{zh}（{when}）",
            body=f"Please submit your {en} for {when}.",
            link=f"/work-reports?kind={period.kind}&date={period.start}",
            subject_type=WORK_REPORTS.resource,
            subject_id="",
            dedupe_key=f"{MISSING}:{period.key}",
            data={"kind": period.kind, "period_start": period.start.isoformat()},
        )
        for user_id in user_ids
    ]


def remind_missing(*, actor: User, kind: str, day: date, user_ids: list[int] | None = None) -> tuple[int, int]:
    """Remind the actor's team members who have not submitted (or those of `user_ids` among them).

    Each user is reminded at most once per period, whoever sends it (the scheduled reminder included).
    Returns (reminders sent now, members still missing).
    """
    period = period_for(kind, day)
    members = team.team(actor).exclude(
        pk__in=WorkReport.objects.filter(kind=kind, period_start=period.start, status=ReportStatus.SUBMITTED).values(
            "author_id"
        )
    )
    if user_ids is not None:
        members = members.filter(pk__in=user_ids)
    targets = list(members.values_list("pk", flat=True))
    with transaction.atomic():
        sent = notifications.notify_many(_missing_notices(period, targets))
        publish(
            Event(
                "work_report.reminded",
                WORK_REPORTS.resource,
                "",
                period.key,
                actor.pk,
                data={"period": period.key, "user_ids": targets, "sent": sent},
            )
        )
    return sent, len(targets)


def reminder_time() -> tuple[int, int]:
    """When the scheduled reminder starts, local time: settings.REPORTS_REMINDER_TIME, else the env, else 18:00."""
    text = getattr(settings, "REPORTS_REMINDER_TIME", None) or os.environ.get("CHENGDAN_REPORTS_REMINDER_TIME", "18:00")
    try:
        hour, minute = (int(part) for part in str(text).split(":"))
    except ValueError:
        return 18, 0
    return (hour, minute) if 0 <= hour < 24 and 0 <= minute < 60 else (18, 0)


def remind_all_missing(now: datetime | None = None) -> dict[str, int]:
    """The scheduled reminder: after the configured local time, every reporter without a submitted report.

    Daily reports are chased on weekdays; the weekly one from Friday on. Returns reminders sent per kind.
    """
    now = (now or timezone.now()).astimezone(timezone.get_default_timezone())
    hour, minute = reminder_time()
    after_time = (now.hour, now.minute) >= (hour, minute)
    weekday = now.weekday()
    result = {ReportKind.DAILY.value: 0, ReportKind.WEEKLY.value: 0}
    due: list[ReportPeriod] = []
    if weekday < 5 and after_time:
        due.append(period_for(ReportKind.DAILY, now.date()))
    if (weekday == 4 and after_time) or weekday > 4:
        due.append(period_for(ReportKind.WEEKLY, now.date()))
    for period in due:
        submitted = WorkReport.objects.filter(
            kind=period.kind, period_start=period.start, status=ReportStatus.SUBMITTED
        ).values("author_id")
        targets = list(scope.reporters().exclude(pk__in=submitted).values_list("pk", flat=True))
        with transaction.atomic():
            result[period.kind] = notifications.notify_many(_missing_notices(period, targets))
    return result


def record_export(*, actor: User, report: WorkReport) -> None:
    """Audit a PDF export of a report."""
    with transaction.atomic():
        _publish("work_report.exported", report, actor, {}, format="pdf")
