"""The conditions of assignment rules and the availability of reps, compiled once per evaluation.

Times are read in Asia/Shanghai: a rule "weekdays 1–5, 09:00–18:00" means Beijing office hours
whatever the server's clock.
"""

from collections.abc import Callable
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from chengdan.leads.models import Lead, RepAvailability

SHANGHAI = ZoneInfo("Asia/Shanghai")
Matcher = Callable[[Lead], bool]
LIST_KEYS = ("provinces", "cities", "industries", "sources", "product_keywords")
# The lead attributes a rule may read (preview builds an unsaved lead from these).
LEAD_FIELDS = (
    "province_code",
    "city_code",
    "industry",
    "budget",
    "source",
    "product_interest",
    "status",
    # Read by the scoring rules, whose score rules may require.
    "mobile",
    "email",
    "company_name",
)


def local(now: datetime) -> datetime:
    """`now` on the Beijing clock."""
    return now.astimezone(SHANGHAI)


def parse_time(value: Any) -> time | None:
    """ "09:30" (or a time) as a time; None when blank or malformed."""
    if isinstance(value, time):
        return value
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return time.fromisoformat(value.strip())
    except ValueError:
        return None


def parse_decimal(value: Any) -> Decimal | None:
    """A budget bound as a Decimal; None when blank or not a number."""
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def in_window(moment: time, start: time | None, end: time | None) -> bool:
    """Whether `moment` falls in [start, end); a window past midnight (22:00–06:00) wraps."""
    if start is None and end is None:
        return True
    if start is not None and end is not None and start > end:
        return moment >= start or moment < end
    return (start is None or moment >= start) and (end is None or moment < end)


def _time_matches(conditions: dict[str, Any], now: datetime) -> bool:
    moment = local(now)
    weekdays = conditions.get("weekdays") or []
    if weekdays and moment.isoweekday() not in {int(day) for day in weekdays}:
        return False
    start, end = parse_time(conditions.get("time_from")), parse_time(conditions.get("time_to"))
    return in_window(moment.time().replace(tzinfo=None), start, end)


def _province_of(lead: Lead) -> str:
    if lead.province_code:
        return lead.province_code
    # A lead with only a city still belongs to the city's province (GB 2260: first two digits).
    return f"{lead.city_code[:2]}0000" if lead.city_code else ""


def compile_conditions(conditions: dict[str, Any], now: datetime) -> Matcher | None:
    """A test of one lead against the rule's conditions; None when the rule's time window excludes `now`."""
    if not _time_matches(conditions, now):
        return None
    tests: list[Matcher] = []
    provinces = frozenset(conditions.get("provinces") or ())
    if provinces:
        tests.append(lambda lead: _province_of(lead) in provinces)
    cities = frozenset(conditions.get("cities") or ())
    if cities:
        tests.append(lambda lead: lead.city_code in cities)
    industries = frozenset(conditions.get("industries") or ())
    if industries:
        tests.append(lambda lead: lead.industry in industries)
    sources = frozenset(conditions.get("sources") or ())
    if sources:
        tests.append(lambda lead: lead.source in sources)
    low, high = parse_decimal(conditions.get("budget_min")), parse_decimal(conditions.get("budget_max"))
    if low is not None or high is not None:
        tests.append(lambda lead: _budget_in(lead.budget, low, high))
    score_min = conditions.get("score_min")
    if isinstance(score_min, int) and not isinstance(score_min, bool):
        tests.append(lambda lead: lead.score >= score_min)
    keywords = tuple(word.casefold() for word in conditions.get("product_keywords") or () if word)
    if keywords:
        tests.append(lambda lead: _mentions(lead.product_interest, keywords))
    if not tests:
        return _always
    if len(tests) == 1:
        return tests[0]
    return lambda lead: all(test(lead) for test in tests)


def _always(lead: Lead) -> bool:
    return True


def _budget_in(budget: Any, low: Decimal | None, high: Decimal | None) -> bool:
    if budget is None:
        return False
    value = budget if isinstance(budget, Decimal) else parse_decimal(budget)
    if value is None:
        return False
    return (low is None or value >= low) and (high is None or value <= high)


def _mentions(text: str, keywords: tuple[str, ...]) -> bool:
    folded = (text or "").casefold()
    return any(word in folded for word in keywords)


def on_leave(availability: RepAvailability, today: date) -> bool:
    """Whether the rep is on leave that day (an open-ended leave runs until it is cleared)."""
    start, end = availability.leave_from, availability.leave_to
    if start is None and end is None:
        return False
    return (start is None or start <= today) and (end is None or today <= end)


def is_available(availability: RepAvailability | None, now: datetime) -> bool:
    """Not on leave today, and inside the working days and hours when they are set (capacity is separate)."""
    if availability is None:
        return True
    moment = local(now)
    if on_leave(availability, moment.date()):
        return False
    days = availability.work_days or []
    if days and moment.isoweekday() not in {int(day) for day in days}:
        return False
    return in_window(moment.time().replace(tzinfo=None), availability.work_start, availability.work_end)
