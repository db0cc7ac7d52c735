"""The figures a report drafts itself from, each one grouped aggregate over any number of authors.

Every figure is defined once, as a condition on one table (`FigureSource`): the counts group
that condition by the author column (so a team roll-up costs one query per table, whatever the
number of reps) and the drill-down lists the same rows, narrowed to what the reader may see.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, Model, Q, QuerySet, Sum
from django.utils import timezone

from chengdan.activities.choices import FollowUpKind, TaskStatus
from chengdan.activities.models import FollowUp, Task, Visit
from chengdan.customers.models import Customer
from chengdan.leads.models import Lead
from chengdan.opportunities.choices import OpportunityStatus
from chengdan.opportunities.models import Opportunity, StageChange
from chengdan.reports.periods import ReportPeriod

FIGURE_KEYS: tuple[str, ...] = (
    "follow_ups",
    "visits",
    "far_visits",
    "new_leads",
    "new_customers",
    "new_opportunities",
    "stage_moves",
    "won_deals",
    "won_amount",
    "tasks_done",
    "tasks_overdue",
)
FOLLOW_UP_KINDS: tuple[str, ...] = tuple(FollowUpKind.values)
# Deal amounts follow the opportunities' field rules: whoever may not see them sees no won amount.
AMOUNT_FIELDS = ("amount", "amount_cny", "won_amount")
_MONEY = DecimalField(max_digits=24, decimal_places=2)
CENT = Decimal("0.01")


def _in_period(column: str, period: ReportPeriod) -> Q:
    return Q(**{f"{column}__gte": period.start_moment, f"{column}__lt": period.next_moment})


def overdue_cutoff(period: ReportPeriod, now: datetime) -> datetime:
    """Tasks due before this instant and still open are overdue: the period's end, or now while it runs."""
    return min(period.next_moment, now)


@dataclass(frozen=True)
class FigureSource:
    """The rows behind a figure: a table, its author column and the condition for a period."""

    resource: str
    model: type[Model]
    user_field: str
    date_field: str
    condition: Callable[[ReportPeriod, datetime], Q]


SOURCES: dict[str, FigureSource] = {
    "follow_ups": FigureSource(
        "follow_ups", FollowUp, "author_id", "occurred_at", lambda p, now: _in_period("occurred_at", p)
    ),
    "visits": FigureSource("visits", Visit, "owner_id", "check_in_at", lambda p, now: _in_period("check_in_at", p)),
    "far_visits": FigureSource(
        "visits", Visit, "owner_id", "check_in_at", lambda p, now: _in_period("check_in_at", p) & Q(is_far=True)
    ),
    "new_leads": FigureSource("leads", Lead, "owner_id", "created_at", lambda p, now: _in_period("created_at", p)),
    "new_customers": FigureSource(
        "customers", Customer, "owner_id", "created_at", lambda p, now: _in_period("created_at", p)
    ),
    "new_opportunities": FigureSource(
        "opportunities", Opportunity, "owner_id", "created_at", lambda p, now: _in_period("created_at", p)
    ),
    # A move is an entry into a stage from another one, by the author; a deal's creation is not a move.
    "stage_moves": FigureSource(
        "stage_changes",
        StageChange,
        "moved_by_id",
        "moved_at",
        lambda p, now: _in_period("moved_at", p) & Q(from_stage__isnull=False),
    ),
    "won_deals": FigureSource(
        "opportunities",
        Opportunity,
        "owner_id",
        "won_at",
        lambda p, now: _in_period("won_at", p) & Q(status=OpportunityStatus.WON),
    ),
    "tasks_done": FigureSource(
        "tasks",
        Task,
        "assignee_id",
        "completed_at",
        lambda p, now: _in_period("completed_at", p) & Q(status=TaskStatus.DONE),
    ),
    "tasks_overdue": FigureSource(
        "tasks",
        Task,
        "assignee_id",
        "due_at",
        lambda p, now: Q(status=TaskStatus.OPEN, due_at__lt=overdue_cutoff(p, now)),
    ),
}
SOURCES["won_amount"] = SOURCES["won_deals"]


@dataclass
class Figures:
    """One author's figures for one period."""

    follow_ups: int = 0
    follow_ups_by_kind: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FOLLOW_UP_KINDS, 0))
    visits: int = 0
    far_visits: int = 0
    new_leads: int = 0
    new_customers: int = 0
    new_opportunities: int = 0
    stage_moves: int = 0
    won_deals: int = 0
    won_amount: Decimal = Decimal("0.00")
    tasks_done: int = 0
    tasks_overdue: int = 0

    def as_json(self) -> dict[str, Any]:
        """The figures as stored in a submitted report (`WorkReport.figures`) and shown by the API."""
        return {
            "follow_ups": self.follow_ups,
            "follow_ups_by_kind": dict(self.follow_ups_by_kind),
            "visits": self.visits,
            "far_visits": self.far_visits,
            "new_leads": self.new_leads,
            "new_customers": self.new_customers,
            "new_opportunities": self.new_opportunities,
            "stage_moves": self.stage_moves,
            "won_deals": self.won_deals,
            "won_amount": str(self.won_amount.quantize(CENT)),
            "tasks_done": self.tasks_done,
            "tasks_overdue": self.tasks_overdue,
        }

    def add(self, other: "Figures") -> None:
        """Add another author's figures to these (for totals)."""
        for name in FIGURE_KEYS:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for kind, count in other.follow_ups_by_kind.items():
            self.follow_ups_by_kind[kind] = self.follow_ups_by_kind.get(kind, 0) + count


def _grouped(source: str, users: list[int], period: ReportPeriod, now: datetime) -> QuerySet[Any]:
    definition = SOURCES[source]
    return (
        definition.model._default_manager.filter(**{f"{definition.user_field}__in": users})
        .filter(definition.condition(period, now))
        .order_by()
        .values(definition.user_field)
    )


def _count_into(result: dict[int, Figures], source: str, users: list[int], period: ReportPeriod, now: datetime) -> None:
    column = SOURCES[source].user_field
    for row in _grouped(source, users, period, now).annotate(n=Count("pk")):
        figures = result.get(row[column])
        if figures is not None:
            setattr(figures, source, row["n"])


def compute(user_ids: Iterable[int], period: ReportPeriod, now: datetime | None = None) -> dict[int, Figures]:
    """Every figure of the period for each user: eight grouped queries, however many users there are.

    Users without activity get zeros.
    """
    now = now or timezone.now()
    ids = sorted(set(user_ids))
    result = {pk: Figures() for pk in ids}
    if not result:
        return result
    for row in _grouped("follow_ups", ids, period, now).values("author_id", "kind").annotate(n=Count("pk")):
        figures = result.get(row["author_id"])
        if figures is not None:
            figures.follow_ups += row["n"]
            figures.follow_ups_by_kind[row["kind"]] = figures.follow_ups_by_kind.get(row["kind"], 0) + row["n"]
    for row in _grouped("visits", ids, period, now).annotate(n=Count("pk"), far=Count("pk", filter=Q(is_far=True))):
        figures = result[row["owner_id"]]
        figures.visits, figures.far_visits = row["n"], row["far"]
    for source in ("new_leads", "new_customers", "new_opportunities", "stage_moves"):
        _count_into(result, source, ids, period, now)
    won = _grouped("won_deals", ids, period, now).annotate(
        n=Count("pk"), total=Sum("won_amount_cny", output_field=_MONEY)
    )
    for row in won:
        figures = result[row["owner_id"]]
        figures.won_deals, figures.won_amount = row["n"], Decimal(row["total"] or 0).quantize(CENT)
    done, overdue = SOURCES["tasks_done"].condition(period, now), SOURCES["tasks_overdue"].condition(period, now)
    tasks = (
        Task.objects.filter(assignee_id__in=ids)
        .filter(done | overdue)
        .order_by()
        .values("assignee_id")
        .annotate(done=Count("pk", filter=done), overdue=Count("pk", filter=overdue))
    )
    for row in tasks:
        figures = result[row["assignee_id"]]
        figures.tasks_done, figures.tasks_overdue = row["done"], row["overdue"]
    return result


def figures_from_json(data: dict[str, Any]) -> Figures:
    """Frozen figures read back from a submitted report (missing keys read as zero)."""
    figures = Figures()
    for name in FIGURE_KEYS:
        if name in data:
            value = data[name]
            setattr(figures, name, Decimal(str(value)) if name == "won_amount" else int(value))
    figures.follow_ups_by_kind.update({str(k): int(v) for k, v in (data.get("follow_ups_by_kind") or {}).items()})
    return figures


def rows_behind(figure: str, user_id: int, period: ReportPeriod, now: datetime | None = None) -> Q:
    """The condition selecting exactly the rows one user's figure counted."""
    source = SOURCES[figure]
    return Q(**{source.user_field: user_id}) & source.condition(period, now or timezone.now())
