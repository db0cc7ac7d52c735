"""Demo deals and quarterly targets, made through the real actions so boards, forecasts and audit agree."""

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone
from faker import Faker

from chengdan.accounts.models import Department, User
from chengdan.customers.models import Contact, Customer
from chengdan.opportunities import actions as opportunity_actions
from chengdan.opportunities import target_actions
from chengdan.opportunities.choices import ForecastCategory, PeriodType
from chengdan.opportunities.models import LostReason, Opportunity, Pipeline, StageChange

PRODUCTS = [
    ("CRM 销售管理系统", Decimal("180000")),
    ("数据中台建设", Decimal("650000")),
    ("智能客服平台", Decimal("260000")),
    ("ERP 升级改造", Decimal("420000")),
    ("年度运维服务", Decimal("90000")),
    ("私有化部署", Decimal("350000")),
    ("销售团队培训", Decimal("45000")),
]
COMPETITORS = ["纷享销客", "销售易", "Salesforce", "用友"]
# Where each deal ends up; rotated per rep so every board column and every forecast figure has deals.
PLANS = ["proposal", "negotiation", "won", "initial_contact", "needs_confirmed", "lost", "proposal", "negotiation"]
PATH = ["initial_contact", "needs_confirmed", "proposal", "negotiation"]
CATEGORIES = {"negotiation": ForecastCategory.COMMIT, "proposal": ForecastCategory.BEST_CASE}
# Reps (by position in the demo) whose deals include one overdue and one stalled deal for the at-risk page.
AT_RISK_REPS = (0, 8)


def quarter_start(day: date) -> date:
    """The first day of the quarter containing `day`."""
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def next_quarter_start(day: date) -> date:
    """The first day of the quarter after the one containing `day`."""
    start = quarter_start(day)
    return date(start.year + 1, 1, 1) if start.month == 10 else date(start.year, start.month + 3, 1)


class DemoDeals:
    """Creates 3–6 deals per demo rep across the stages, plus this quarter's targets; once only."""

    def __init__(self, fake: Faker, admin: User) -> None:
        self.fake = fake
        self.admin = admin
        self.today = timezone.localdate()
        self.pipeline = Pipeline.objects.filter(is_default=True).prefetch_related("stages").first()
        self.stages = {stage.code: stage for stage in self.pipeline.stages.all()} if self.pipeline else {}
        self.reasons = list(LostReason.objects.filter(is_active=True).values_list("code", flat=True))

    def reps(self) -> list[User]:
        """The demo reps, in creation order."""
        return list(User.objects.filter(username__startswith="rep_", is_active=True).order_by("pk"))

    def exists(self) -> bool:
        """Whether demo deals were made already (the builder then leaves them alone)."""
        return Opportunity.objects.filter(owner__username__startswith="rep_").exists()

    def build(self) -> bool:
        """Create the deals and targets unless they exist or the default pipeline was reshaped."""
        if self.exists() or not set(PATH) <= set(self.stages) or not self.reasons:
            return False
        reps = self.reps()
        for index, rep in enumerate(reps):
            self._deals(index, rep)
        self._targets(reps)
        return True

    def _close_date(self) -> date:
        last = next_quarter_start(next_quarter_start(self.today)) - timedelta(days=1)
        return self.today + timedelta(days=self.fake.random_int(3, max(3, (last - self.today).days)))

    def _values(self, plan: str, product: tuple[str, Decimal]) -> dict[str, Any]:
        amount = product[1] * Decimal(self.fake.random_int(6, 16)) / Decimal(10)
        return {
            "amount": amount.quantize(Decimal("1000")),
            "expected_close_date": self._close_date(),
            "forecast_category": CATEGORIES.get(plan, ForecastCategory.PIPELINE),
            "source": self.fake.random_element(["web", "phone", "exhibition", "referral"]),
            "next_step": self.fake.random_element(["安排产品演示", "发送报价单", "约见采购负责人", "确认预算"]),
            "next_step_date": self.today + timedelta(days=self.fake.random_int(1, 14)),
            "competitors": [self.fake.random_element(COMPETITORS)] if plan in ("proposal", "negotiation") else [],
        }

    def _deals(self, rep_index: int, rep: User) -> None:
        customers = list(Customer.objects.filter(owner=rep).order_by("pk"))
        if not customers:
            return
        for deal_index in range(3 + rep_index % 4):
            plan = PLANS[(rep_index + deal_index) % len(PLANS)]
            customer = customers[deal_index % len(customers)]
            product = PRODUCTS[(rep_index * 3 + deal_index) % len(PRODUCTS)]
            opportunity = self._create(rep, customer, plan, product, deal_index)
            self._advance(rep, opportunity, plan)
            if rep_index in AT_RISK_REPS and deal_index < 2:
                self._make_at_risk(opportunity, overdue=deal_index == 0)

    def _create(self, rep: User, customer: Customer, plan: str, product: tuple[str, Decimal], index: int) -> Any:
        contact = Contact.objects.filter(customer=customer).order_by("pk").first()
        contacts = [{"contact_id": contact.pk, "role": "decision_maker", "is_key": True}] if contact else []
        lines = None
        if index % 2:
            quantity = Decimal(self.fake.random_int(1, 5))
            lines = [
                {"product_name": product[0], "quantity": quantity, "unit_price": product[1], "discount_percent": 5}
            ]
        values = self._values(plan, product)
        if lines:
            values.pop("amount")
        return opportunity_actions.create_opportunity(
            actor=rep,
            name=f"{customer.short_name or customer.name[:6]} {product[0]}",
            customer_id=customer.pk,
            values=values,
            pipeline_id=self.pipeline.pk if self.pipeline else None,
            contacts=contacts,
            lines=lines,
        )

    def _advance(self, rep: User, opportunity: Any, plan: str) -> None:
        """Walk the deal through the stages so it has a real stage history, then close it if planned."""
        # Won deals went all the way; lost ones dropped out once needs were known.
        target = PATH.index(plan) if plan in PATH else (len(PATH) - 1 if plan == "won" else 1)
        for code in PATH[1 : target + 1]:
            opportunity = opportunity_actions.move_opportunity_to_stage(
                actor=rep, opportunity_id=opportunity.pk, version=None, stage_id=self.stages[code].pk
            )
        if plan == "won":
            start = quarter_start(self.today)
            won_date = start + timedelta(days=self.fake.random_int(0, max(0, (self.today - start).days)))
            opportunity_actions.mark_opportunity_won(
                actor=rep, opportunity_id=opportunity.pk, version=None, won_date=won_date
            )
        elif plan == "lost":
            reason = self.fake.random_element(self.reasons)
            competitor = self.fake.random_element(COMPETITORS) if reason == "competitor" else None
            opportunity_actions.mark_opportunity_lost(
                actor=rep,
                opportunity_id=opportunity.pk,
                version=None,
                lost_reason=reason,
                lost_to_competitor=competitor,
            )

    def _make_at_risk(self, opportunity: Opportunity, *, overdue: bool) -> None:
        # The demo has no past, so it back-dates two deals: one whose close date passed, one left untouched
        # for weeks past its stage's time limit. No action can write the past, hence the direct update.
        now = timezone.now()
        deal = Opportunity.objects.filter(pk=opportunity.pk, status="open")
        if overdue:
            deal.update(expected_close_date=self.today - timedelta(days=12))
            return
        entered = now - timedelta(days=45)
        deal.update(stage_entered_at=entered, last_activity_at=now - timedelta(days=30))
        last_move = StageChange.objects.filter(opportunity_id=opportunity.pk).order_by("-moved_at", "-pk").first()
        if last_move is not None:
            StageChange.objects.filter(pk=last_move.pk).update(moved_at=entered)

    def _targets(self, reps: list[User]) -> None:
        """This quarter's quota for every rep, every team (sum of its reps) and every region."""
        items: list[target_actions.TargetItem] = []
        by_department: dict[int, Decimal] = {}
        for rep in reps:
            amount = Decimal(self.fake.random_int(8, 20) * 100000)
            items.append(target_actions.TargetItem(amount=amount, user_id=rep.pk))
            if rep.department_id is not None:
                by_department[rep.department_id] = by_department.get(rep.department_id, Decimal(0)) + amount
        teams = Department.objects.filter(pk__in=by_department).order_by("pk")
        by_region: dict[int, Decimal] = {}
        for team in teams:
            items.append(target_actions.TargetItem(amount=by_department[team.pk], department_id=team.pk))
            if team.parent_id is not None:
                by_region[team.parent_id] = by_region.get(team.parent_id, Decimal(0)) + by_department[team.pk]
        for region_id, amount in sorted(by_region.items()):
            items.append(target_actions.TargetItem(amount=amount, department_id=region_id))
        target_actions.set_targets_bulk(
            actor=self.admin,
            period_type=PeriodType.QUARTER,
            period_start=quarter_start(self.today),
            items=items,
        )
