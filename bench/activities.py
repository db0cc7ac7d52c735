"""Issue 7 benchmarks (data: bench/activities_data).

- follow-up: POST /api/v1/follow-ups through the whole request stack (session, engine, reminder,
  last-follow-up update, audit) — median server time, target under 30 ms;
- reminder scan: `scan_due_reminders_now` over N scheduled reminders (default 1,000,000) with 1 %
  and 0.1 % due — target under 5 s at 1 %, time proportional to the due rows (the not-due rows are
  never read);
  each compared with its physical limit (bench/activities_raw: the same rows by hand-written SQL) and
  the ratio printed;
- reports: GET /api/v1/work-reports/draft for a rep with 500 activities in the week (target
  under 200 ms) and GET /api/v1/work-reports/rollup for a supervisor over 50 reps (target under 2 s).
"""

import itertools
import json
import time
from datetime import timedelta

from django.db import connection
from django.test import Client
from django.utils import timezone

from bench import activities_data as data
from bench import activities_raw as raw
from bench.common import median_ms

TARGET_FOLLOW_UP_MS = 30.0
TARGET_SCAN_SECONDS = 5.0
TARGET_DRAFT_MS = 200.0
TARGET_ROLLUP_MS = 2000.0


def _line(name: str, value: float, unit: str, target: float) -> bool:
    ok = value <= target
    print(f"{name:<52}{value:>10.1f} {unit:<3} target ≤ {target:g} {unit}  {'ok' if ok else 'OVER'}")
    return ok


def _ratio(name: str, app: float, limit: float, unit: str) -> None:
    print(f"{'  vs ' + name:<52}{limit:>10.1f} {unit:<3} by hand-written SQL; ratio {app / limit:.2f}×")


def bench_follow_up(team: data.Team) -> bool:
    """Median time of logging one follow-up with a next follow-up time, through the API."""
    rep = team.reps[0]
    client = Client()
    client.force_login(rep)
    customers = itertools.cycle(team.customers[rep.pk])
    counter = itertools.count()

    def log() -> None:
        body = {
            "record_type": "customers",
            "record_id": next(customers),
            "kind": "phone",
            "content": f"电话沟通第{next(counter)}次，客户确认下周演示。",
            "next_follow_up_at": (data._week_start() + timedelta(days=9)).isoformat(),
        }
        response = client.post("/api/v1/follow-ups", data=json.dumps(body), content_type="application/json")
        assert response.status_code == 201, response.content

    def log_raw() -> None:
        now = timezone.now()
        raw.log_follow_up_raw(
            author_id=rep.pk,
            department_id=rep.department_id,
            customer_id=next(customers),
            content=f"电话沟通第{next(counter)}次，客户确认下周演示。",
            now=now,
            next_at=now + timedelta(days=9),
        )

    app_ms = median_ms(log, runs=200, warmup=10)
    ok = _line("log a follow-up (reminder, last follow-up, audit)", app_ms, "ms", TARGET_FOLLOW_UP_MS)
    _ratio("the same four writes", app_ms, median_ms(log_raw, runs=200, warmup=10), "ms")
    return ok


def bench_reminder_scan(team: data.Team, total: int) -> bool:
    """The scan over `total` scheduled reminders at 1 % and 0.1 % due."""
    from chengdan.activities.tasks import scan_due_reminders_now

    recipients = [rep.pk for rep in team.reps]
    ok = True
    per_row = []
    for share in (0.01, 0.001):
        now = data.fill_reminders(total, recipients, share)
        started = time.perf_counter()
        sent = scan_due_reminders_now(now)
        seconds = time.perf_counter() - started
        due = int(total * share)
        assert sent == due, (sent, due)
        per_row.append(seconds / due * 1000)
        ok &= _line(f"reminder scan, {total:,} scheduled, {due:,} due", seconds, "s", TARGET_SCAN_SECONDS)
        channels = data.scan_channels()
        data.reset_reminders(total, share, now)
        started = time.perf_counter()
        assert raw.scan_raw(now, channels) == due
        _ratio(f"set-based SQL ({len(channels)} outbox channel(s))", seconds, time.perf_counter() - started, "s")
    print(f"{'time per due reminder (1 % vs 0.1 %)':<52}{per_row[0]:>10.3f} ms / {per_row[1]:.3f} ms")
    # Proportional to the due rows: a tenth of the due rows must not cost more than half the time.
    ok &= per_row[1] <= per_row[0] * 5
    data.reset_reminders(total, 0.0, now)
    return ok


def bench_reports(team: data.Team) -> bool:
    """The weekly draft of one busy rep, and the supervisor's roll-up over the team."""
    day = data._week_start().date().isoformat()
    rep = Client()
    rep.force_login(team.reps[1])
    supervisor = Client()
    supervisor.force_login(team.supervisor)

    def draft() -> None:
        response = rep.get(f"/api/v1/work-reports/draft?kind=weekly&date={day}")
        assert response.status_code == 200, response.content

    def rollup() -> None:
        response = supervisor.get(f"/api/v1/work-reports/rollup?kind=weekly&date={day}")
        assert response.status_code == 200, response.content
        assert len(response.json()["rows"]) >= data.TEAM_SIZE, response.content[:200]

    ok = _line("weekly draft, 500 activities", median_ms(draft, runs=20), "ms", TARGET_DRAFT_MS)
    ok &= _line(f"team roll-up, {data.TEAM_SIZE} reps", median_ms(rollup, runs=10, warmup=2), "ms", TARGET_ROLLUP_MS)
    return ok


def run(total: int) -> bool:
    """Build the data once, then print every figure against its target."""
    print(f"\nIssue 7 benchmarks ({connection.vendor})")
    team = data.build_team()
    ok = bench_follow_up(team)
    ok &= bench_reports(team)
    ok &= bench_reminder_scan(team, total)
    return ok
