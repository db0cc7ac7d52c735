"""Issue 3 benchmark: newest 50 visible records for three personas vs hand-written SQL.

1,000,000 customers owned by 500 users in a 3-level tree of 40 departments.
"""

import os
import random
from datetime import UTC, datetime, timedelta
from typing import Any

HQ_PATH_DEPTH = 3
REGIONS = 6
TEAMS = 33
USERS = 500


def build_org() -> dict[str, Any]:
    """Create 40 departments and 500 users directly (bench setup, not measured)."""
    from chengdan.accounts.models import Department, Role, User

    if User.objects.filter(username="bench_rm_0").exists():
        return _load_org()
    rng = random.Random(7)
    hq = Department.objects.create(name="总部")
    hq.path = f"/{hq.pk}/"
    hq.save()
    regions, teams = [], []
    for r in range(REGIONS):
        region = Department.objects.create(name=f"大区{r}", parent=hq, depth=1)
        region.path = f"{hq.path}{region.pk}/"
        region.save()
        regions.append(region)
    for t in range(TEAMS):
        region = regions[t % REGIONS]
        team = Department.objects.create(name=f"团队{t}", parent=region, depth=2)
        team.path = f"{region.path}{team.pk}/"
        team.save()
        teams.append(team)
    roles = {role.code: role for role in Role.objects.all()}
    managers = []
    for r, region in enumerate(regions):
        user = User.objects.create(username=f"bench_rm_{r}", department=region)
        user.line_path = f"/{user.pk}/"
        user.save()
        user.roles.add(roles["regional_manager"])
        managers.append(user)
    supervisors = []
    for t, team in enumerate(teams):
        manager = managers[t % REGIONS]
        user = User.objects.create(username=f"bench_sup_{t}", department=team, manager=manager)
        user.line_path = f"{manager.line_path}{user.pk}/"
        user.save()
        user.roles.add(roles["sales_supervisor"])
        supervisors.append(user)
    reps = []
    for number in range(USERS - REGIONS - TEAMS):
        t = rng.randrange(TEAMS)
        supervisor = supervisors[t]
        user = User.objects.create(username=f"bench_rep_{number}", department=teams[t], manager=supervisor)
        user.line_path = f"{supervisor.line_path}{user.pk}/"
        user.save()
        user.roles.add(roles["sales_rep"])
        reps.append(user)
    return _load_org()


def _load_org() -> dict[str, Any]:
    from chengdan.accounts.models import User

    return {
        "regional_manager": User.objects.get(username="bench_rm_0"),
        "supervisor": User.objects.get(username="bench_sup_0"),
        "rep": User.objects.filter(username__startswith="bench_rep_").order_by("pk").first(),
        "owners": list(User.objects.filter(username__startswith="bench_").values_list("pk", "department_id")),
    }


def fill_records(rows: int, owners: list[tuple[int, int]]) -> None:
    """Insert `rows` customers with raw executemany / COPY (setup, not measured)."""
    from django.db import connection, transaction

    from chengdan.customers.models import Customer

    existing = Customer.objects.count()
    if existing >= rows:
        _analyze()
        return
    from chengdan.core import bulk

    rng = random.Random(11)
    start = datetime(2023, 1, 1, tzinfo=UTC)
    # Every column of the current model, so the generator survives schema changes.
    fields = [field for field in Customer._meta.concrete_fields if field.attname != "id"]
    defaults = {f.attname: (f.get_default() if f.has_default() else None if f.null else "") for f in fields}
    columns = list(defaults)
    needed = rows - existing
    print(f"generating {needed:,} customers …", flush=True)
    batch: list[list[Any]] = []
    with transaction.atomic():
        for number in range(needed):
            owner, department = owners[rng.randrange(len(owners))]
            at = start + timedelta(seconds=rng.randrange(3 * 365 * 86400))
            values = {
                **defaults,
                "name": f"客户{existing + number}有限公司",
                "phone": f"139{number % 100000000:08d}",
                "owner_id": owner,
                "department_id": department,
                "created_at": at,
                "updated_at": at,
            }
            batch.append([values[column] for column in columns])
            if len(batch) == 100_000:
                bulk.insert_rows(Customer, columns, batch)
                batch = []
        bulk.insert_rows(Customer, columns, batch)
    _ = connection
    _analyze()


def _analyze() -> None:
    """Fresh planner statistics: migrations that rebuild tables or indexes leave SQLite without them."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


# The page the API returns: every shown customer column, owner and department names, then the tags.
RAW_LIST = """
SELECT c.id, c.name, c.short_name, c.credit_code, c.industry, c.province_code, c.city_code, c.district_code,
       c.address, c.latitude, c.longitude, c.website, c.source, c.level, c.stage, c.phone, c.notes, c.custom,
       c.owner_id, c.pool_id, c.department_id, c.last_follow_up_at, c.created_at, c.updated_at, c.version,
       u.id, u.username, u.display_name, d.id, d.name
FROM customers_customer c
LEFT JOIN accounts_user u ON u.id = c.owner_id
LEFT JOIN accounts_department d ON d.id = c.department_id
WHERE {where}
ORDER BY c.created_at DESC, c.id DESC
LIMIT 51
"""
RAW_COUNT = "SELECT COUNT(*) FROM (SELECT c.id FROM customers_customer c WHERE {where} LIMIT 10001) AS sub"
RAW_TAGS = (
    "SELECT t.customer_id, g.id, g.name, g.color FROM customers_customer_tags t "
    "JOIN customers_tag g ON g.id = t.tag_id WHERE t.customer_id IN ({ids})"
)
# The actor's departments: the primary one and the extra ones.
RAW_MINE = (
    "SELECT m.path FROM accounts_department m WHERE m.id = (SELECT department_id FROM accounts_user WHERE id = %s) "
    "OR m.id IN (SELECT department_id FROM accounts_user_extra_departments WHERE user_id = %s)"
)
RAW_SUBTREE = (
    "SELECT d.id FROM accounts_department d WHERE EXISTS "
    f"(SELECT 1 FROM ({RAW_MINE}) mine WHERE d.path LIKE mine.path || '%%')"
)
# The small sets of the rule, in one round trip: records shared with the actor and the public pools
# the actor is a member (listed, or through an ancestor department) or a manager of. Resolved first:
# as subqueries inside the OR, both planners give up the owner/department indexes and scan.
RAW_SETS = f"""
SELECT 's', s.object_id FROM access_recordshare s
WHERE s.user_id = %s AND s.resource = 'customers' AND s.access IN ('read', 'edit')
UNION ALL
SELECT 'p', p.id FROM access_pool p
WHERE p.is_active AND p.resource = 'customers' AND (
    p.id IN (SELECT pool_id FROM access_pool_members WHERE user_id = %s)
    OR p.id IN (SELECT pool_id FROM access_pool_managers WHERE user_id = %s)
    OR p.id IN (SELECT md.pool_id FROM access_pool_member_departments md
                JOIN accounts_department a ON a.id = md.department_id
                WHERE EXISTS (SELECT 1 FROM ({RAW_MINE}) mine WHERE mine.path LIKE a.path || '%%')))
"""


def raw_condition(
    persona: str, user: Any, shared: list[int], pools: list[int], subtree: list[int]
) -> tuple[str, list[Any]]:
    """The hand-written rule of each persona: own records, (their department subtrees), shared, in their pools."""
    from django.db import connection

    terms, params = ["c.owner_id = %s"], [user.pk]
    if persona != "rep":
        # The same planner-specific form the engine picks (see reach.DepartmentUnder).
        if connection.vendor == "postgresql":
            terms.append(f"c.department_id IN ({','.join(str(pk) for pk in subtree) or 'NULL'})")
        else:
            terms.append(f"c.department_id IN ({RAW_SUBTREE})")
            params += [user.pk, user.pk]
    if shared:
        terms.append(f"c.id IN ({','.join(str(pk) for pk in shared)})")
    if pools:
        terms.append(f"c.pool_id IN ({','.join(str(pk) for pk in pools)})")
    return "(" + " OR ".join(terms) + ")", params


def raw_page(persona: str, user: Any) -> None:
    """The hand-written listing: the rule's small sets, the page, its tags, the capped count."""
    from django.db import connection

    with connection.cursor() as cursor:
        sets = RAW_SETS
        params: list[Any] = [user.pk, user.pk, user.pk, user.pk, user.pk]
        if persona != "rep" and connection.vendor == "postgresql":
            sets += f" UNION ALL SELECT 'd', sub.id FROM ({RAW_SUBTREE}) sub"
            params += [user.pk, user.pk]
        cursor.execute(sets, params)
        found: dict[str, list[int]] = {"s": [], "p": [], "d": []}
        for kind, pk in cursor.fetchall():
            found[kind].append(pk)
        where, params = raw_condition(persona, user, found["s"], found["p"], found["d"])
        cursor.execute(RAW_LIST.format(where=where), params)
        rows = cursor.fetchall()
        assert len(rows) == 51
        cursor.execute(RAW_TAGS.format(ids=",".join(str(row[0]) for row in rows[:50])))
        cursor.fetchall()
        cursor.execute(RAW_COUNT.format(where=where), params)
        cursor.fetchone()


def run(rows: int) -> bool:
    """Build the data once, then time app vs raw for each persona; print ratios and query counts."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench.common import paired_medians, report
    from chengdan.accounts.models import User
    from chengdan.core.pagination import PageRequest
    from chengdan.customers import queries

    org = build_org()
    fill_records(rows, org["owners"])
    results, cpu_results = [], []
    for persona in ("supervisor", "regional_manager", "rep"):
        user = org[persona]

        def app(user_id: int = user.pk) -> None:
            actor = User.objects.select_related("department").get(pk=user_id)
            page = queries.list_customers(actor, queries.CustomerFilters(), PageRequest(limit=50))
            assert len(page.items) == 50
            for customer in page.items:
                _ = (
                    customer.owner.name if customer.owner else None,
                    customer.department.name if customer.department else None,
                )

        def raw(persona: str = persona, user: Any = user) -> None:
            raw_page(persona, user)

        app_ms, raw_ms, app_cpu, raw_cpu = paired_medians(app, raw)
        results.append((persona, app_ms, raw_ms))
        cpu_results.append((persona, app_cpu, raw_cpu))
    ok = report(f"Scoped list, newest 50 of {rows:,} customers ({connection.vendor}), wall time", results, 3.0)
    report("the same, CPU time of the benchmark process (the database server's share not counted)", cpu_results, 3.0)
    print(f"load average {' '.join(f'{value:.2f}' for value in os.getloadavg())} on {os.cpu_count()} cores")
    actor = User.objects.get(pk=org["supervisor"].pk)
    counts = []
    for limit in (10, 50, 200):
        fresh = User.objects.get(pk=actor.pk)
        with CaptureQueriesContext(connection) as captured:
            queries.list_customers(fresh, queries.CustomerFilters(), PageRequest(limit=limit))
        counts.append(f"limit {limit}: {len(captured)}")
    first = queries.list_customers(actor, queries.CustomerFilters(), PageRequest(limit=1)).items[0]
    fresh = User.objects.get(pk=actor.pk)
    with CaptureQueriesContext(connection) as captured:
        queries.get_customer(fresh, first.pk)
    print("query counts — list " + ", ".join(counts) + f"; detail: {len(captured)}")
    return ok
