"""The roles every installation starts with; admins may edit them afterwards."""

from typing import Any

ALL = ["view", "create", "edit", "delete", "export", "import", "assign", "approve"]
ORG_READ = [
    ("departments", ["view"], "all"),
    ("users", ["view"], "all"),
    ("customer_settings", ["view"], "all"),
    ("opportunity_settings", ["view"], "all"),
    ("pools", ["view"], "all"),
]
DEAL_ACTIONS = ["view", "create", "edit", "delete", "export", "import", "assign"]
# Follow-ups and visits inherit the visibility of their record: the scope of these grants is not read.
ACTIVITY_ACTIONS = ["view", "create", "edit", "delete", "export"]
OWN_WORK = [
    ("tasks", ["view", "create", "edit"], "own"),
    ("work_reports", ["view", "create", "edit", "export"], "own"),
    ("report_settings", ["view"], "all"),
]
TEAM_WORK = [
    ("follow_ups", ACTIVITY_ACTIONS, "all"),
    ("visits", ACTIVITY_ACTIONS, "all"),
    ("tasks", ["view", "create", "edit", "delete", "assign"], "department_tree"),
    ("work_reports", ["view", "create", "edit", "export", "approve"], "department_tree"),
    ("report_settings", ["view"], "all"),
]

# (code, name, description, [(resource, actions, scope)], [(resource, field, rule)])
SEED_ROLES: list[tuple[str, str, str, list[tuple[str, list[str], str]], list[tuple[str, str, str]]]] = [
    (
        "admin",
        "系统管理员",
        "管理组织、角色与全部数据",
        [
            ("customers", ALL, "all"),
            ("departments", ["view", "create", "edit", "delete"], "all"),
            ("users", ["view", "create", "edit", "delete", "assign"], "all"),
            ("roles", ["view", "create", "edit", "delete"], "all"),
            ("audit", ["view", "export"], "all"),
            ("customer_settings", ["view", "create", "edit", "delete"], "all"),
            ("opportunities", ALL, "all"),
            ("targets", ["view", "create", "edit", "delete"], "all"),
            ("opportunity_settings", ["view", "create", "edit", "delete"], "all"),
            ("leads", ALL, "all"),
            ("lead_settings", ["view", "create", "edit", "delete"], "all"),
            ("pools", ["view", "create", "edit", "delete"], "all"),
            ("follow_ups", ACTIVITY_ACTIONS, "all"),
            ("visits", ACTIVITY_ACTIONS, "all"),
            ("tasks", ["view", "create", "edit", "delete", "assign"], "all"),
            ("work_reports", ["view", "create", "edit", "delete", "export", "approve"], "all"),
            ("report_settings", ["view", "create", "edit", "delete"], "all"),
            ("notification_settings", ["view", "create", "edit", "delete"], "all"),
        ],
        [],
    ),
    (
        "sales_rep",
        "销售代表",
        "本人负责的客户",
        [
            ("customers", ["view", "create", "edit", "export"], "own"),
            ("opportunities", ["view", "create", "edit", "export"], "own"),
            ("targets", ["view"], "own"),
            ("leads", ["view", "create", "edit", "export"], "own"),
            ("follow_ups", ["view", "create", "edit", "delete"], "all"),
            ("visits", ["view", "create", "edit", "delete"], "all"),
            *OWN_WORK,
            *ORG_READ,
        ],
        [],
    ),
    (
        "sales_supervisor",
        "销售主管",
        "本团队（本部门及下级部门）的客户",
        [
            ("customers", ["view", "create", "edit", "delete", "export", "import", "assign"], "department_tree"),
            ("opportunities", DEAL_ACTIONS, "department_tree"),
            ("targets", ["view", "create", "edit", "delete"], "department_tree"),
            ("leads", DEAL_ACTIONS, "department_tree"),
            *TEAM_WORK,
            *ORG_READ,
        ],
        [],
    ),
    (
        "regional_manager",
        "区域经理",
        "本区域的客户与团队",
        [
            (
                "customers",
                ["view", "create", "edit", "delete", "export", "import", "assign", "approve"],
                "department_tree",
            ),
            ("opportunities", [*DEAL_ACTIONS, "approve"], "department_tree"),
            ("targets", ["view", "create", "edit", "delete"], "department_tree"),
            ("leads", DEAL_ACTIONS, "department_tree"),
            *TEAM_WORK,
            *ORG_READ,
            ("audit", ["view"], "own"),
        ],
        [],
    ),
    (
        "customer_service",
        "客服",
        "查看并维护全部客户资料，手机号脱敏",
        [
            ("customers", ["view", "edit"], "all"),
            ("opportunities", ["view"], "all"),
            ("leads", ["view", "create", "edit"], "all"),
            ("follow_ups", ["view", "create"], "all"),
            ("visits", ["view"], "all"),
            *OWN_WORK,
            *ORG_READ,
        ],
        [("customers", "phone", "masked"), ("contacts", "mobile", "masked"), ("contacts", "landline", "masked")],
    ),
    (
        "finance",
        "财务",
        "查看全部客户，不看联系电话",
        [
            ("customers", ["view", "export"], "all"),
            ("opportunities", ["view", "export"], "all"),
            ("follow_ups", ["view"], "all"),
            *OWN_WORK,
            *ORG_READ,
        ],
        [
            ("customers", "phone", "hidden"),
            ("customers", "notes", "hidden"),
            ("contacts", "mobile", "hidden"),
            ("contacts", "landline", "hidden"),
            ("contacts", "notes", "hidden"),
        ],
    ),
    (
        "project_manager",
        "项目经理",
        "本部门的客户，手机号脱敏",
        [
            ("customers", ["view"], "department"),
            ("opportunities", ["view"], "department"),
            ("follow_ups", ["view"], "all"),
            ("visits", ["view"], "all"),
            *OWN_WORK,
            *ORG_READ,
        ],
        [("customers", "phone", "masked"), ("contacts", "mobile", "masked")],
    ),
]


def seed_roles(role_model: Any, grant_model: Any, rule_model: Any) -> None:
    """Create the seeded roles that do not exist yet (never overwrite an admin's edits)."""
    for code, name, description, grants, rules in SEED_ROLES:
        role, created = role_model.objects.get_or_create(
            code=code, defaults={"name": name, "description": description, "is_system": True}
        )
        if not created:
            continue
        for resource, actions, scope in grants:
            grant_model.objects.create(role=role, resource=resource, actions=sorted(actions), scope=scope)
        for resource, field, rule in rules:
            rule_model.objects.create(role=role, resource=resource, field=field, rule=rule)


def seed_resources(role_model: Any, grant_model: Any, rule_model: Any, resources: set[str]) -> None:
    """Give existing seeded roles their seed grants and field rules on newly added resources."""
    for code, _name, _description, grants, rules in SEED_ROLES:
        role = role_model.objects.filter(code=code, is_system=True).first()
        if role is None:
            continue
        for resource, actions, scope in grants:
            if resource in resources and not grant_model.objects.filter(role=role, resource=resource).exists():
                grant_model.objects.create(role=role, resource=resource, actions=sorted(actions), scope=scope)
        for resource, field, rule in rules:
            if resource in resources:
                rule_model.objects.get_or_create(role=role, resource=resource, field=field, defaults={"rule": rule})
