"""Data for the issue 6 benchmarks: an org of 500 users, 20,000 customers, N deals and a 10,000-card board.

HQ → 4 regions → 10 teams each; 4 regional managers, 40 supervisors, 456 reps. The default pipeline
holds N deals spread over every user, two years of close dates, won/lost/open stages and mixed forecast
categories. A second pipeline ("大客户流程") belongs to team 0 and holds 10,000 open deals (plus recently
closed ones) of that team: the kanban benchmark. Everything is written raw (executemany / COPY).
"""

import random
import time as clock
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

REGIONS = 4
TEAMS_PER_REGION = 10
USERS = 500
CUSTOMERS = 20_000
BOARD_OPEN = 10_000
BOARD_CLOSED = 1_000
BATCH = 50_000
DETAIL_SMALL = "BENCH-DETAIL-SMALL"
DETAIL_LARGE = "BENCH-DETAIL-LARGE"
BOARD_PIPELINE = "大客户流程"
LOST_REASONS = ["price", "competitor", "no_budget", "no_decision", "product_fit", "relationship", "other"]
CATEGORIES = ["omitted"] * 5 + ["pipeline"] * 45 + ["best_case"] * 25 + ["commit"] * 25
OPEN_STAGE_WEIGHTS = [40, 25, 20, 15]


def build_org() -> dict[str, Any]:
    """Create the departments and users once (setup, not measured); return the personas."""
    from chengdan.accounts.models import Department, Role, User

    if not User.objects.filter(username="bopp_rm_0").exists():
        roles = {role.code: role for role in Role.objects.all()}
        hq = Department.objects.create(name="总部")
        hq.path = f"/{hq.pk}/"
        hq.save()
        managers: list[Any] = []
        supervisors: list[Any] = []
        teams: list[Any] = []
        for number in range(REGIONS):
            region = Department.objects.create(name=f"大区{number}", parent=hq, depth=1)
            region.path = f"{hq.path}{region.pk}/"
            region.save()
            manager = _user(User, f"bopp_rm_{number}", f"区域经理{number}", region, None, roles["regional_manager"])
            managers.append(manager)
            for team_number in range(TEAMS_PER_REGION):
                team = Department.objects.create(name=f"团队{number}-{team_number}", parent=region, depth=2)
                team.path = f"{region.path}{team.pk}/"
                team.save()
                teams.append(team)
                name = f"bopp_sup_{len(supervisors)}"
                supervisors.append(
                    _user(User, name, f"主管{len(supervisors)}", team, manager, roles["sales_supervisor"])
                )
        # Round-robin so that team 0 (the board team) belongs to region 0 and has its share of reps.
        for number in range(USERS - len(managers) - len(supervisors)):
            index = number % len(teams)
            _user(User, f"bopp_rep_{number}", f"销售{number}", teams[index], supervisors[index], roles["sales_rep"])
    owners = list(User.objects.filter(username__startswith="bopp_").order_by("pk").values_list("pk", "department_id"))
    supervisor = User.objects.select_related("department").get(username="bopp_sup_0")
    return {
        "regional_manager": User.objects.select_related("department").get(username="bopp_rm_0"),
        "supervisor": supervisor,
        "owners": owners,
        "board_owners": [(pk, department) for pk, department in owners if department == supervisor.department_id],
    }


def _user(model: Any, username: str, display: str, department: Any, manager: Any, role: Any) -> Any:
    user = model.objects.create(username=username, display_name=display, department=department, manager=manager)
    user.line_path = f"{manager.line_path if manager else '/'}{user.pk}/"
    user.save(update_fields=["line_path"])
    user.roles.add(role)
    return user


def _defaults(model: Any) -> dict[str, Any]:
    """Every concrete column with its default, so the generator survives schema changes."""
    fields = [field for field in model._meta.concrete_fields if field.attname != "id"]
    return {f.attname: (f.get_default() if f.has_default() else None if f.null else "") for f in fields}


def fill_customers(owners: list[tuple[int, int]]) -> list[int]:
    """20,000 customers owned across the org; return their ids."""
    from chengdan.core import bulk
    from chengdan.customers.models import Customer

    if not Customer.objects.exists():
        rng = random.Random(3)
        defaults = _defaults(Customer)
        columns = list(defaults)
        now = datetime.now(tz=UTC)
        rows = []
        for number in range(CUSTOMERS):
            owner, department = owners[rng.randrange(len(owners))]
            name = f"客户{number}有限公司"
            values = {**defaults, "name": name, "name_key": name, "search_text": name}
            values.update(owner_id=owner, department_id=department, created_at=now, updated_at=now)
            rows.append([values[column] for column in columns])
        bulk.insert_rows(Customer, columns, rows)
    return list(Customer.objects.order_by("pk").values_list("pk", flat=True))


def board_pipeline(team_id: int) -> Any:
    """The second pipeline, used by the board team, with the default pipeline's stages."""
    from chengdan.opportunities.models import Pipeline

    existing = Pipeline.objects.filter(name=BOARD_PIPELINE).first()
    if existing:
        return existing
    default = Pipeline.objects.get(is_default=True)
    pipeline = Pipeline.objects.create(name=BOARD_PIPELINE, name_en="Key accounts", department_id=team_id, position=1)
    for stage in default.stages.order_by("position"):
        stage.pk = None
        stage.pipeline = pipeline
        stage.save()
    return pipeline


class DealMaker:
    """Turns random draws into complete opportunity rows in `columns` order."""

    def __init__(self, seed: int, customers: list[int], today: date) -> None:
        from chengdan.opportunities.models import Opportunity

        self.rng = random.Random(seed)
        self.customers = customers
        self.today = today
        self.now = datetime.now(tz=UTC)
        self.defaults = _defaults(Opportunity)
        self.columns = ["id", *self.defaults]

    def row(self, pk: int, owner: tuple[int, int], stage: Any, close_offset: int) -> list[Any]:
        """One deal in `stage`, closing `close_offset` days from today."""
        rng = self.rng
        amount = Decimal(rng.randrange(1_000_000, 200_000_000)) / 100
        rate = Decimal("7.10000000") if rng.random() < 0.08 else Decimal("1")
        amount_cny = (amount * rate).quantize(Decimal("0.01"))
        close = self.today + timedelta(days=close_offset)
        entered = self.now - timedelta(seconds=rng.randrange(60 * 86400))
        activity = self.now - timedelta(seconds=rng.randrange(30 * 86400))
        values = {
            **self.defaults,
            "name": f"商机{pk}",
            "customer_id": self.customers[rng.randrange(len(self.customers))],
            "pipeline_id": stage.pipeline_id,
            "stage_id": stage.pk,
            "status": stage.kind,
            "owner_id": owner[0],
            "department_id": owner[1],
            "amount": amount,
            "currency": "USD" if rate != 1 else "CNY",
            "exchange_rate": rate,
            "amount_cny": amount_cny,
            "amount_peak_cny": (amount_cny * Decimal("1.1")).quantize(Decimal("0.01"))
            if rng.random() < 0.05
            else amount_cny,
            "probability": stage.probability,
            "expected_close_date": close,
            "close_date_push_count": 3 if rng.random() < 0.05 else 0,
            "forecast_category": rng.choice(CATEGORIES),
            "stage_entered_at": entered,
            "last_activity_at": activity,
            "created_at": entered - timedelta(days=rng.randrange(90)),
            "updated_at": activity,
        }
        closed_at = datetime.combine(close, time(rng.randrange(1, 23)), tzinfo=UTC)
        if stage.kind == "won":
            values.update(forecast_category="closed", won_at=closed_at, won_amount=amount, won_amount_cny=amount_cny)
        elif stage.kind == "lost":
            values.update(forecast_category="omitted", lost_at=closed_at, lost_reason=rng.choice(LOST_REASONS))
        return [pk, *values.values()]

    def default_deal(self, pk: int, owner: tuple[int, int], stages: dict[str, list[Any]]) -> list[Any]:
        """A deal of the default pipeline: 15 % won, 10 % lost, the rest open; close dates over two years."""
        draw = self.rng.random()
        if draw < 0.25:
            stage = stages["won"][0] if draw < 0.15 else stages["lost"][0]
            return self.row(pk, owner, stage, -self.rng.randrange(1, 365))
        stage = self.rng.choices(stages["open"], OPEN_STAGE_WEIGHTS)[0]
        return self.row(pk, owner, stage, self.rng.randrange(-90, 365))


def _stages(pipeline: Any) -> dict[str, list[Any]]:
    stages: dict[str, list[Any]] = {"open": [], "won": [], "lost": []}
    for stage in pipeline.stages.order_by("position"):
        stages[stage.kind].append(stage)
    return stages


def fill_deals(rows: int, org: dict[str, Any], customers: list[int]) -> None:
    """`rows` default-pipeline deals plus the board pipeline's deals, tags and key contacts (setup)."""
    from django.db import transaction
    from django.utils import timezone

    from chengdan.core import bulk
    from chengdan.opportunities.models import Opportunity, Pipeline

    if Opportunity.objects.filter(pipeline__is_default=True).count() >= rows:
        return
    Opportunity.objects.all().delete()
    maker = DealMaker(5, customers, timezone.localdate())
    default = _stages(Pipeline.objects.get(is_default=True))
    board = _stages(board_pipeline(org["supervisor"].department_id))
    owners, board_owners = org["owners"], org["board_owners"]
    print(f"generating {rows:,} deals + {BOARD_OPEN + BOARD_CLOSED:,} board deals …", flush=True)
    started = clock.perf_counter()
    with transaction.atomic():
        done = 0
        while done < rows:
            count = min(BATCH, rows - done)
            ids = bulk.reserve_ids(Opportunity, count)
            batch = [maker.default_deal(pk, owners[maker.rng.randrange(len(owners))], default) for pk in ids]
            bulk.insert_rows(Opportunity, maker.columns, batch)
            done += count
        ids = bulk.reserve_ids(Opportunity, BOARD_OPEN + BOARD_CLOSED)
        batch = []
        for index, pk in enumerate(ids):
            owner = board_owners[maker.rng.randrange(len(board_owners))]
            if index < BOARD_OPEN:
                stage = maker.rng.choices(board["open"], OPEN_STAGE_WEIGHTS)[0]
                batch.append(maker.row(pk, owner, stage, maker.rng.randrange(-30, 200)))
            else:
                stage = board["won"][0] if index % 5 < 3 else board["lost"][0]
                batch.append(maker.row(pk, owner, stage, -maker.rng.randrange(1, 180)))
        bulk.insert_rows(Opportunity, maker.columns, batch)
        _board_extras(maker.rng, ids[:BOARD_OPEN])
    print(f"generated in {clock.perf_counter() - started:.1f} s", flush=True)


def _board_extras(rng: random.Random, ids: list[int]) -> None:
    """Tags on 30 % of the board's deals and a departed key contact on 3 % (risk badges)."""
    from chengdan.core import bulk
    from chengdan.customers.models import Tag
    from chengdan.opportunities.models import Opportunity, OpportunityContact

    tags = [Tag.objects.get_or_create(name=f"商机标签{number}")[0].pk for number in range(8)]
    through = Opportunity.tags.through
    tag_rows = []
    for pk in ids:
        if rng.random() < 0.3:
            for tag in rng.sample(tags, rng.choice((1, 2))):
                tag_rows.append([pk, tag])
    bulk.insert_rows(through, ["opportunity_id", "tag_id"], tag_rows)
    contact_rows = [[pk, None, "已离职联系人", "decision_maker", True] for pk in ids if rng.random() < 0.03]
    bulk.insert_rows(
        OpportunityContact, ["opportunity_id", "contact_id", "contact_name", "role", "is_key"], contact_rows
    )


def detail_deals(org: dict[str, Any], customers: list[int]) -> tuple[int, int]:
    """Two deals of the supervisor: a bare one and one with 25 lines, 10 contacts and 5 tags."""
    from django.utils import timezone

    from chengdan.customers.models import Contact, Tag
    from chengdan.opportunities.models import Opportunity, OpportunityContact, OpportunityLine, Pipeline

    found = dict(Opportunity.objects.filter(name__in=[DETAIL_SMALL, DETAIL_LARGE]).values_list("name", "pk"))
    if len(found) == 2:
        return found[DETAIL_SMALL], found[DETAIL_LARGE]
    supervisor = org["supervisor"]
    stage = Pipeline.objects.get(is_default=True).stages.order_by("position").first()
    assert stage is not None
    now = timezone.now()
    made = []
    for name, customer in ((DETAIL_SMALL, customers[0]), (DETAIL_LARGE, customers[1])):
        made.append(
            Opportunity.objects.create(
                name=name,
                customer_id=customer,
                pipeline_id=stage.pipeline_id,
                stage=stage,
                owner=supervisor,
                department_id=supervisor.department_id,
                amount=Decimal("100000.00"),
                amount_cny=Decimal("100000.00"),
                amount_peak_cny=Decimal("100000.00"),
                expected_close_date=timezone.localdate() + timedelta(days=30),
                stage_entered_at=now,
                last_activity_at=now,
            )
        )
    large = made[1]
    OpportunityLine.objects.bulk_create(
        OpportunityLine(
            opportunity=large, position=n, product_name=f"产品{n}", unit_price=Decimal("4000"), amount=Decimal("4000")
        )
        for n in range(25)
    )
    for n in range(10):
        contact = Contact.objects.create(customer_id=large.customer_id, name=f"联系人{n}", decision_role="")
        OpportunityContact.objects.create(opportunity=large, contact=contact, contact_name=contact.name, is_key=n < 2)
    large.tags.set(Tag.objects.filter(name__startswith="商机标签")[:5])
    return made[0].pk, large.pk


def fill_targets(org: dict[str, Any], quarter_start: date) -> None:
    """A quarterly target for every user and every department of the forecast quarter."""
    from chengdan.accounts.models import Department
    from chengdan.opportunities.models import Target

    if Target.objects.filter(period_type="quarter", period_start=quarter_start).exists():
        return
    targets = [
        Target(
            user_id=pk,
            department_id=department,
            period_type="quarter",
            period_start=quarter_start,
            amount=Decimal("3000000"),
        )
        for pk, department in org["owners"]
    ]
    targets += [
        Target(
            department_id=pk,
            is_department_target=True,
            period_type="quarter",
            period_start=quarter_start,
            amount=Decimal("50000000"),
        )
        for pk in Department.objects.values_list("pk", flat=True)
    ]
    Target.objects.bulk_create(targets)


def analyze() -> None:
    """Fresh planner statistics after the bulk load."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def replace_snapshots(week: date | None, quarter_start: date) -> int:
    """Drop every snapshot; with a `week`, write one per deal as it "was" then, with known changes (setup).

    By id: every 10th deal was 20 % smaller (up), the next 10th 20 % larger (down), 1 in 20 closed
    150 days later (moved in), 1 in 20 had no snapshot (moved in), 1 in 20 was a commit inside the
    quarter (moved out when it no longer is).
    """
    from django.db import transaction

    from chengdan.core import bulk
    from chengdan.opportunities.models import Opportunity, OpportunitySnapshot

    OpportunitySnapshot.objects.all().delete()
    if week is None:
        return 0
    columns = [
        "opportunity_id",
        "owner_id",
        "department_id",
        "stage_id",
        "status",
        "forecast_category",
        "amount_cny",
        "probability",
        "expected_close_date",
        "won_at",
    ]
    rows = []
    for values in Opportunity.objects.order_by().values_list(*[c.replace("opportunity_id", "id") for c in columns]):
        row = [week, *values]
        pk = values[0]
        if pk % 20 == 3:
            continue
        if pk % 10 == 0 and row[7] is not None:
            row[7] = (row[7] * Decimal("0.8")).quantize(Decimal("0.01"))
        elif pk % 10 == 1 and row[7] is not None:
            row[7] = (row[7] * Decimal("1.2")).quantize(Decimal("0.01"))
        elif pk % 20 == 2 and row[9] is not None:
            row[9] = row[9] + timedelta(days=150)
        elif pk % 20 == 4:
            row[5], row[6], row[9] = "open", "commit", quarter_start + timedelta(days=10)
        rows.append(row)
    with transaction.atomic():
        for offset in range(0, len(rows), BATCH):
            bulk.insert_rows(OpportunitySnapshot, ["week_start", *columns], rows[offset : offset + BATCH])
    analyze()
    return len(rows)
