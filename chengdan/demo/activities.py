"""Demo follow-ups, visits and tasks, made through the real actions so timelines, reminders and reports agree."""

from datetime import datetime, time, timedelta

from django.utils import timezone
from faker import Faker

from chengdan.accounts.models import User
from chengdan.activities import actions as follow_up_actions
from chengdan.activities import task_actions, visit_actions
from chengdan.activities.models import FollowUp
from chengdan.customers.models import Customer

NOTES = [
    ("phone", "电话沟通采购计划，客户希望下周看演示。"),
    ("wechat", "微信发送了产品方案和报价单，对方已读。"),
    ("meeting", "与信息部开会确认需求范围和上线时间。"),
    ("email", "邮件回复了合同条款的修改意见。"),
    ("visit", "上门拜访，参观了客户的销售团队，了解现有流程。"),
]
TASKS = ["准备演示环境", "发送修订版报价", "确认付款计划", "整理会议纪要"]


class DemoActivities:
    """Gives every demo rep this week's follow-ups, two planned visits and a few tasks; once only."""

    def __init__(self, fake: Faker) -> None:
        self.fake = fake
        self.now = timezone.now()

    def build(self) -> bool:
        """Create the demo activities unless some exist."""
        if FollowUp.objects.exists():
            return False
        reps = list(User.objects.filter(username__startswith="rep_", is_active=True).order_by("pk"))
        for index, rep in enumerate(reps):
            customers = list(Customer.objects.filter(owner=rep).order_by("pk")[:4])
            if customers:
                self._work(index, rep, customers)
        return True

    def _at(self, days_ago: int, hour: int) -> datetime:
        day = timezone.localdate() - timedelta(days=days_ago)
        return timezone.make_aware(datetime.combine(day, time(hour, self.fake.random_int(0, 59))))

    def _work(self, index: int, rep: User, customers: list[Customer]) -> None:
        for number, (kind, content) in enumerate(NOTES[: 3 + index % 3]):
            customer = customers[number % len(customers)]
            occurred = min(self._at(number % 4, 10 + number), self.now - timedelta(minutes=5))
            follow_up_actions.log_follow_up(
                actor=rep,
                record_type="customers",
                record_id=customer.pk,
                values=follow_up_actions.FollowUpValues(
                    kind=kind,
                    content=content,
                    occurred_at=occurred,
                    next_follow_up_at=self.now + timedelta(days=1 + number, hours=2) if number == 0 else None,
                ),
            )
        for number, customer in enumerate(customers[:2]):
            visit_actions.plan_visit(
                actor=rep,
                customer_id=customer.pk,
                planned_at=self.now + timedelta(days=1 + number, hours=1),
                purpose="产品演示与需求确认" if number == 0 else "商务洽谈",
            )
        for number, title in enumerate(TASKS[: 2 + index % 3]):
            task_actions.create_task(
                actor=rep,
                title=title,
                due_at=self.now + timedelta(days=number - 1, hours=3),
                priority="high" if number == 0 else "normal",
                links={"customer_id": customers[number % len(customers)].pk},
            )
