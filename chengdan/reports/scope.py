"""Whose reports a reader oversees, and who a report goes to.

A reader's team is every active user who is expected to write reports (a role granting `create`
on both work reports and deals: the people who sell) and whose reports the reader's own
work-report rule reaches, judged on the user's current department and reporting line — the same
compiled rule `visible_work_reports` applies to report rows. The reader is not part of their team.
"""

from typing import Any

from django.db.models import QuerySet

from chengdan.access import engine
from chengdan.access.policies import Policy
from chengdan.accounts.models import Department, RoleGrant, User
from chengdan.reports.permissions import WORK_REPORTS

# The work-report rule read against users instead of reports: a user "owns" the reports they write
# and belongs to the department their reports are filed under.
_USERS_AS_AUTHORS = Policy(
    resource=WORK_REPORTS.resource, model=User, owner_field="pk", department_field="department_id"
)


def _role_ids(resource_actions: dict[str, str]) -> set[int]:
    """Roles that grant every (resource → action) given."""
    granted: dict[int, set[str]] = {}
    rows = RoleGrant.objects.filter(resource__in=resource_actions).values_list("role_id", "resource", "actions")
    for role_id, resource, actions in rows:
        if resource_actions[resource] in (actions or []):
            granted.setdefault(role_id, set()).add(resource)
    return {role_id for role_id, resources in granted.items() if resources == set(resource_actions)}


def _holding(role_ids: set[int]) -> QuerySet[User]:
    holders = User.roles.through.objects.filter(role_id__in=role_ids).values("user_id")
    return User.objects.filter(is_active=True, pk__in=holders)


def reporters() -> QuerySet[User]:
    """Active users expected to write reports: their roles let them create reports and deals."""
    return _holding(_role_ids({WORK_REPORTS.resource: "create", "opportunities": "create"}))


def team_of(actor: Any, action: str = "approve") -> QuerySet[User]:
    """The reporters whose reports the actor's `action` rule on work reports reaches (the actor excluded)."""
    compiled = engine.reach(actor, WORK_REPORTS.resource, action)
    members = reporters().exclude(pk=actor.pk)
    if compiled.everything:
        return members
    condition = compiled.q(_USERS_AS_AUTHORS)
    return members if condition is None else members.filter(condition)


def supervisor_of(author: User) -> User | None:
    """Who a report goes to: the author's manager, else an approver of reports in their department or nearest above."""
    if author.manager_id is not None:
        manager = User.objects.filter(pk=author.manager_id, is_active=True).first()
        if manager is not None:
            return manager
    if author.department_id is None:
        return None
    path = Department.objects.filter(pk=author.department_id).values_list("path", flat=True).first() or ""
    nearest_first = [int(part) for part in reversed(path.strip("/").split("/")) if part.isdigit()]
    approvers = (
        _holding(_role_ids({WORK_REPORTS.resource: "approve"}))
        .filter(department_id__in=nearest_first)
        .exclude(pk=author.pk)
        .order_by("pk")
    )
    by_department: dict[int, User] = {}
    for user in approvers:
        by_department.setdefault(user.department_id or 0, user)
    for department_id in nearest_first:
        if department_id in by_department:
            return by_department[department_id]
    return None
