"""The public pools' rows of the permission matrix: settings, my pools, records, claim, release, assign, history.

The customers pool and the leads pool are the Shanghai team's (members by department), managed by its
supervisor, and the default pools of their resource (so releases have somewhere to go).
"""

from chengdan.access.models import Pool
from chengdan.customers import actions as customer_actions
from chengdan.customers.models import Customer
from chengdan.leads import pool_actions
from chengdan.leads.choices import LeadSource
from chengdan.leads.models import Lead
from chengdan.testing.matrix import Endpoint, only, statuses
from chengdan.testing.org import Org

V1 = "/api/v1"
MEMBERS = ("own", "same_team", "supervisor")


def matrix_pool(org: Org, resource: str = "customers") -> Pool:
    """The team's default pool of `resource` (created on first use)."""
    pool, created = Pool.objects.get_or_create(
        resource=resource, name=f"矩阵{resource}公海", defaults={"is_default": True}
    )
    if created:
        pool.member_departments.set([org.team])
        pool.managers.set([org.users["supervisor"]])
    return pool


def pooled_customer(org: Org) -> int:
    """A customer waiting in the team's pool."""
    customer = Customer.objects.filter(name="公海矩阵客户").first()
    if customer is None:
        customer = customer_actions.create_customer(actor=org.root, values={"name": "公海矩阵客户"})
        pool_actions.return_to_pool(customer, matrix_pool(org), "矩阵")
    return customer.pk


def pooled_lead(org: Org) -> int:
    """A lead waiting in the team's lead pool."""
    lead = Lead.objects.create(name="公海矩阵线索", mobile="13600009999", source=LeadSource.PHONE)
    pool_actions.return_to_pool(lead, matrix_pool(org, "leads"), "矩阵")
    return lead.pk


def own_lead(org: Org) -> int:
    """A lead of the own rep (with the default lead pool in place to release it to)."""
    matrix_pool(org, "leads")
    owner = org.users["own"]
    lead = Lead.objects.create(
        name="自己的线索", mobile="13600008888", source=LeadSource.PHONE, owner=owner, department=owner.department
    )
    return lead.pk


def own_customer(org: Org) -> int:
    """The own rep's customer (with the default customers pool in place to release it to)."""
    matrix_pool(org)
    return org.customers["own"].pk


def empty_pool(org: Org) -> int:
    return Pool.objects.create(resource="customers", name="空公海").pk


POOL = {"pool_id": lambda org: matrix_pool(org).pk}
# Members claim; outsiders cannot see the record (404); those who see everything but belong to no pool get 403.
CLAIM = statuses(200, other_team=404, regional_manager=404, admin=403, customer_service=403)
# The owner and whoever may assign it in their reach release; customer service sees it but may not.
RELEASE = statuses(200, same_team=404, other_team=404, customer_service=403)
REASON = {"reason": "客户暂无需求"}

POOL_ENDPOINTS = [
    Endpoint("GET", f"{V1}/pools", statuses(200)),
    Endpoint(
        "POST",
        f"{V1}/pools",
        only({"admin": 201}, 403),
        body=lambda org: {"resource": "customers", "name": "新公海", "take_back_rules": [{"no_follow_up_days": 30}]},
    ),
    Endpoint("GET", f"{V1}/pools/mine?resource=customers", statuses(200)),
    Endpoint("GET", f"{V1}/pools/{{pool_id}}", statuses(200), params=POOL),
    Endpoint(
        "PATCH",
        f"{V1}/pools/{{pool_id}}",
        only({"admin": 200}, 403),
        params=POOL,
        body=lambda org: {"version": 1, "max_held": 20},
    ),
    Endpoint("DELETE", f"{V1}/pools/{{pool_id}}", only({"admin": 204}, 403), params={"pool_id": empty_pool}),
    Endpoint("GET", f"{V1}/pools/{{pool_id}}/records", statuses(200), params=POOL),
    Endpoint(
        "POST",
        f"{V1}/pools/{{pool_id}}/assign",
        only(dict.fromkeys(("supervisor", "regional_manager", "admin"), 200), 403),
        params=POOL,
        body=lambda org: {"ids": [pooled_customer(org)], "user_id": org.users["same_team"].pk},
    ),
    Endpoint("POST", f"{V1}/customers/{{customer_id}}/claim", CLAIM, params={"customer_id": pooled_customer}),
    Endpoint(
        "POST",
        f"{V1}/customers/{{customer_id}}/release",
        RELEASE,
        params={"customer_id": own_customer},
        body=lambda org: REASON,
    ),
    Endpoint("POST", f"{V1}/leads/{{lead_id}}/claim", CLAIM, params={"lead_id": pooled_lead}),
    Endpoint("POST", f"{V1}/leads/{{lead_id}}/release", RELEASE, params={"lead_id": own_lead}, body=lambda org: REASON),
    Endpoint(
        "GET",
        f"{V1}/pool-history/{{resource}}/{{object_id}}",
        statuses(200, other_team=404, regional_manager=404),
        params={"resource": lambda org: "customers", "object_id": pooled_customer},
    ),
]
