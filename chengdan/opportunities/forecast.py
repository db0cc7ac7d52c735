"""The forecast: closed, commit, best case, pipeline and weighted per owner, team or region, vs target.

Every figure is a GROUP BY over the actor's visible deals; the Python side only merges group rows
(departments into regions) and adds targets and names, so the cost does not grow with deal count.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, DecimalField, F, FilteredRelation, Max, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from chengdan.accounts.models import Department, User
from chengdan.core.errors import localized
from chengdan.opportunities import targets
from chengdan.opportunities.choices import ForecastCategory, OpportunityStatus
from chengdan.opportunities.models import Opportunity, OpportunitySnapshot
from chengdan.opportunities.periods import Period
from chengdan.opportunities.permissions import visible_opportunities

GROUP_BYS = ("owner", "department", "region")
FIGURES = ("closed", "commit", "best_case", "pipeline", "weighted")
CHANGES = ("moved_in", "moved_out", "up", "down")
ZERO = Decimal("0.00")
CENT = Decimal("0.01")
_MONEY = DecimalField(max_digits=24, decimal_places=2)


def cents(value: Decimal | None) -> Decimal:
    """A sum as exact money (SQLite hands back floats behind decimals)."""
    return ZERO if value is None else Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass
class ForecastRow:
    """The figures of one owner, team, region or the total; `change` maps kind → [count, amount]."""

    key_id: int | None
    key_name: str
    target: Decimal | None = None
    figures: dict[str, Decimal] = field(default_factory=lambda: dict.fromkeys(FIGURES, ZERO))
    change: dict[str, list[Any]] = field(default_factory=lambda: {kind: [0, ZERO] for kind in CHANGES})

    @property
    def attainment(self) -> float | None:
        """Closed ÷ target, or None without a positive target."""
        if not self.target:
            return None
        return round(float(self.figures["closed"] / self.target), 4)

    def add(self, other: "ForecastRow") -> None:
        """Fold another row's figures and changes into this one."""
        for name in FIGURES:
            self.figures[name] += other.figures[name]
        for kind in CHANGES:
            self.change[kind][0] += other.change[kind][0]
            self.change[kind][1] += other.change[kind][1]


@dataclass
class Forecast:
    """One forecast answer: rows, their total, and the snapshot week the change compares with."""

    period: Period
    rows: list[ForecastRow]
    total: ForecastRow
    compared_with: date | None


class DepartmentTree:
    """The department tree loaded once: names, paths and each department's region."""

    def __init__(self) -> None:
        self.nodes: dict[int, dict[str, Any]] = {
            row["pk"]: dict(row) for row in Department.objects.values("pk", "name", "path")
        }

    def name(self, department_id: int | None) -> str:
        """The department's name, or a label for deals without one."""
        node = self.nodes.get(department_id) if department_id is not None else None
        return node["name"] if node else localized("未分配部门", "No department")

    def path(self, department_id: int) -> str | None:
        """The department's materialized path, None when unknown."""
        node = self.nodes.get(department_id)
        return node["path"] if node else None

    def region_of(self, department_id: int | None) -> int | None:
        """The ancestor one level below the root (HQ → region); the root is its own region."""
        path = self.path(department_id) if department_id is not None else None
        if not path:
            return department_id
        parts = [int(part) for part in path.strip("/").split("/") if part]
        return parts[1] if len(parts) > 1 else parts[0]


def open_in_period(period: Period, prefix: str = "") -> Q:
    """Open, not omitted deals expected to close in the period: the pipeline of the period.

    `prefix` applies the same test through a relation (snapshot rows share the column names).
    """
    return Q(
        **{
            f"{prefix}status": OpportunityStatus.OPEN,
            f"{prefix}expected_close_date__gte": period.start,
            f"{prefix}expected_close_date__lte": period.end,
        }
    ) & ~Q(**{f"{prefix}forecast_category": ForecastCategory.OMITTED})


def won_in_period(period: Period, prefix: str = "") -> Q:
    """Deals won inside the period."""
    return Q(
        **{
            f"{prefix}status": OpportunityStatus.WON,
            f"{prefix}won_at__gte": period.start_moment,
            f"{prefix}won_at__lt": period.next_moment,
        }
    )


def figure_condition(figure: str, period: Period) -> Q:
    """The deals behind one figure (commit ⊂ best case ⊂ pipeline; weighted covers the pipeline)."""
    if figure == "closed":
        return won_in_period(period)
    if figure == "commit":
        return open_in_period(period) & Q(forecast_category=ForecastCategory.COMMIT)
    if figure == "best_case":
        return open_in_period(period) & Q(forecast_category__in=[ForecastCategory.COMMIT, ForecastCategory.BEST_CASE])
    return open_in_period(period)


def scoped_deals(actor: Any, department_id: int | None, tree: DepartmentTree | None = None) -> QuerySet[Opportunity]:
    """The actor's visible deals, narrowed to one department's subtree when asked."""
    deals = visible_opportunities(actor)
    if department_id is None:
        return deals
    path = (tree or DepartmentTree()).path(department_id)
    return deals.filter(department__path__startswith=path) if path else deals.none()


def baseline_week(today: date) -> date | None:
    """The snapshot to compare with: the newest one at least seven days old."""
    newest = OpportunitySnapshot.objects.filter(week_start__lte=today - timedelta(days=7)).aggregate(
        week=Max("week_start")
    )["week"]
    return newest if isinstance(newest, date) else None


def with_baseline(deals: QuerySet[Opportunity], period: Period, week: date) -> QuerySet[Opportunity]:
    """Open deals of the period, LEFT JOINed to their snapshot of `week` when it was in the period then."""
    # One join (a deal has at most one snapshot a week) instead of a correlated subquery per aggregate.
    was_in = Q(snapshots__week_start=week) & open_in_period(period, prefix="snapshots__")
    return deals.filter(open_in_period(period)).annotate(
        baseline=FilteredRelation("snapshots", condition=was_in),
        now_amount=Coalesce("amount_cny", Value(ZERO), output_field=_MONEY),
        then_amount=Coalesce("baseline__amount_cny", Value(ZERO), output_field=_MONEY),
    )


def change_condition(kind: str) -> Q:
    """On `with_baseline` rows: which deals moved in, went up or went down."""
    if kind == "moved_in":
        return Q(baseline__id__isnull=True)
    was_in = Q(baseline__id__isnull=False)
    if kind == "up":
        return was_in & Q(now_amount__gt=F("then_amount"))
    return was_in & Q(now_amount__lt=F("then_amount"))


def moved_out(deals: QuerySet[Opportunity], period: Period, week: date) -> QuerySet[Opportunity]:
    """Deals that were in the period's pipeline at `week` and no longer are (won ones excepted).

    Each is joined to that snapshot as `baseline`, whose owner and department the change is counted under.
    """
    # From the deal side so the visibility filter and the join read the deals once, with no IN subquery.
    was_in = Q(snapshots__week_start=week) & open_in_period(period, prefix="snapshots__")
    return (
        deals.exclude(open_in_period(period) | won_in_period(period))
        .annotate(baseline=FilteredRelation("snapshots", condition=was_in))
        .filter(baseline__id__isnull=False)
    )


def _figure_rows(deals: QuerySet[Opportunity], period: Period, key: str) -> dict[int | None, ForecastRow]:
    pipeline = open_in_period(period)
    grouped = (
        deals.filter(pipeline | won_in_period(period))
        .order_by()
        .values(key)
        .annotate(
            closed=Sum("won_amount_cny", filter=won_in_period(period), output_field=_MONEY),
            commit=Sum("amount_cny", filter=figure_condition("commit", period), output_field=_MONEY),
            best_case=Sum("amount_cny", filter=figure_condition("best_case", period), output_field=_MONEY),
            pipeline=Sum("amount_cny", filter=pipeline, output_field=_MONEY),
            weighted_hundredfold=Sum(F("amount_cny") * F("probability"), filter=pipeline, output_field=_MONEY),
        )
    )
    rows: dict[int | None, ForecastRow] = {}
    for group in grouped:
        row = ForecastRow(key_id=group[key], key_name="")
        for name in ("closed", "commit", "best_case", "pipeline"):
            row.figures[name] = cents(group[name])
        weighted = group["weighted_hundredfold"]
        row.figures["weighted"] = cents(None if weighted is None else Decimal(weighted) / 100)
        rows[group[key]] = row
    return rows


def _add_changes(
    rows: dict[int | None, ForecastRow], deals: QuerySet[Opportunity], period: Period, key: str, week: date
) -> None:
    aggregates: dict[str, Any] = {}
    for kind in ("moved_in", "up", "down"):
        condition = change_condition(kind)
        amount: Any = F("now_amount") if kind == "moved_in" else F("now_amount") - F("then_amount")
        if kind == "down":
            amount = F("then_amount") - F("now_amount")
        aggregates[f"{kind}_count"] = Count("pk", filter=condition)
        aggregates[f"{kind}_amount"] = Sum(amount, filter=condition, output_field=_MONEY)
    current = with_baseline(deals, period, week).order_by().values(key).annotate(**aggregates)
    for group in current:
        row = rows.setdefault(group[key], ForecastRow(key_id=group[key], key_name=""))
        for kind in ("moved_in", "up", "down"):
            row.change[kind] = [group[f"{kind}_count"], cents(group[f"{kind}_amount"])]
    gone = (
        moved_out(deals, period, week)
        .order_by()
        .values(then_key=F(f"baseline__{key}"))
        .annotate(count=Count("pk"), amount=Sum("baseline__amount_cny", output_field=_MONEY))
    )
    for group in gone:
        row = rows.setdefault(group["then_key"], ForecastRow(key_id=group["then_key"], key_name=""))
        row.change["moved_out"] = [group["count"], cents(group["amount"])]


def _merge_regions(rows: dict[int | None, ForecastRow], tree: DepartmentTree) -> dict[int | None, ForecastRow]:
    merged: dict[int | None, ForecastRow] = {}
    for department_id, row in rows.items():
        region_id = tree.region_of(department_id)
        merged.setdefault(region_id, ForecastRow(key_id=region_id, key_name="")).add(row)
    return merged


def build_forecast(
    actor: Any, period: Period, group_by: str, *, department_id: int | None = None, today: date
) -> Forecast:
    """The forecast of `period` over the actor's visible deals, grouped by owner, department or region."""
    tree = DepartmentTree()
    deals = scoped_deals(actor, department_id, tree)
    key = "owner_id" if group_by == "owner" else "department_id"
    rows = _figure_rows(deals, period, key)
    week = baseline_week(today)
    if week is not None:
        _add_changes(rows, deals, period, key, week)
    if group_by == "region":
        rows = _merge_regions(rows, tree)
    quota = targets.targets_by_key(actor, period, group_by, department_id, tree.nodes)
    for key_id in quota.keys() - rows.keys():
        rows[key_id] = ForecastRow(key_id=key_id, key_name="")
    for key_id, row in rows.items():
        row.target = quota.get(key_id)
    if group_by == "owner":
        people = User.objects.filter(pk__in=[k for k in rows if k is not None])
        names = {
            pk: display or username for pk, display, username in people.values_list("pk", "display_name", "username")
        }
        for key_id, row in rows.items():
            row.key_name = names.get(key_id, "") if key_id is not None else ""
    else:
        for key_id, row in rows.items():
            row.key_name = tree.name(key_id)
    ordered = sorted(rows.values(), key=lambda row: (-row.figures["closed"], -row.figures["pipeline"], row.key_name))
    total = ForecastRow(key_id=department_id, key_name=localized("合计", "Total"))
    for row in ordered:
        total.add(row)
    total.target = targets.total_target(actor, period, department_id, ordered)
    return Forecast(period=period, rows=ordered, total=total, compared_with=week)


def _row_condition(group_by: str | None, key_id: int | None, tree: DepartmentTree, prefix: str = "") -> Q:
    """The deals of one forecast row (through `prefix`: their snapshot's columns); the total has none."""
    owner, department = f"{prefix}owner_id", f"{prefix}department_id"
    if group_by == "owner":
        return Q(**{owner: key_id}) if key_id is not None else Q(**{f"{owner}__isnull": True})
    if group_by not in ("department", "region"):
        return Q()
    if key_id is None:
        return Q(**{f"{department}__isnull": True})
    if group_by == "department" or tree.region_of(key_id) != key_id:
        return Q(**{department: key_id})
    path = tree.path(key_id) or "\0"
    if path.count("/") <= 2:
        # The root stands for its own deals only; the regions below it have their own rows.
        return Q(**{department: key_id})
    return Q(**{f"{department}__in": [pk for pk, node in tree.nodes.items() if node["path"].startswith(path)]})


def drill(
    actor: Any,
    period: Period,
    figure: str,
    *,
    group_by: str | None = None,
    key_id: int | None = None,
    owner_id: int | None = None,
    department_id: int | None = None,
    today: date,
) -> QuerySet[Opportunity]:
    """Exactly the deals behind one figure of one forecast row (or of the total)."""
    tree = DepartmentTree()
    deals = scoped_deals(actor, department_id, tree)
    # Moved-out deals count under the owner and department they had in the snapshot.
    prefix = "baseline__" if figure == "moved_out" else ""
    row = _row_condition(group_by, key_id, tree, prefix)
    if owner_id is not None:
        row &= Q(**{f"{prefix}owner_id": owner_id})
    if figure in FIGURES:
        return deals.filter(row & figure_condition(figure, period))
    week = baseline_week(today)
    if week is None:
        return deals.none()
    if figure == "moved_out":
        return deals.filter(pk__in=moved_out(deals, period, week).filter(row).values("pk"))
    return with_baseline(deals.filter(row), period, week).filter(change_condition(figure))
