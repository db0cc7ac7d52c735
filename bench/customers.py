"""Issue 4 benchmarks: import, search, scoped list and CSV export of customers against their physical limits.

- import: a 100,000-row .xlsx (customer + contact per row) through the real importer (validation and
  duplicate checks included) vs python-calamine parsing the file + raw executemany / COPY of the rows;
- search: 3+ character Chinese queries vs the raw indexed query; 1–2 character and pinyin medians;
- list: newest 50 of 200,000 for a supervisor vs raw SQL, and a deep page vs the first;
- export: CSV of 100,000 rows vs a raw query streamed through csv.writer.
"""

import csv
import random
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.common import ROOT, median_ms, report

IMPORT_ROWS = 100_000
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂"
CITIES = ["北京", "上海", "广州", "深圳", "杭州", "南京", "成都", "武汉", "西安", "苏州", "天津", "重庆"]
WORDS = ["华信", "金桥", "恒通", "瑞丰", "中科", "远景", "联创", "新元", "东方", "博达", "海川", "天宇", "安泰"]
TRADES = ["科技", "电子", "医药", "物流", "建设", "贸易", "食品", "能源", "材料", "信息技术", "机械", "咨询"]
FORMS = ["有限公司", "股份有限公司", "集团有限公司"]


def company(rng: random.Random, number: int) -> str:
    """A plausible, unique Chinese company name."""
    return f"{rng.choice(CITIES)}{rng.choice(WORDS)}{rng.choice(TRADES)}{number}号{rng.choice(FORMS)}"


def person(rng: random.Random) -> str:
    """A plausible Chinese personal name."""
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def import_file(rows: int) -> Path:
    """The benchmark workbook (built once and kept under var/)."""
    import xlsxwriter

    path = ROOT / "var" / f"bench-import-{rows}.xlsx"
    if path.exists():
        return path
    rng = random.Random(4)
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = workbook.add_worksheet("客户")
    sheet.write_row(0, 0, ["客户名称", "地区", "联系人", "手机", "邮箱"])
    for number in range(rows):
        sheet.write_row(
            number + 1,
            0,
            [
                company(rng, number),
                f"{rng.choice(CITIES)}市",
                person(rng),
                f"1{rng.choice('3456789')}{number:09d}",
                f"user{number}@example.cn",
            ],
        )
    workbook.close()
    return path


def _reset_customers() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        for table in ("customers_contact", "customers_customer_tags", "customers_customer", "customers_importjob"):
            cursor.execute(f"DELETE FROM {table}")


def _physical_import(path: Path, owner_id: int, department_id: int | None) -> None:
    """Parse with calamine and write the same rows raw: the fastest this machine can do."""
    from django.db import connection, transaction
    from python_calamine import CalamineWorkbook

    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()[1:]
    now = datetime.now(tz=UTC)
    customer_columns = (
        "name, short_name, credit_code, industry, province_code, city_code, district_code, address, website, "
        "source, level, stage, phone, notes, custom, owner_id, department_id, name_key, search_text, "
        "created_at, updated_at, version, idle_since, won_idle_since"
    )
    contact_columns = (
        "customer_id, name, title, department_name, mobile, landline, email, wechat, decision_role, "
        "is_primary, notes, custom, created_at, updated_at, version"
    )
    with transaction.atomic(), connection.cursor() as cursor:
        customers = [
            (r[0], "", "", "", "", "", "", "", "", "", "", "", "", "", "{}", owner_id, department_id, r[0], r[0])
            for r in rows
        ]
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY customers_customer ({customer_columns}) FROM STDIN") as copy:
                for row in customers:
                    copy.write_row((*row, now, now, 1, now, now))
            cursor.execute("SELECT id FROM customers_customer ORDER BY id")
            ids = [pk for (pk,) in cursor.fetchall()]
            with cursor.cursor.copy(f"COPY customers_contact ({contact_columns}) FROM STDIN") as copy:
                for pk, r in zip(ids, rows, strict=True):
                    copy.write_row((pk, r[2], "", "", str(r[3]), "", r[4], "", "", True, "", "{}", now, now, 1))
        else:
            stamp = now.isoformat(" ")
            marks = ", ".join(["?"] * 24)
            cursor.cursor.executemany(
                f"INSERT INTO customers_customer ({customer_columns}) VALUES ({marks})",
                [(*row, stamp, stamp, 1, stamp, stamp) for row in customers],
            )
            cursor.execute("SELECT id FROM customers_customer ORDER BY id")
            ids = [pk for (pk,) in cursor.fetchall()]
            marks = ", ".join(["?"] * 15)
            cursor.cursor.executemany(
                f"INSERT INTO customers_contact ({contact_columns}) VALUES ({marks})",
                [
                    (pk, r[2], "", "", str(r[3]), "", r[4], "", "", True, "", "{}", stamp, stamp, 1)
                    for pk, r in zip(ids, rows, strict=True)
                ],
            )


def _app_import(path: Path, actor: Any, rows: int) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from chengdan.customers import imports
    from chengdan.customers.models import ImportJob, JobStatus

    job, _table = imports.start_import(actor=actor, upload=SimpleUploadedFile(path.name, path.read_bytes()))
    ImportJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING)
    done = imports.process_import(job.pk)
    assert done.status == JobStatus.DONE and done.created_count == rows, (done.status, done.message)


def bench_import(admin: Any, rows: int = IMPORT_ROWS, runs: int = 2) -> tuple[str, float, float]:
    """Best of `runs` runs each (a 100k-row import is too long for a median of many)."""
    path = import_file(rows)
    timings: dict[str, list[float]] = {"app": [], "raw": []}
    for _ in range(runs):
        for kind in ("raw", "app"):
            _reset_customers()
            started = time.perf_counter()
            if kind == "raw":
                _physical_import(path, admin.pk, admin.department_id)
            else:
                _app_import(path, admin, rows)
            timings[kind].append((time.perf_counter() - started) * 1000)
            print(f"  {kind} {timings[kind][-1]:.0f} ms", flush=True)
    _reset_customers()
    return (f"import {rows:,} rows .xlsx", min(timings["app"]), min(timings["raw"]))


def fill_base(rows: int, owners: list[tuple[int, int | None]]) -> None:
    """`rows` customers with their search columns, written raw (setup, not measured)."""
    from django.db import connection

    from chengdan.customers import indexing
    from chengdan.customers.models import Customer

    if Customer.objects.count() >= rows:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        return
    _reset_customers()
    rng = random.Random(9)
    start = datetime(2024, 1, 1, tzinfo=UTC)
    batch = []
    print(f"generating {rows:,} customers with search columns …", flush=True)
    for number in range(rows):
        name = company(rng, number)
        if number % 1000 == 0:
            name = f"平安银行{number}号分行有限公司"
        owner, department = owners[rng.randrange(len(owners))]
        key, text = indexing.index_values(
            name=name, short_name="", credit_code="", phone="", contacts=[(person(rng), f"139{number:08d}", "")]
        )
        at = start + timedelta(seconds=rng.randrange(600 * 86400))
        batch.append(
            Customer(name=name, owner_id=owner, department_id=department, name_key=key, search_text=text, created_at=at)
        )
        if len(batch) == 20_000:
            Customer.objects.bulk_create(batch)
            batch = []
    Customer.objects.bulk_create(batch)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def bench_search(admin: Any) -> tuple[list[tuple[str, float, float]], list[tuple[str, float]]]:
    """3+ character queries against the raw indexed query; short and pinyin queries in absolute terms."""
    from django.db import connection

    from chengdan.core import textnorm
    from chengdan.customers import search

    ratios = []
    for query in ("平安银行", "华信科技", "深圳瑞丰"):
        needle = textnorm.normalise_query(query)

        def app(query: str = query) -> None:
            search.top_customers(admin, query)

        def raw(needle: str = needle) -> None:
            # The same answer the app builds: the rows with owner and department, then their tags.
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT c.*, u.display_name, d.name FROM customers_customer c "
                    "JOIN accounts_user u ON u.id = c.owner_id "
                    "LEFT JOIN accounts_department d ON d.id = c.department_id "
                    "WHERE c.search_text LIKE %s ORDER BY c.id DESC LIMIT 8",
                    [f"%{needle}%"],
                )
                ids = [row[0] for row in cursor.fetchall()] or [0]
                listed = ",".join(map(str, ids))
                cursor.execute(
                    "SELECT t.customer_id, g.name, g.color FROM customers_customer_tags t "
                    f"JOIN customers_tag g ON g.id = t.tag_id WHERE t.customer_id IN ({listed})"
                )
                cursor.fetchall()

        ratios.append((f"search “{query}”", median_ms(app, runs=15), median_ms(raw, runs=15)))
    absolute = []
    for query in ("平", "平安", "瑞", "payh", "pinganyinhang", "hxkj"):

        def short(query: str = query) -> None:
            search.top_customers(admin, query)

        absolute.append((f"search “{query}”", median_ms(short, runs=15)))
    return ratios, absolute


def bench_list(supervisor: Any) -> list[tuple[str, float, float]]:
    """Newest 50 visible to a supervisor vs raw SQL, and page 200 (keyset) vs page 1."""
    from django.db import connection

    from bench.scoped_list import RAW_LIST, RAW_TAGS
    from chengdan.accounts.models import User
    from chengdan.core.pagination import PageRequest
    from chengdan.customers import queries

    def app(cursor: str | None = None) -> Any:
        actor = User.objects.get(pk=supervisor.pk)
        return queries.list_customers(actor, queries.CustomerFilters(), PageRequest(limit=50, cursor=cursor))

    path = supervisor.department.path + "%"

    def raw() -> None:
        with connection.cursor() as cursor:
            columns = RAW_LIST.split("FROM")[0]
            cursor.execute(
                f"{columns} FROM customers_customer c "
                "JOIN accounts_user u ON u.id = c.owner_id LEFT JOIN accounts_department d ON d.id = c.department_id "
                "WHERE (c.owner_id = %s OR c.department_id IN "
                "(SELECT id FROM accounts_department WHERE path LIKE %s)) "
                "ORDER BY c.created_at DESC, c.id DESC LIMIT 51",
                [supervisor.pk, path],
            )
            ids = ",".join(str(row[0]) for row in cursor.fetchall()[:50])
            cursor.execute(RAW_TAGS.format(ids=ids or "0"))
            cursor.fetchall()
            cursor.execute(
                "SELECT COUNT(*) FROM (SELECT c.id FROM customers_customer c WHERE "
                "(c.owner_id = %s OR c.department_id IN (SELECT id FROM accounts_department WHERE path LIKE %s)) "
                "LIMIT 10001) s",
                [supervisor.pk, path],
            )
            cursor.fetchone()

    cursor = None
    for _ in range(200):
        page = app(cursor)
        cursor = page.next_cursor
        if not cursor:
            break
    deep = cursor
    first = median_ms(app)
    return [
        ("list newest 50 (supervisor)", first, median_ms(raw)),
        ("list page 200 vs page 1", median_ms(lambda: app(deep)), first),
    ]


def bench_export(admin: Any) -> tuple[str, float, float]:
    """CSV of the first 100,000 rows vs the raw query streamed through csv.writer."""
    from django.db import connection

    from chengdan.customers import exports, queries

    class Sink:
        def write(self, value: str) -> int:
            return len(value)

    filters = queries.CustomerFilters()

    def app() -> None:
        for _ in exports.stream_csv(admin, filters, english=False):
            pass

    def raw() -> None:
        writer = csv.writer(Sink())
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT c.name, c.short_name, c.credit_code, c.industry, c.province_code, c.address, c.website, "
                "c.source, c.level, c.stage, c.phone, u.display_name, d.name, c.created_at, c.notes "
                "FROM customers_customer c JOIN accounts_user u ON u.id = c.owner_id "
                "LEFT JOIN accounts_department d ON d.id = c.department_id "
                "ORDER BY c.created_at DESC, c.id DESC"
            )
            while rows := cursor.fetchmany(2000):
                writer.writerows(rows)

    return ("CSV export (all rows)", median_ms(app, runs=3, warmup=1), median_ms(raw, runs=3, warmup=1))


def run(rows: int) -> bool:
    """Build the data once, then print every ratio."""
    from django.db import connection

    from bench.scoped_list import build_org
    from chengdan.accounts.models import User

    org = build_org()
    admin = User.objects.filter(is_superuser=True).first() or User.objects.create_superuser("bench_admin", "", "x")
    ok = report(f"Customer import ({connection.vendor})", [bench_import(admin)], 3.0)
    fill_base(rows, org["owners"])
    ratios, absolute = bench_search(admin)
    ok &= report(f"Search over {rows:,} customers ({connection.vendor})", ratios, 2.0)
    print(f"{'short / pinyin query':<28}{'app ms':>10}   limit 50 ms")
    for name, value in absolute:
        ok &= value <= 50
        print(f"{name:<28}{value:>10.2f}   {'ok' if value <= 50 else 'OVER'}")
    ok &= report(f"Scoped list over {rows:,} customers ({connection.vendor})", bench_list(org["supervisor"]), 3.0)
    ok &= report(f"Export ({connection.vendor})", [bench_export(admin)], 2.0)
    return ok
