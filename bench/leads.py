"""Issue 5 benchmarks: lead capture and assignment throughput and the pool take-back scan (data: bench/leads_data).

- assignment: N incoming leads (default 100,000) through 20 rules, end to end through
  `capture.capture_many` (the path of POST /leads/bulk-create and imports) in calls of 1,000, each
  call at its own submission moment (the calls span a week, so the time-window rules and working
  hours take turns), into a table that already holds 100,000 closed leads with fresh statistics;
  leads/s, the share of time outside the database (a connection.execute_wrapper sums cursor time,
  core.bulk's driver writes and each COMMIT are timed by hand) and the physical limit: the same rows
  written raw (executemany / COPY);
- take-back: run_take_back over 10 × N customers (default 1,000,000) with 1 % and 0.1 % of them due
  (plus 0.1 % / 0.01 % to warn and 20 exempted by an open deal), then the same run again (nothing due).
"""

import os
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

from bench import leads_data as data

LEAD_BATCH = 1_000
TARGET_LEADS_PER_SECOND = 2_000
TARGET_TAKE_BACK_SECONDS = 10.0


class DatabaseClock:
    """An execute wrapper that sums the time spent in cursor execution and counts the statements."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.statements = 0
        self.by_kind: dict[str, float] = defaultdict(float)
        self.count_by_kind: Counter[str] = Counter()

    def __call__(self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.add(sql.split(None, 1)[0].upper(), time.perf_counter() - started)

    def add(self, kind: str, seconds: float) -> None:
        """Count one statement of `kind` (SELECT, UPDATE, …) that took `seconds`."""
        self.seconds += seconds
        self.statements += 1
        self.by_kind[kind] += seconds
        self.count_by_kind[kind] += 1

    def summary(self) -> str:
        """Database time and statements, by kind."""
        kinds = ", ".join(
            f"{kind} {seconds:.2f} s/{self.count_by_kind[kind]:,}"
            for kind, seconds in sorted(self.by_kind.items(), key=lambda item: -item[1])
        )
        return f"database {self.seconds:.2f} s in {self.statements:,} statements ({kinds})"


@contextmanager
def database_clock() -> Iterator[DatabaseClock]:
    """Time every statement run on the default connection while the block runs."""
    from django.db import connection

    clock = DatabaseClock()
    with connection.execute_wrapper(clock):
        yield clock


@contextmanager
def committed(clock: DatabaseClock) -> Iterator[None]:
    """One transaction whose COMMIT counts as database time (deferred FK checks run there; no cursor sees it)."""
    from django.db import transaction

    with transaction.atomic():
        yield
        started = time.perf_counter()  # the block is done: what remains is the commit
    clock.add("COMMIT", time.perf_counter() - started)


@contextmanager
def driver_writes_timed(clock: DatabaseClock) -> Iterator[None]:
    """Count core.bulk.insert_rows (executemany / COPY on the raw cursor, unseen by the wrapper) as database time."""
    from chengdan.core import bulk

    insert_rows = bulk.insert_rows

    def timed(*args: Any, **kwargs: Any) -> None:
        started = time.perf_counter()
        try:
            insert_rows(*args, **kwargs)
        finally:
            clock.add("raw INSERT/COPY", time.perf_counter() - started)

    bulk.insert_rows = timed
    try:
        yield
    finally:
        bulk.insert_rows = insert_rows


CAPTURE_PATH = (
    "capture.capture_many (POST /leads/bulk-create, imports): per row validation and normalisation; per call "
    "dedupe against contacts, customers and open leads, scoring, assign_batch, core.bulk insert of leads and "
    "logs, one audit entry per lead (chained), one notice per owner"
)


def bench_capture_many(values: list[dict[str, Any]], moments: list[datetime]) -> tuple[float, float, DatabaseClock]:
    """capture_many, one call of LEAD_BATCH rows per moment, each committed; returns seconds, leads/s and the clock."""
    from chengdan.leads import capture

    created = 0
    started = time.perf_counter()
    with database_clock() as clock, driver_writes_timed(clock):
        for number, moment in enumerate(moments):
            rows = values[number * LEAD_BATCH : (number + 1) * LEAD_BATCH]
            with committed(clock):
                results = capture.capture_many(actor=None, source="api", rows=rows, now=moment)
            created += sum(1 for result in results if result.get("created"))
    elapsed = time.perf_counter() - started
    assert created == len(values), (created, len(values))
    return elapsed, len(values) / elapsed, clock


def _load() -> str:
    """The machine's load: other work on a shared host slows every figure here."""
    return f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"


def _check_assignment(rows: int, org: dict[str, Any], rules: list[Any], moments: list[datetime]) -> str:
    """Every lead stored and decided; leave, working hours and capacities respected; return a summary."""
    from django.db.models import Count
    from django.utils import timezone

    from chengdan.leads import rule_conditions
    from chengdan.leads.models import AssignmentLog, Lead, RepAvailability

    leads = Lead.objects.exclude(campaign=data.EXISTING_CAMPAIGN)
    assert leads.count() == rows, leads.count()
    owned = leads.filter(owner__isnull=False).count()
    pooled = leads.filter(pool__isnull=False).count()
    assert AssignmentLog.objects.count() == owned + pooled, (AssignmentLog.objects.count(), owned, pooled)
    by_owner = dict(leads.filter(owner__isnull=False).values_list("owner").annotate(n=Count("id")))
    by_rule = Counter(dict(leads.values_list("assigned_rule").annotate(n=Count("id"))))
    availability = {row.user_id: row for row in RepAvailability.objects.all()}
    on_leave = [pk for pk, row in availability.items() if row.leave_from is not None]
    capped = {pk: row.capacity for pk, row in availability.items() if row.capacity is not None}
    hours = {pk for pk, row in availability.items() if row.work_start is not None}
    assert not any(by_owner.get(pk) for pk in on_leave), "a rep on leave got leads"
    full = sum(1 for pk, capacity in capped.items() if by_owner.get(pk, 0) == capacity)
    assert all(by_owner.get(pk, 0) <= capacity for pk, capacity in capped.items()), "capacity exceeded"
    off_hours = leads.filter(owner__in=hours).values_list("assigned_at", "owner")
    for at, owner in off_hours:
        assert at is not None
        assert rule_conditions.is_available(availability[owner], at), ("off-hours assignment", owner, at)
    used = sum(1 for rule in rules if by_rule.get(rule.pk))
    return (
        f"{rows:,} leads: {owned:,} to {len(by_owner)} reps, {pooled:,} to a pool, "
        f"{rows - owned - pooled:,} unassigned; {used}/{len(rules)} rules decided leads "
        f"(top: {', '.join(f'{name} {count:,}' for name, count in _top_rules(rules, by_rule))}); "
        f"{len(on_leave)} reps on leave got none, {full}/{len(capped)} capped reps filled to capacity, "
        f"{len(hours)} office-hours reps only in hours; {len(moments)} batches "
        f"{timezone.localtime(moments[0]):%a %m-%d %H:%M}–{timezone.localtime(moments[-1]):%a %m-%d %H:%M} Beijing time"
    )


def _top_rules(rules: list[Any], by_rule: Counter[Any]) -> list[tuple[str, int]]:
    names = {rule.pk: rule.name for rule in rules}
    return [(names.get(pk, "无规则"), count) for pk, count in by_rule.most_common(4)]


def bench_assignment(org: dict[str, Any], rows: int) -> bool:
    """capture_many over `rows` leads vs the raw insert of the same rows; leads/s, share outside the database, ratio."""
    from django.db import connection, transaction
    from django.utils import timezone

    values = data.lead_values(rows)
    # From Monday 00:00 of this week (Beijing time): every call has its own moment, the week's hours in turn.
    monday = timezone.localdate() - timedelta(days=timezone.localdate().weekday())
    start = datetime.combine(monday, datetime.min.time(), tzinfo=timezone.get_current_timezone())
    moments = data.submission_moments((rows + LEAD_BATCH - 1) // LEAD_BATCH, start)

    data.reset_leads()
    columns, raw_rows = data.lead_rows(values, org["owners"], moments[0])
    started = time.perf_counter()
    with transaction.atomic():
        data.raw_insert("leads_lead", columns, raw_rows)
    raw_seconds = time.perf_counter() - started

    data.reset_leads()
    rules = data.build_rules(org, monday)
    data.analyze()
    app_seconds, rate, clock = bench_capture_many(values, moments)
    print(_check_assignment(rows, org, rules, moments))

    ok = rate >= TARGET_LEADS_PER_SECOND
    outside = (app_seconds - clock.seconds) / app_seconds
    raw_rate = rows / raw_seconds
    print(
        f"\nLead capture and assignment, {rows:,} leads through {len(rules)} rules into a table of "
        f"{data.EXISTING_LEADS:,} existing leads ({connection.vendor}; {_load()})"
    )
    print(f"path: {CAPTURE_PATH}; {len(moments)} calls of {LEAD_BATCH:,}, each its own transaction")
    print(
        f"capture {app_seconds:8.2f} s  {rate:10,.0f} leads/s  target ≥ {TARGET_LEADS_PER_SECOND:,} "
        f"{'ok' if ok else 'UNDER'}; {clock.summary()}, outside the database {outside:.0%}"
    )
    print(f"raw     {raw_seconds:8.2f} s  {raw_rate:10,.0f} leads/s  (executemany / COPY of the same rows)")
    print(f"ratio   {app_seconds / raw_seconds:8.2f}× (capture time / raw time)")
    return ok


def bench_take_back(org: dict[str, Any]) -> bool:
    """run_take_back at 1 % and 0.1 % due, each followed by a second run; times and per-due-row cost."""
    from django.db import connection

    from chengdan.customers.models import Customer
    from chengdan.leads.models import PoolEvent
    from chengdan.leads.take_back import run_take_back

    now = data.ANCHOR
    customers = Customer.objects.count()
    pool = data.customers_pool(org)
    data.restore(data.stale_ids(pool.pk, now), org["owners"], now)
    print(f"\nPool take-back over {customers:,} customers ({connection.vendor}; {_load()})")
    print(
        f"{'case':<14}{'due':>8}{'returned':>10}{'warned':>8}{'exempt':>8}{'run s':>9}{'ms/1k due':>11}{'rerun ms':>10}"
    )
    ok = True
    seconds = {}
    for step, label in ((100, "1 % due"), (1000, "0.1 % due")):
        due, warned = data.make_due(step, now)
        exempt = due[: data.EXEMPT_DEALS]
        data.exempt_deals(exempt, now)
        started = time.perf_counter()
        first = run_take_back(now)
        elapsed = time.perf_counter() - started
        pooled = set(Customer.objects.filter(pool=pool).values_list("pk", flat=True))
        assert pooled == set(due) - set(exempt), (len(pooled), len(due))
        assert first.returned == len(pooled) and first.warned == len(warned), (first, len(warned))
        events = PoolEvent.objects.count()
        started = time.perf_counter()
        second = run_take_back(now)
        rerun = time.perf_counter() - started
        assert second.returned == 0 and second.warned == 0 and PoolEvent.objects.count() == events, second
        seconds[step] = elapsed
        within = step != 100 or elapsed < TARGET_TAKE_BACK_SECONDS
        ok &= within
        print(
            f"{label:<14}{len(due):>8,}{first.returned:>10,}{first.warned:>8,}{len(exempt):>8}"
            f"{elapsed:>9.2f}{elapsed * 1000 / len(due) * 1000:>11.1f}{rerun * 1000:>10.1f}"
            f"{'' if within else '  OVER ' + str(TARGET_TAKE_BACK_SECONDS) + ' s'}"
        )
        data.restore(data.stale_ids(pool.pk, now), org["owners"], now)
    verdict = "ok" if seconds[100] < TARGET_TAKE_BACK_SECONDS else "OVER"
    print(
        f"1 % / 0.1 % time ratio {seconds[100] / seconds[1000]:.1f} (due rows ratio 10): cost follows the due rows; "
        f"target for 1 % < {TARGET_TAKE_BACK_SECONDS:.0f} s {verdict}"
    )
    return ok


def run(rows: int) -> bool:
    """Build the org and the customers once, then time assignment and take-back."""
    org = data.build_org()
    data.fill_customers(rows * 10, org["owners"], data.ANCHOR)
    data.fill_existing_leads(org["owners"], data.ANCHOR)
    data.analyze()
    ok = bench_assignment(org, rows)
    ok &= bench_take_back(org)
    return ok
