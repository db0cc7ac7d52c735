"""Builds the demo organisation through the same actions the UI uses (so it is audited too)."""

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from faker import Faker

from chengdan.accounts import actions as org_actions
from chengdan.accounts.models import Department, Role, User
from chengdan.customers import actions as customer_actions
from chengdan.customers import contact_actions, settings_actions
from chengdan.demo.activities import DemoActivities
from chengdan.demo.opportunities import DemoDeals

DEMO_PASSWORD = "Chengdan@2026"
HEADQUARTERS = "成单科技（总部）"
REGIONS = {
    "华东大区": [("上海销售一组", "shanghai"), ("杭州销售一组", "hangzhou")],
    "华南大区": [("广州销售一组", "guangzhou"), ("深圳销售一组", "shenzhen")],
    "华北大区": [("北京销售一组", "beijing"), ("天津销售一组", "tianjin")],
}
REGION_CODES = {"华东大区": "east", "华南大区": "south", "华北大区": "north"}
CITY_CODES = {
    "shanghai": "310104",
    "hangzhou": "330106",
    "guangzhou": "440106",
    "shenzhen": "440305",
    "beijing": "110108",
    "tianjin": "120101",
}
INDUSTRIES = ["it", "manufacturing", "finance", "retail", "healthcare", "education", "logistics"]
DEMO_TAGS = [("战略客户", "#F56C6C"), ("老客户", "#67C23A"), ("需跟进", "#E6A23C"), ("政府项目", "#409EFF")]
SUPPORT = [
    ("客户服务部", "customer_service", "cs"),
    ("财务部", "finance", "finance"),
    ("交付中心", "project_manager", "pm"),
]


@dataclass(frozen=True)
class DemoLogin:
    """A demo account to print after `make run`."""

    username: str
    role: str
    department: str


def _roles() -> dict[str, Role]:
    return {role.code: role for role in Role.objects.all()}


class DemoBuilder:
    """Creates the organisation once; a second run changes nothing."""

    def __init__(self, seed: int = 2026) -> None:
        self.fake = Faker("zh_CN")
        self.fake.seed_instance(seed)
        self.roles = _roles()
        self.tags: list[Any] = []

    def build(self) -> bool:
        """Create everything; return False when the demo already exists (deals are added to older demos)."""
        if Department.objects.filter(name=HEADQUARTERS, parent=None).exists():
            with transaction.atomic():
                deals = DemoDeals(self.fake, self._admin()).build()
                return DemoActivities(self.fake).build() or deals
        with transaction.atomic():
            admin = self._admin()
            headquarters = org_actions.create_department(actor=admin, name=HEADQUARTERS, parent_id=None)
            admin.department = headquarters
            admin.save(update_fields=["department"])
            self.tags = [settings_actions.create_tag(actor=admin, name=name, color=color) for name, color in DEMO_TAGS]
            for region_name, teams in REGIONS.items():
                self._region(admin, headquarters, region_name, teams)
            for department_name, role_code, prefix in SUPPORT:
                department = org_actions.create_department(actor=admin, name=department_name, parent_id=headquarters.pk)
                for index in (1, 2):
                    self._user(admin, f"{prefix}{index}", department, role_code, None)
            self._duplicates()
            DemoDeals(self.fake, admin).build()
            DemoActivities(self.fake).build()
        return True

    def _duplicates(self) -> None:
        """Two reps entered the same company twice, spelled differently: the duplicate finder's first catch."""
        for username, name in (
            ("rep_shanghai1", "上海明达智能科技有限公司"),
            ("rep_shanghai2", "上海明达智能科技（上海）有限公司"),
        ):
            rep = User.objects.get(username=username)
            customer_actions.create_customer(
                actor=rep, values={"name": name, "region_code": "310104", "stage": "intent"}, allow_duplicate=True
            )

    def _admin(self) -> User:
        admin = User.objects.filter(username="admin").first()
        if admin is None:
            admin = User.objects.create_superuser(
                "admin", "admin@example.com", DEMO_PASSWORD, display_name="系统管理员"
            )
        admin.roles.add(self.roles["admin"])
        return admin

    def _user(self, admin: User, username: str, department: Department, role_code: str, manager: User | None) -> User:
        user = org_actions.create_user(
            actor=admin,
            username=username,
            password=DEMO_PASSWORD,
            display_name=self.fake.name(),
            email=f"{username}@example.com",
            mobile=self.fake.phone_number(),
            department_id=department.pk,
            manager_id=manager.pk if manager else None,
            role_ids=[self.roles[role_code].pk],
        )
        return user

    def _region(self, admin: User, headquarters: Department, region_name: str, teams: list[tuple[str, str]]) -> None:
        region = org_actions.create_department(actor=admin, name=region_name, parent_id=headquarters.pk)
        manager = self._user(admin, f"manager_{REGION_CODES[region_name]}", region, "regional_manager", None)
        for team_name, code in teams:
            team = org_actions.create_department(actor=admin, name=team_name, parent_id=region.pk)
            supervisor = self._user(admin, f"sup_{code}", team, "sales_supervisor", manager)
            for index in (1, 2, 3):
                rep = self._user(admin, f"rep_{code}{index}", team, "sales_rep", supervisor)
                self._customers(rep)

    def _customers(self, rep: User) -> None:
        city = CITY_CODES.get(rep.username.removeprefix("rep_").rstrip("0123456789"), "310000")
        for index in range(4):
            company = self.fake.company()
            customer = customer_actions.create_customer(
                actor=rep,
                values={
                    "name": company,
                    "short_name": company[:4],
                    "region_code": city,
                    "industry": self.fake.random_element(INDUSTRIES),
                    "level": self.fake.random_element(["key", "a", "b", "c"]),
                    "stage": self.fake.random_element(["prospect", "intent", "won", "repeat"]),
                    "source": self.fake.random_element(["web", "phone", "exhibition", "referral"]),
                    "address": self.fake.street_address(),
                    "phone": self.fake.phone_number(),
                    "notes": self.fake.sentence(),
                },
                tag_ids=[self.tags[(index + rep.pk) % len(self.tags)].pk],
                allow_duplicate=True,
            )
            for number in range(1 + index % 2):
                contact_actions.create_contact(
                    actor=rep,
                    customer_id=customer.pk,
                    values={
                        "name": self.fake.name(),
                        "title": self.fake.random_element(["总经理", "采购经理", "IT 主管", "财务总监"]),
                        "mobile": self.fake.phone_number(),
                        "email": self.fake.email(),
                        "is_primary": number == 0,
                        "decision_role": "decision_maker" if number == 0 else "influencer",
                    },
                    allow_duplicate=True,
                )


def demo_logins() -> list[DemoLogin]:
    """The accounts worth trying, read back from the database."""
    wanted = ["admin", "manager_east", "sup_shanghai", "rep_shanghai1", "rep_shanghai2", "cs1", "finance1", "pm1"]
    users = {
        u.username: u
        for u in User.objects.filter(username__in=wanted).select_related("department").prefetch_related("roles")
    }
    logins = []
    for name in wanted:
        user = users.get(name)
        if user is not None:
            department = user.department.name if user.department else ""
            logins.append(DemoLogin(name, ", ".join(r.name for r in user.roles.all()), department))
    return logins
