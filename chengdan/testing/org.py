"""A small organisation with one user per persona of the permission matrix."""

from dataclasses import dataclass, field
from typing import Any

from django.test import Client

from chengdan.accounts import actions as org_actions
from chengdan.accounts.models import Department, FieldRule, Role, RoleGrant, User
from chengdan.accounts.seed import seed_roles
from chengdan.core.seeding import run_seeders
from chengdan.customers import actions as customer_actions
from chengdan.customers import contact_actions
from chengdan.customers.models import Contact, Customer, Option
from chengdan.customers.seed import seed_options

PASSWORD = "Test-Passw0rd!"
PERSONAS = (
    "anonymous",
    "own",
    "same_team",
    "other_team",
    "supervisor",
    "regional_manager",
    "admin",
    "customer_service",
)


@dataclass
class Org:
    """HQ → 华东 → {上海组, 杭州组}; reps, a supervisor, a regional manager, admin and customer service."""

    root: User
    hq: Department
    region: Department
    team: Department
    other_team: Department
    service: Department
    users: dict[str, User] = field(default_factory=dict)
    customers: dict[str, Customer] = field(default_factory=dict)
    contacts: dict[str, Contact] = field(default_factory=dict)
    # Deals (opportunities.Opportunity, untyped so lower apps' tests may use the org), filled on demand by
    # chengdan.tests.matrix_opportunities: a deal protects its customer from deletion.
    opportunities: dict[str, Any] = field(default_factory=dict)
    # Leads (leads.Lead), filled on demand by chengdan.tests.matrix_leads.
    leads: dict[str, Any] = field(default_factory=dict)

    def client(self, persona: str) -> Client:
        """A test client signed in as the persona (anonymous stays signed out)."""
        client = Client()
        if persona != "anonymous":
            client.force_login(self.users[persona])
        return client


def role(code: str) -> Role:
    """A seeded role by code."""
    return Role.objects.get(code=code)


def make_user(root: User, username: str, department: Department, role_code: str, manager: User | None = None) -> User:
    """Create a user through the real action (paths and audit included)."""
    return org_actions.create_user(
        actor=root,
        username=username,
        password=PASSWORD,
        display_name=username,
        email=f"{username}@example.com",
        mobile="13800000000",
        department_id=department.pk,
        manager_id=manager.pk if manager else None,
        role_ids=[role(role_code).pk],
    )


def build_org() -> Org:
    """Create the persona organisation with one customer per rep."""
    # Transactional (browser) tests flush the tables, seeded roles included; put them back.
    seed_roles(Role, RoleGrant, FieldRule)
    seed_options(Option)
    run_seeders()
    root = User.objects.create_superuser("root", "root@example.com", PASSWORD)
    hq = org_actions.create_department(actor=root, name="总部", parent_id=None)
    region = org_actions.create_department(actor=root, name="华东大区", parent_id=hq.pk)
    team = org_actions.create_department(actor=root, name="上海组", parent_id=region.pk)
    other_team = org_actions.create_department(actor=root, name="杭州组", parent_id=region.pk)
    service = org_actions.create_department(actor=root, name="客服部", parent_id=hq.pk)
    org = Org(root=root, hq=hq, region=region, team=team, other_team=other_team, service=service)
    users = org.users
    users["regional_manager"] = make_user(root, "manager", region, "regional_manager")
    users["supervisor"] = make_user(root, "supervisor", team, "sales_supervisor", users["regional_manager"])
    users["own"] = make_user(root, "rep_own", team, "sales_rep", users["supervisor"])
    users["same_team"] = make_user(root, "rep_same", team, "sales_rep", users["supervisor"])
    manager = users["regional_manager"]
    users["other_supervisor"] = make_user(root, "supervisor2", other_team, "sales_supervisor", manager)
    users["other_team"] = make_user(root, "rep_other", other_team, "sales_rep", users["other_supervisor"])
    users["customer_service"] = make_user(root, "service", service, "customer_service")
    users["finance"] = make_user(root, "finance", service, "finance")
    users["admin"] = make_user(root, "admin_user", hq, "admin")
    for persona, phone in (("own", "13912345678"), ("same_team", "13987654321"), ("other_team", "13711112222")):
        org.customers[persona] = customer_actions.create_customer(
            actor=users[persona],
            values={"name": f"{persona} 客户有限公司", "phone": phone, "notes": "备注"},
            allow_duplicate=True,
        )
        org.contacts[persona] = contact_actions.create_contact(
            actor=users[persona],
            customer_id=org.customers[persona].pk,
            values={"name": f"{persona}联系人", "mobile": phone, "email": f"{persona}@example.cn", "is_primary": True},
        )
    return org
