"""Data for the issue 7 benchmarks: a team of reps with a week of activities, and a large reminder table."""

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import connection
from django.utils import timezone

TEAM_SIZE = 50
CUSTOMERS_PER_REP = 40
# A busy rep's week: 500 activities (follow-ups, visits, tasks) in the measured period.
WEEK_FOLLOW_UPS = 300
WEEK_VISITS = 100
WEEK_TASKS = 100


@dataclass
class Team:
    """The benchmark team: a supervisor, reps, and each rep's customers."""

    supervisor: Any
    reps: list[Any]
    customers: dict[int, list[int]]
    week_start: datetime


def build_team() -> Team:
    """A department with a supervisor and 50 reps, each owning 40 customers (reused when present)."""
    from chengdan.accounts.models import Department, Role, User
    from chengdan.customers.models import Customer

    week_start = _week_start()
    existing = User.objects.filter(username="bench_act_sup").first()
    if existing is not None:
        reps = list(User.objects.filter(username__startswith="bench_act_rep_").order_by("pk"))
        customers: dict[int, list[int]] = {}
        for owner_id, pk in Customer.objects.filter(owner__in=reps).values_list("owner_id", "pk"):
            customers.setdefault(owner_id, []).append(pk)
        return Team(existing, reps, customers, week_start)
    roles = {role.code: role for role in Role.objects.all()}
    root = Department.objects.filter(parent__isnull=True).first() or Department.objects.create(name="总部")
    if not root.path:
        root.path = f"/{root.pk}/"
        root.save()
    team = Department.objects.create(name="基准团队", parent=root, depth=root.depth + 1)
    team.path = f"{root.path}{team.pk}/"
    team.save()
    supervisor = User.objects.create(username="bench_act_sup", department=team)
    supervisor.line_path = f"/{supervisor.pk}/"
    supervisor.save()
    supervisor.roles.add(roles["sales_supervisor"])
    reps = []
    for number in range(TEAM_SIZE):
        rep = User.objects.create(username=f"bench_act_rep_{number}", department=team, manager=supervisor)
        rep.line_path = f"{supervisor.line_path}{rep.pk}/"
        rep.save()
        rep.roles.add(roles["sales_rep"])
        reps.append(rep)
    rows = [
        Customer(name=f"基准客户{rep.pk}-{n}有限公司", name_key=f"基准客户{rep.pk}-{n}", owner=rep, department=team)
        for rep in reps
        for n in range(CUSTOMERS_PER_REP)
    ]
    Customer.objects.bulk_create(rows, batch_size=1000)
    built = build_team()
    _fill_week(built)
    return built


def _week_start() -> datetime:
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    return timezone.make_aware(datetime.combine(monday, datetime.min.time()))


def _fill_week(team: Team) -> None:
    """Every rep gets a busy week: 300 follow-ups, 100 visits (10 far), 100 tasks (20 overdue)."""
    from chengdan.activities.models import FollowUp, Task, Visit

    rng = random.Random(7)
    start = team.week_start
    follow_ups, visits, tasks = [], [], []
    for rep in team.reps:
        owned = team.customers[rep.pk]
        for n in range(WEEK_FOLLOW_UPS):
            follow_ups.append(
                FollowUp(
                    customer_id=rng.choice(owned),
                    author=rep,
                    department_id=rep.department_id,
                    kind=rng.choice(["phone", "wechat", "visit", "email", "meeting"]),
                    content=f"第{n}次跟进，沟通需求与报价。",
                    occurred_at=start + timedelta(minutes=rng.randrange(0, 5 * 24 * 60)),
                )
            )
        for n in range(WEEK_VISITS):
            at = start + timedelta(minutes=rng.randrange(0, 5 * 24 * 60))
            visits.append(
                Visit(
                    customer_id=rng.choice(owned),
                    owner=rep,
                    department_id=rep.department_id,
                    status="completed",
                    planned_at=at,
                    check_in_at=at,
                    check_out_at=at + timedelta(hours=1),
                    is_far=n < 10,
                )
            )
        for n in range(WEEK_TASKS):
            due = start + timedelta(minutes=rng.randrange(0, 5 * 24 * 60))
            done = n >= 20
            tasks.append(
                Task(
                    title=f"任务{n}",
                    due_at=due,
                    assignee=rep,
                    created_by=rep,
                    department_id=rep.department_id,
                    status="done" if done else "open",
                    completed_at=due if done else None,
                )
            )
    FollowUp.objects.bulk_create(follow_ups, batch_size=2000)
    Visit.objects.bulk_create(visits, batch_size=2000)
    Task.objects.bulk_create(tasks, batch_size=2000)


def fill_reminders(total: int, recipients: list[int], due_share: float) -> datetime:
    """Make the reminder table hold `total` pending reminders, `due_share` of them due at the returned time."""
    from chengdan.activities.models import Reminder
    from chengdan.core.bulk import insert_rows

    now = timezone.now().replace(microsecond=0)
    present = Reminder.objects.count()
    if present != total:
        Reminder.objects.all().delete()
        # Reminders belong to real open tasks: the scan checks their subjects still need them.
        subjects = _open_tasks(recipients, now)
        columns = (
            "recipient_id",
            "kind",
            "due_at",
            "status",
            "subject_type",
            "subject_id",
            "title",
            "body",
            "link",
            "dedupe_key",
            "created_at",
        )
        batch: list[tuple[Any, ...]] = []
        for n in range(total):
            batch.append(
                (
                    recipients[n % len(recipients)],
                    "task_due",
                    now + timedelta(days=1 + n % 300, seconds=n),
                    "pending",
                    "tasks",
                    subjects[n % len(subjects)],
                    f"任务到期 {n}",
                    "",
                    f"/tasks?id={n}",
                    f"bench:{n}",
                    now,
                )
            )
            if len(batch) == 50_000:
                insert_rows(Reminder, columns, batch)
                batch = []
        if batch:
            insert_rows(Reminder, columns, batch)
    reset_reminders(total, due_share, now)
    return now


def _open_tasks(assignees: list[int], now: datetime) -> list[str]:
    """10,000 open tasks due next month, spread over the assignees (created once)."""
    from chengdan.activities.models import Task

    titled = Task.objects.filter(title__startswith="基准提醒任务")
    if not titled.exists():
        Task.objects.bulk_create(
            [
                Task(
                    title=f"基准提醒任务{n}",
                    due_at=now + timedelta(days=30),
                    assignee_id=assignees[n % len(assignees)],
                    created_by_id=assignees[n % len(assignees)],
                )
                for n in range(10_000)
            ],
            batch_size=2000,
        )
    return [str(pk) for pk in titled.values_list("pk", flat=True)]


def reset_reminders(total: int, due_share: float, now: datetime) -> None:
    """Make every reminder pending again, with exactly `due_share` of them due before `now`."""
    from chengdan.activities.models import Reminder

    due = int(total * due_share)
    with connection.cursor() as cursor:
        table = Reminder._meta.db_table
        cursor.execute(f"UPDATE {table} SET status = 'pending', sent_at = NULL WHERE status <> 'pending'")
    ids = list(Reminder.objects.order_by("pk").values_list("pk", flat=True)[:: max(1, total // max(due, 1))][:due])
    future = now + timedelta(days=1)
    Reminder.objects.filter(due_at__lt=now).update(due_at=future)
    for chunk in range(0, len(ids), 10_000):
        Reminder.objects.filter(pk__in=ids[chunk : chunk + 10_000]).update(due_at=now - timedelta(minutes=5))
    _delete_scan_notifications()


def scan_channels() -> list[str]:
    """The outbox channels the last scan queued reminders on (the hand-written scan queues the same)."""
    from chengdan.notifications.models import Delivery

    queued = Delivery.objects.filter(notification__dedupe_key__startswith="reminder:")
    return sorted(set(queued.values_list("channel", flat=True)))


def _delete_scan_notifications() -> None:
    from chengdan.notifications.models import Notification

    Notification.objects.filter(dedupe_key__startswith="reminder:").delete()
