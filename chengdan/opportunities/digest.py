"""The daily at-risk digest: each owner hears about their flagged deals, each manager about their reports'."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.utils import timezone

from chengdan.accounts.models import User
from chengdan.core.errors import localized
from chengdan.notifications import actions as notifications
from chengdan.opportunities import risk
from chengdan.opportunities.choices import RiskKind
from chengdan.opportunities.models import Opportunity

LISTED = 20
CHUNK = 2000
DIGEST_KIND = "opportunity.risk_digest"
TEAM_DIGEST_KIND = "opportunity.team_risk_digest"


@dataclass
class _OwnerDeals:
    deals: list[tuple[int, str, list[str]]] = field(default_factory=list)


def _digest_moment(today: date) -> datetime:
    # The digest goes out at 08:30; rules are evaluated at that moment so a rerun sees the same flags.
    return timezone.make_aware(datetime.combine(today, time(8, 30)))


def _flagged_deals(now: datetime) -> dict[int, _OwnerDeals]:
    """Every flagged open deal by owner, with its flags; flags are computed a chunk at a time."""
    by_owner: dict[int, _OwnerDeals] = defaultdict(_OwnerDeals)
    flagged = (
        Opportunity.objects.filter(risk.any_risk_condition(now))
        .select_related("stage")
        .only(
            "id",
            "name",
            "owner_id",
            "customer_id",
            "status",
            "stage__sla_days",
            "stage_entered_at",
            "last_activity_at",
            "expected_close_date",
            "amount_cny",
            "amount_peak_cny",
            "close_date_push_count",
        )
        .order_by("owner_id", "id")
    )
    chunk: list[Opportunity] = []
    for deal in flagged.iterator(chunk_size=CHUNK):
        chunk.append(deal)
        if len(chunk) >= CHUNK:
            _collect(chunk, now, by_owner)
            chunk = []
    _collect(chunk, now, by_owner)
    return by_owner


def _collect(chunk: list[Opportunity], now: datetime, by_owner: dict[int, _OwnerDeals]) -> None:
    if not chunk:
        return
    flags = risk.flags_for(chunk, now)
    for deal in chunk:
        by_owner[deal.owner_id].deals.append((deal.pk, deal.name, flags[deal.pk]))


def _label(kind: str) -> str:
    return localized(RiskKind(kind).label, kind.replace("_", " "))


def _owner_body(entries: list[tuple[int, str, list[str]]]) -> str:
    lines = [f"· {name}：{'、'.join(_label(kind) for kind in kinds)}" for _, name, kinds in entries[:LISTED]]
    if len(entries) > LISTED:
        lines.append(localized(f"……另有 {len(entries) - LISTED} 个", f"… and {len(entries) - LISTED} more"))
    return "\n".join(lines)


def send_risk_digest(today: date) -> int:
    """Notify each owner of their at-risk deals and each direct manager of their reports'; once per user per day.

    Returns how many notifications were new (a second run on the same day sends none).
    """
    now = _digest_moment(today)
    by_owner = _flagged_deals(now)
    if not by_owner:
        return 0
    people = {
        user.pk: user
        for user in User.objects.filter(pk__in=list(by_owner)).only(
            "id", "username", "display_name", "manager_id", "is_active"
        )
    }
    day = today.isoformat()
    notices: list[notifications.Notice] = []
    team: dict[int, list[tuple[User, int]]] = defaultdict(list)
    for owner_id, owned in sorted(by_owner.items()):
        owner = people.get(owner_id)
        if owner is None:
            continue
        count = len(owned.deals)
        if owner.is_active:
            notices.append(
                notifications.Notice(
                    recipient_id=owner_id,
                    kind=DIGEST_KIND,
                    title=localized(f"您有 {count} 个商机存在风险", f"{count} of your deals are at risk"),
                    body=_owner_body(owned.deals),
                    link=f"/opportunities/at-risk?owner_id={owner_id}",
                    dedupe_key=f"risk-digest:{day}",
                    data={"opportunity_ids": [pk for pk, _, _ in owned.deals], "count": count},
                )
            )
        if owner.manager_id:
            team[owner.manager_id].append((owner, count))
    active_managers = set(User.objects.filter(pk__in=list(team), is_active=True).values_list("pk", flat=True))
    for manager_id, reports in sorted(team.items()):
        if manager_id not in active_managers:
            continue
        total = sum(count for _, count in reports)
        lines = [f"· {report.name}：{count}" for report, count in reports]
        notices.append(
            notifications.Notice(
                recipient_id=manager_id,
                kind=TEAM_DIGEST_KIND,
                title=localized(f"下属共有 {total} 个商机存在风险", f"Your reports have {total} deals at risk"),
                body="\n".join(lines),
                link="/opportunities/at-risk",
                dedupe_key=f"team-risk-digest:{day}",
                data={"reports": [{"user_id": report.pk, "count": count} for report, count in reports], "count": total},
            )
        )
    return notifications.notify_many(notices)
