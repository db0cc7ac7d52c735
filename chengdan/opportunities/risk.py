"""Risk flags on open deals: the same rules as a SQL filter (lists, digest) and as badges for a page."""

import os
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import DateTimeField, Exists, F, Func, OuterRef, Q
from django.db.models.expressions import Value
from django.utils import timezone

from chengdan.opportunities.choices import OpportunityStatus, RiskKind
from chengdan.opportunities.models import Opportunity, OpportunityContact

RISK_KINDS: tuple[str, ...] = tuple(str(kind) for kind in RiskKind)


class RiskSettings:
    """The thresholds of the rules; read on every use so settings overrides apply at once."""

    push_limit = 2

    @property
    def no_activity_days(self) -> int:
        """Days without any activity after which an open deal is flagged (CHENGDAN_RISK_NO_ACTIVITY_DAYS)."""
        configured = getattr(settings, "CHENGDAN_RISK_NO_ACTIVITY_DAYS", None)
        if configured is None:
            configured = os.environ.get("CHENGDAN_RISK_NO_ACTIVITY_DAYS", "14")
        try:
            return max(1, int(configured))
        except (TypeError, ValueError):
            return 14


RISK_SETTINGS = RiskSettings()


class _DaysBefore(Func):
    """`moment − days` with `days` an integer column; no portable interval arithmetic exists in the ORM."""

    output_field = DateTimeField()

    def _parts(self, compiler: Any, connection: Any) -> tuple[str, str, list[Any]]:
        moment, days = self.get_source_expressions()
        moment_sql, moment_params = compiler.compile(moment)
        days_sql, days_params = compiler.compile(days)
        return moment_sql, days_sql, [*moment_params, *days_params]

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:  # type: ignore[override]
        moment_sql, days_sql, params = self._parts(compiler, connection)
        return f"({moment_sql} - ({days_sql}) * INTERVAL '1 day')", params

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:  # type: ignore[override]
        # SQLite keeps datetimes as "YYYY-MM-DD HH:MM:SS.ffffff" UTC text; compare in the same shape.
        moment_sql, days_sql, params = self._parts(compiler, connection)
        return f"strftime('%%Y-%%m-%%d %%H:%%M:%%f', {moment_sql}, '-' || ({days_sql}) || ' days')", params


def _key_contact_gone_rows() -> Any:
    """Key contact roles whose person was deleted or now works for another customer."""
    return OpportunityContact.objects.filter(is_key=True).filter(
        Q(contact_id__isnull=True) | ~Q(contact__customer_id=F("opportunity__customer_id"))
    )


def risk_condition(kind: str, now: datetime) -> Q:
    """The SQL filter for open deals flagged with `kind` at `now` (unknown kinds match nothing)."""
    today = timezone.localdate(now)
    is_open = Q(status=OpportunityStatus.OPEN)
    if kind == RiskKind.STAGE_OVERDUE:
        threshold = _DaysBefore(Value(now, output_field=DateTimeField()), F("stage__sla_days"))
        return is_open & Q(stage__sla_days__isnull=False, stage_entered_at__lt=threshold)
    if kind == RiskKind.NO_ACTIVITY:
        return is_open & Q(last_activity_at__lt=now - timedelta(days=RISK_SETTINGS.no_activity_days))
    if kind == RiskKind.CLOSE_DATE_PASSED:
        return is_open & Q(expected_close_date__lt=today)
    if kind == RiskKind.AMOUNT_LOWERED:
        return is_open & Q(amount_peak_cny__gt=F("amount_cny"))
    if kind == RiskKind.CLOSE_DATE_PUSHED:
        return is_open & Q(close_date_push_count__gt=RISK_SETTINGS.push_limit)
    if kind == RiskKind.KEY_CONTACT_GONE:
        return is_open & Q(Exists(_key_contact_gone_rows().filter(opportunity_id=OuterRef("pk"))))
    return Q(pk__in=[])


def any_risk_condition(now: datetime, kinds: Iterable[str] | None = None) -> Q:
    """Open deals flagged with at least one of `kinds` (all kinds when none are given)."""
    condition = Q(pk__in=[])
    for kind in kinds or RISK_KINDS:
        condition |= risk_condition(kind, now)
    return condition


def _row_flags(opportunity: Opportunity, now: datetime) -> list[str]:
    today = timezone.localdate(now)
    flags: list[str] = []
    sla_days = opportunity.stage.sla_days
    if sla_days is not None and opportunity.stage_entered_at < now - timedelta(days=sla_days):
        flags.append(RiskKind.STAGE_OVERDUE)
    if opportunity.last_activity_at < now - timedelta(days=RISK_SETTINGS.no_activity_days):
        flags.append(RiskKind.NO_ACTIVITY)
    if opportunity.expected_close_date is not None and opportunity.expected_close_date < today:
        flags.append(RiskKind.CLOSE_DATE_PASSED)
    if (
        opportunity.amount_cny is not None
        and opportunity.amount_peak_cny is not None
        and opportunity.amount_cny < opportunity.amount_peak_cny
    ):
        flags.append(RiskKind.AMOUNT_LOWERED)
    if opportunity.close_date_push_count > RISK_SETTINGS.push_limit:
        flags.append(RiskKind.CLOSE_DATE_PUSHED)
    return flags


def flags_for(opportunities: Iterable[Opportunity], now: datetime) -> dict[int, list[str]]:
    """Risk badges per deal id for a page of deals (load them with select_related("stage")).

    Everything comes from the rows except gone key contacts: one query for the whole page.
    """
    rows = list(opportunities)
    result: dict[int, list[str]] = {row.pk: [] for row in rows}
    open_rows = [row for row in rows if row.status == OpportunityStatus.OPEN]
    if not open_rows:
        return result
    for row in open_rows:
        result[row.pk] = _row_flags(row, now)
    gone = set(
        _key_contact_gone_rows()
        .filter(opportunity_id__in=[row.pk for row in open_rows])
        .values_list("opportunity_id", flat=True)
    )
    for row in open_rows:
        if row.pk in gone:
            result[row.pk].append(RiskKind.KEY_CONTACT_GONE)
    return {pk: [str(flag) for flag in flags] for pk, flags in result.items()}


def at_risk_deals(
    actor: Any,
    now: datetime,
    *,
    kinds: Iterable[str] = (),
    owner_id: int | None = None,
    department_id: int | None = None,
) -> Any:
    """The actor's visible open deals flagged with any of `kinds` (any kind when empty)."""
    from chengdan.accounts.models import Department
    from chengdan.opportunities.permissions import visible_opportunities

    deals = visible_opportunities(actor).filter(any_risk_condition(now, list(kinds) or None))
    if owner_id is not None:
        deals = deals.filter(owner_id=owner_id)
    if department_id is not None:
        path = Department.objects.filter(pk=department_id).values_list("path", flat=True).first()
        deals = deals.filter(department__path__startswith=path) if path else deals.none()
    return deals
