"""Reads on targets: the visible quotas of a period and how much of each is already won."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import DecimalField, QuerySet, Sum

from chengdan.core.records import register_renderer
from chengdan.opportunities.choices import OpportunityStatus
from chengdan.opportunities.models import Target
from chengdan.opportunities.periods import Period, period_of
from chengdan.opportunities.permissions import visible_opportunities, visible_targets

_MONEY = DecimalField(max_digits=24, decimal_places=2)


@dataclass
class TargetStanding:
    """A target with the CNY won so far in its period by its user (or inside its department's subtree)."""

    target: Target
    won_amount: Decimal
    attainment: float | None


def attainment_of(won: Decimal, target: Decimal | None) -> float | None:
    """Won ÷ target rounded to four places; None without a positive target."""
    if not target:
        return None
    return round(float(won / target), 4)


def _subtree(queryset: QuerySet[Target], nodes: dict[int, dict[str, Any]], department_id: int | None) -> Any:
    if department_id is None:
        return queryset
    node = nodes.get(department_id)
    return queryset.filter(department__path__startswith=node["path"]) if node else queryset.none()


def targets_by_key(
    actor: Any, period: Period, group_by: str, department_id: int | None, nodes: dict[int, dict[str, Any]]
) -> dict[int | None, Decimal]:
    """The visible target of every forecast row key (user, department or region) for the period."""
    quotas = _subtree(
        visible_targets(actor).filter(period_type=period.period_type, period_start=period.start), nodes, department_id
    )
    if group_by == "owner":
        rows = quotas.filter(is_department_target=False).values_list("user_id", "amount")
    else:
        rows = quotas.filter(is_department_target=True).values_list("department_id", "amount")
    result: dict[int | None, Decimal] = dict(rows)
    if group_by == "region":
        # Regions are the departments one level below the root.
        regions = {pk for pk, node in nodes.items() if len(node["path"].strip("/").split("/")) == 2}
        result = {pk: amount for pk, amount in result.items() if pk in regions}
    return result


def total_target(actor: Any, period: Period, department_id: int | None, rows: list[Any]) -> Decimal | None:
    """The root department's own target when a root is chosen and has one, else the sum of the rows' targets."""
    if department_id is not None:
        own = (
            visible_targets(actor)
            .filter(
                period_type=period.period_type,
                period_start=period.start,
                is_department_target=True,
                department_id=department_id,
            )
            .values_list("amount", flat=True)
            .first()
        )
        if own is not None:
            return own
    amounts = [row.target for row in rows if row.target is not None]
    return sum(amounts, Decimal("0.00")) if amounts else None


def _won_by(actor: Any, period: Period, key: str) -> dict[int | None, Decimal]:
    won = (
        visible_opportunities(actor)
        .filter(status=OpportunityStatus.WON, won_at__gte=period.start_moment, won_at__lt=period.next_moment)
        .order_by()
        .values(key)
        .annotate(total=Sum("won_amount_cny", output_field=_MONEY))
    )
    return {row[key]: Decimal(row["total"] or 0) for row in won}


def list_targets(
    actor: Any,
    *,
    period_type: str | None = None,
    period_start: date | None = None,
    department_id: int | None = None,
    user_id: int | None = None,
) -> list[TargetStanding]:
    """The actor's visible targets, filtered, each with its won amount and attainment."""
    queryset = visible_targets(actor).select_related("user", "department")
    if period_type is not None:
        queryset = queryset.filter(period_type=period_type)
    if period_start is not None:
        queryset = queryset.filter(period_start=period_start)
    if department_id is not None:
        queryset = queryset.filter(department_id=department_id)
    if user_id is not None:
        queryset = queryset.filter(user_id=user_id)
    found = list(queryset.order_by("period_start", "-is_department_target", "department__path", "user_id", "pk"))
    return standings(actor, found)


def standings(actor: Any, found: list[Target]) -> list[TargetStanding]:
    """Won amount and attainment for targets (department targets need `department` loaded): two queries per period."""
    from chengdan.accounts.models import Department

    by_period: dict[tuple[str, date], list[Target]] = defaultdict(list)
    for target in found:
        by_period[(target.period_type, target.period_start)].append(target)
    won: dict[int, Decimal] = {}
    paths: dict[int, str] = {}
    if any(target.is_department_target for target in found):
        paths = dict(Department.objects.values_list("pk", "path"))
    for (period_type, start), members in by_period.items():
        period = period_of(period_type, start)
        if any(not target.is_department_target for target in members):
            by_owner = _won_by(actor, period, "owner_id")
            for target in members:
                if not target.is_department_target:
                    won[target.pk] = by_owner.get(target.user_id, Decimal("0"))
        if any(target.is_department_target for target in members):
            by_department = _won_by(actor, period, "department_id")
            for target in members:
                if target.is_department_target:
                    root = paths.get(target.department_id or 0, "\0")
                    won[target.pk] = sum(
                        (
                            amount
                            for pk, amount in by_department.items()
                            if pk is not None and paths.get(pk, "").startswith(root)
                        ),
                        Decimal("0"),
                    )
    result = []
    for target in found:
        amount = Decimal(won.get(target.pk, 0)).quantize(Decimal("0.01"))
        result.append(TargetStanding(target=target, won_amount=amount, attainment=attainment_of(amount, target.amount)))
    return result


def target_data(standing: TargetStanding) -> dict[str, Any]:
    """A target as the API shows it (SalesTargetOut); `user` and `department` must be loaded."""
    target = standing.target
    return {
        "id": target.pk,
        "user_id": target.user_id,
        "user_name": target.user.name if target.user else None,
        "department_id": target.department_id,
        "department_name": target.department.name if target.department else None,
        "is_department_target": target.is_department_target,
        "period_type": target.period_type,
        "period_start": target.period_start,
        "amount": str(target.amount),
        "version": target.version,
        "won_amount": str(standing.won_amount),
        "attainment": standing.attainment,
    }


def render_target(actor: Any, target: Target) -> dict[str, Any]:
    """One target with its standing, as the actor sees it."""
    return target_data(standings(actor, [target])[0])


register_renderer(Target, render_target)
