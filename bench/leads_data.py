"""Data for the issue 5 benchmarks: 20 assignment rules, incoming leads, 1,000,000 customers with take-back clocks.

The org is bench/opportunities_data's (500 users, 4 regions × 10 teams). Rules mix provinces,
industries, budget ranges, sources, product keywords and time windows; their actions are a named
user, round robin or least loaded in a team, or a leads pool. A third of the reps have a capacity
cap, one in twenty is on leave. Customers are written raw (executemany / COPY); which of them are
due is decided by id (`id % step`), so a run can be reset by touching only those rows.
"""

import random
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from bench.opportunities_data import _defaults

BATCH = 100_000
# The take-back benchmark's clock: customers are generated relative to it, so kept data never drifts into due.
ANCHOR = datetime(2025, 6, 2, 4, 0, tzinfo=UTC)
WORK_START, WORK_END = time(9, 0), time(18, 0)
LEADS_POOL = "线索公海（基准）"
CUSTOMERS_POOL = "客户公海（基准）"
NO_FOLLOW_UP_DAYS = 30
NO_WON_DAYS = 180
WARN_DAYS = 3
EXEMPT_DEALS = 20
# Leads an installation already has (closed, so they neither count as open load nor match new people).
EXISTING_LEADS = 100_000
EXISTING_CAMPAIGN = "存量线索（基准）"
PROVINCES = {
    "beijing": "110000",
    "tianjin": "120000",
    "hebei": "130000",
    "shanghai": "310000",
    "jiangsu": "320000",
    "zhejiang": "330000",
    "fujian": "350000",
    "shandong": "370000",
    "hubei": "420000",
    "guangdong": "440000",
    "chongqing": "500000",
    "sichuan": "510000",
    "shaanxi": "610000",
}
INDUSTRIES = ["it", "manufacturing", "finance", "retail", "healthcare", "education", "logistics"]
SOURCES = ["web_form", "email", "phone", "wechat", "exhibition", "referral", "advertising", "api"]
PRODUCTS = [
    "ERP 系统",
    "CRM 云服务",
    "MES 制造执行",
    "财务软件",
    "OA 协同办公",
    "BI 数据分析",
    "HR 人事系统",
    "仓储 WMS",
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂"
COMPANY_WORDS = ["华信", "金桥", "恒通", "瑞丰", "中科", "远景", "联创", "新元", "东方", "博达", "海川", "天宇"]
TITLES = ["采购经理", "IT 总监", "总经理", "财务总监", "信息部主管", ""]


def build_org() -> dict[str, Any]:
    """The opportunities benchmark's org (created once) plus its teams, in id order."""
    from bench import opportunities_data
    from chengdan.accounts.models import Department, User

    org = opportunities_data.build_org()
    teams = Department.objects.filter(depth=2, name__startswith="团队").order_by("pk")
    org["teams"] = list(teams.values_list("pk", flat=True))
    org["reps"] = list(
        User.objects.filter(username__startswith="bopp_rep_").order_by("pk").values_list("pk", flat=True)
    )
    return org


def _pool(resource: str, name: str, org: dict[str, Any]) -> Any:
    from chengdan.access.models import Pool

    pool, created = Pool.objects.get_or_create(resource=resource, name=name)
    if created:
        pool.member_departments.add(org["regional_manager"].department_id)
        pool.managers.add(org["regional_manager"])
    return pool


def build_rules(org: dict[str, Any], first_day: date) -> list[Any]:
    """Replace every assignment rule and availability row with the benchmark's 20 rules (setup).

    One rep in twenty is on leave for the whole benchmark week starting `first_day`.
    """
    from chengdan.leads.models import AssignmentRule, RepAvailability

    AssignmentRule.objects.all().delete()
    RepAvailability.objects.all().delete()
    teams, supervisor = org["teams"], org["supervisor"]
    leads_pool = _pool("leads", LEADS_POOL, org)
    p = PROVINCES
    specs: list[tuple[str, dict[str, Any], str, Any]] = [
        ("金融大单", {"industries": ["finance"], "budget_min": "1000000"}, "user", supervisor.pk),
        ("京津展会", {"sources": ["exhibition"], "provinces": [p["beijing"], p["tianjin"]]}, "round_robin", teams[0]),
        (
            "江浙沪制造",
            {"provinces": [p["shanghai"], p["jiangsu"], p["zhejiang"]], "industries": ["manufacturing"]},
            "least_loaded",
            teams[1],
        ),
        (
            "ERP 中型",
            {"product_keywords": ["ERP"], "budget_min": "200000", "budget_max": "1000000"},
            "round_robin",
            teams[2],
        ),
        ("微信夜间", {"sources": ["wechat"], "time_from": "20:00", "time_to": "23:59"}, "pool", leads_pool.pk),
        ("周末线索", {"weekdays": [6, 7]}, "round_robin", teams[3]),
        ("广东 CRM", {"provinces": [p["guangdong"]], "product_keywords": ["CRM"]}, "least_loaded", teams[4]),
        ("医疗行业", {"industries": ["healthcare"], "budget_min": "50000"}, "least_loaded", teams[5]),
        ("转介绍", {"sources": ["referral"]}, "user", org["regional_manager"].pk),
        ("川渝", {"provinces": [p["sichuan"], p["chongqing"]]}, "round_robin", teams[6]),
        ("教育小单", {"industries": ["education"], "budget_max": "50000"}, "round_robin", teams[7]),
        ("MES/WMS", {"product_keywords": ["MES", "WMS"]}, "least_loaded", teams[8]),
        ("广告上午", {"sources": ["advertising"], "time_from": "08:00", "time_to": "12:00"}, "round_robin", teams[9]),
        (
            "湖北陕西",
            {"provinces": [p["hubei"], p["shaanxi"]], "industries": ["it", "logistics"]},
            "least_loaded",
            teams[10],
        ),
        ("API 接入", {"sources": ["api", "email"], "budget_min": "100000"}, "round_robin", teams[11]),
        ("零售", {"industries": ["retail"]}, "least_loaded", teams[12]),
        ("山东福建", {"provinces": [p["shandong"], p["fujian"]]}, "round_robin", teams[13]),
        (
            "电话工作时间",
            {"sources": ["phone"], "weekdays": [1, 2, 3, 4, 5], "time_from": "09:00", "time_to": "18:00"},
            "least_loaded",
            teams[14],
        ),
        ("物流", {"industries": ["logistics"]}, "round_robin", teams[15]),
        ("其余全部", {}, "least_loaded", teams[16]),
    ]
    rules = []
    for position, (name, conditions, action, target) in enumerate(specs):
        rule = AssignmentRule(name=name, position=position, conditions=conditions, action=action)
        if action == "user":
            rule.target_user_id = target
        elif action == "pool":
            rule.target_pool_id = target
        else:
            rule.target_department_id = target
        rules.append(rule)
    AssignmentRule.objects.bulk_create(rules)
    rng = random.Random(17)
    availability = []
    for user_id in org["reps"]:
        draw = rng.random()
        if draw < 0.05:
            availability.append(
                RepAvailability(user_id=user_id, leave_from=first_day, leave_to=first_day + timedelta(days=7))
            )
        elif draw < 0.35:
            availability.append(RepAvailability(user_id=user_id, capacity=rng.randrange(200, 900)))
        elif draw < 0.50:
            availability.append(
                RepAvailability(user_id=user_id, work_start=WORK_START, work_end=WORK_END, work_days=[1, 2, 3, 4, 5])
            )
    RepAvailability.objects.bulk_create(availability)
    return list(AssignmentRule.objects.order_by("position", "pk"))


def _person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def lead_values(count: int, seed: int = 23) -> list[dict[str, Any]]:
    """`count` incoming leads as a capture channel hands them over (Lead attribute names, unique mobiles)."""
    rng = random.Random(seed)
    provinces = list(PROVINCES.values())
    leads = []
    for number in range(count):
        budget = rng.choice((None, Decimal(rng.randrange(1, 300)) * 10_000, Decimal(rng.randrange(5, 200)) * 1_000))
        leads.append(
            {
                "name": _person(rng),
                "mobile": f"1{rng.choice('3578')}{number:09d}",
                "email": f"lead{number}@example.cn" if rng.random() < 0.7 else "",
                "title": rng.choice(TITLES),
                "company_name": f"{rng.choice(COMPANY_WORDS)}{number}号科技有限公司",
                "province_code": rng.choice(provinces),
                "industry": rng.choice(INDUSTRIES),
                "budget": budget,
                "product_interest": rng.choice(PRODUCTS),
                "source": rng.choice(SOURCES),
                "campaign": rng.choice(("", "2025春季展", "百度推广")),
            }
        )
    return leads


def submission_moments(batches: int, start: datetime) -> list[datetime]:
    """One moment per batch, 97 minutes apart: the batches cover every hour and weekday over a week."""
    return [start + timedelta(minutes=97 * number) for number in range(batches)]


def reset_leads() -> None:
    """Delete the benchmark's new leads and every assignment log, keep the existing ones; rewind round robin."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM leads_assignmentlog")
        cursor.execute("DELETE FROM leads_lead WHERE campaign <> %s", [EXISTING_CAMPAIGN])
        cursor.execute("UPDATE leads_assignmentrule SET last_assigned_user_id = NULL")


def fill_existing_leads(owners: list[tuple[int, int]], now: datetime) -> None:
    """EXISTING_LEADS closed leads (converted or invalid), written raw once and kept between runs (setup).

    A real installation captures into a table that has rows and planner statistics: starting from an
    empty one, PostgreSQL plans (and caches per connection) the deferred foreign-key checks of
    leads_assignmentlog → leads_lead as sequential scans, and every check then reads the whole table.
    """
    from django.db import transaction

    from chengdan.core import bulk
    from chengdan.leads.models import Lead

    existing = Lead.objects.filter(campaign=EXISTING_CAMPAIGN).count()
    if existing >= EXISTING_LEADS:
        return
    rng = random.Random(37)
    defaults = _defaults(Lead)
    columns = ["id", *defaults]
    with transaction.atomic():
        ids = bulk.reserve_ids(Lead, EXISTING_LEADS - existing)
        rows = []
        for pk in ids:
            owner, department = owner_of(pk, owners)
            at = now - timedelta(days=rng.randrange(30, 700))
            name, company = _person(rng), f"存量{pk}号贸易有限公司"
            values = {**defaults, "name": name, "mobile": f"19{pk:09d}", "company_name": company}
            values.update(
                company_key=company,
                source=rng.choice(SOURCES),
                campaign=EXISTING_CAMPAIGN,
                status="converted" if rng.random() < 0.4 else "invalid",
                duplicate_status="none",
                version=1,
                owner_id=owner,
                department_id=department,
                assigned_at=at,
                idle_since=at,
                created_at=at,
                updated_at=at,
                search_text=f"{name} {company}",
            )
            rows.append([pk, *values.values()])
        bulk.insert_rows(Lead, columns, rows)


def lead_rows(values: list[dict[str, Any]], owners: list[tuple[int, int]], at: datetime) -> tuple[list[str], list[Any]]:
    """Complete leads_lead rows (every column, in model column order) for the physical-limit insert."""
    from django.db import connection

    from chengdan.leads.models import Lead

    defaults = _defaults(Lead)
    defaults.update(status="new", source="web_form", duplicate_status="none", version=1)
    stamp: Any = at if connection.vendor == "postgresql" else connection.ops.adapt_datetimefield_value(at)
    columns = list(defaults)
    rows = []
    for number, lead in enumerate(values):
        owner, department = owners[number % len(owners)]
        row = {**defaults, **lead}
        row.update(
            owner_id=owner,
            department_id=department,
            assigned_at=stamp,
            idle_since=stamp,
            created_at=stamp,
            updated_at=stamp,
            search_text=f"{lead['name']} {lead['company_name']} {lead['mobile']}",
        )
        rows.append(tuple(row[column] for column in columns))
    fields = {field.attname: str(field.column) for field in Lead._meta.concrete_fields}
    return [fields[column] for column in columns], rows


def raw_insert(table: str, columns: list[str], rows: list[Any]) -> None:
    """executemany (SQLite) or COPY (PostgreSQL) of ready rows: the fastest this machine writes them."""
    from django.db import connection

    quoted = ", ".join(f'"{name}"' for name in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f'COPY "{table}" ({quoted}) FROM STDIN') as copy:
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join("?" * len(columns))
        cursor.cursor.executemany(f'INSERT INTO "{table}" ({quoted}) VALUES ({marks})', rows)


def customers_pool(org: dict[str, Any]) -> Any:
    """The customers pool with its one take-back rule (idle 30 days, or no win in 180 days; warn 3 days before)."""
    from chengdan.leads.models import TakeBackRule

    pool = _pool("customers", CUSTOMERS_POOL, org)
    TakeBackRule.objects.exclude(pool=pool).delete()
    if not TakeBackRule.objects.filter(pool=pool).exists():
        TakeBackRule.objects.create(
            pool=pool,
            no_follow_up_days=NO_FOLLOW_UP_DAYS,
            no_won_days=NO_WON_DAYS,
            warn_days=WARN_DAYS,
            exempts_open_deals=True,
        )
    return pool


def owner_of(pk: int, owners: list[tuple[int, int]]) -> tuple[int, int]:
    """A customer's owner and department, fixed by its id so a reset can restore it."""
    return owners[pk % len(owners)]


def fill_customers(count: int, owners: list[tuple[int, int]], now: datetime) -> None:
    """`count` owned customers, all recently followed up and won (nothing due), written raw (setup)."""
    from django.db import transaction

    from chengdan.core import bulk
    from chengdan.customers.models import Customer

    existing = Customer.objects.count()
    if existing >= count:
        return
    import time as clock

    print(f"generating {count - existing:,} customers …", flush=True)
    started = clock.perf_counter()
    rng = random.Random(29)
    defaults = _defaults(Customer)
    columns = ["id", *defaults]
    with transaction.atomic():
        done = existing
        while done < count:
            ids = bulk.reserve_ids(Customer, min(BATCH, count - done))
            rows = []
            for pk in ids:
                owner, department = owner_of(pk, owners)
                name = f"存量客户{pk}有限公司"
                recent = now - timedelta(seconds=rng.randrange(20 * 86400))
                values = {**defaults, "name": name, "name_key": name, "search_text": name}
                values.update(
                    owner_id=owner,
                    department_id=department,
                    created_at=recent - timedelta(days=400),
                    updated_at=recent,
                    last_follow_up_at=recent,
                    idle_since=recent,
                    won_idle_since=recent,
                )
                rows.append([pk, *values.values()])
            bulk.insert_rows(Customer, columns, rows)
            done += len(ids)
    print(f"generated in {clock.perf_counter() - started:.1f} s", flush=True)


def make_due(step: int, now: datetime) -> tuple[list[int], list[int]]:
    """Make every `step`-th customer due and every `10 × step`-th (+1) one due for a warning (setup).

    Even multiples of `step` are idle past 30 days, odd ones have had no win for 180 days; the warned
    ones are idle 28 days (within the 3-day warning). Returns (due ids, warned ids).
    """
    from django.db import connection, transaction

    adapt = connection.ops.adapt_datetimefield_value
    idle = adapt(now - timedelta(days=NO_FOLLOW_UP_DAYS + 5))
    unwon = adapt(now - timedelta(days=NO_WON_DAYS + 5))
    warned = adapt(now - timedelta(days=NO_FOLLOW_UP_DAYS - WARN_DAYS + 1))
    half, tenth = step * 2, step * 10
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE customers_customer SET idle_since = %s WHERE id %% {half} = 0", [idle])
        cursor.execute(
            f"UPDATE customers_customer SET won_idle_since = %s WHERE id %% {half} = {step}",
            [unwon],
        )
        cursor.execute(f"UPDATE customers_customer SET idle_since = %s WHERE id %% {tenth} = 1", [warned])
        cursor.execute(f"SELECT id FROM customers_customer WHERE id % {step} = 0 ORDER BY id")
        due = [pk for (pk,) in cursor.fetchall()]
        cursor.execute(f"SELECT id FROM customers_customer WHERE id % {tenth} = 1 ORDER BY id")
        return due, [pk for (pk,) in cursor.fetchall()]


def stale_ids(pool_id: int, now: datetime) -> list[int]:
    """Customers a previous run left pooled, due or warned (through the pool and clock indexes)."""
    from chengdan.customers.models import Customer

    cutoff = now - timedelta(days=NO_FOLLOW_UP_DAYS - WARN_DAYS - 2)
    won_cutoff = now - timedelta(days=NO_WON_DAYS - WARN_DAYS - 2)
    pooled = set(Customer.objects.filter(pool_id=pool_id).values_list("pk", flat=True))
    owned = Customer.objects.filter(owner__isnull=False)
    pooled |= set(owned.filter(idle_since__lt=cutoff).values_list("pk", flat=True))
    pooled |= set(owned.filter(won_idle_since__lt=won_cutoff).values_list("pk", flat=True))
    return sorted(pooled)


def restore(ids: list[int], owners: list[tuple[int, int]], now: datetime) -> None:
    """Give `ids` back to their owners with fresh clocks; drop pool history and the exempting deals (setup)."""
    from django.db import connection, transaction

    recent = connection.ops.adapt_datetimefield_value(now - timedelta(days=1))
    rows = [(*owner_of(pk, owners), recent, recent, pk) for pk in ids]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(
            "UPDATE customers_customer SET owner_id = %s, department_id = %s, pool_id = NULL, pooled_at = NULL, "
            "idle_since = %s, won_idle_since = %s WHERE id = %s",
            rows,
        )
        cursor.execute("DELETE FROM leads_poolevent")
        cursor.execute("DELETE FROM notifications_notification")
        cursor.execute("DELETE FROM opportunities_opportunity WHERE name LIKE %s", ["收回豁免%"])


def exempt_deals(customer_ids: list[int], now: datetime) -> None:
    """An open deal on each of `customer_ids` (the take-back rule exempts them) (setup)."""
    from bench.opportunities_data import DealMaker
    from chengdan.core import bulk
    from chengdan.customers.models import Customer
    from chengdan.opportunities.models import Opportunity, Pipeline

    stage = Pipeline.objects.get(is_default=True).stages.filter(kind="open").order_by("position").first()
    maker = DealMaker(31, customer_ids, now.date())
    owners = dict(Customer.objects.filter(pk__in=customer_ids).values_list("pk", "owner_id"))
    departments = dict(Customer.objects.filter(pk__in=customer_ids).values_list("pk", "department_id"))
    rows = []
    for pk, customer_id in zip(bulk.reserve_ids(Opportunity, len(customer_ids)), customer_ids, strict=True):
        row = maker.row(pk, (owners[customer_id], departments[customer_id]), stage, 30)
        row[maker.columns.index("customer_id")] = customer_id
        row[maker.columns.index("name")] = f"收回豁免{pk}"
        rows.append(row)
    bulk.insert_rows(Opportunity, maker.columns, rows)


def analyze() -> None:
    """Fresh planner statistics after bulk writes."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
