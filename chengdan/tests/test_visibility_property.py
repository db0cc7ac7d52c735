"""Property: for random organisations (with public pools), the SQL filter, the object check and a naive oracle agree."""

from dataclasses import dataclass, field

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from chengdan.access import engine
from chengdan.access.models import Pool, RecordShare
from chengdan.accounts.models import Department, Role, RoleGrant, User
from chengdan.customers.models import Customer

SCOPES = ["own", "subordinates", "department", "department_tree", "all", "custom"]


@dataclass
class World:
    parents: list[int | None]  # department i's parent index
    user_departments: list[int]
    user_extra: list[list[int]]
    user_managers: list[int | None]
    user_grants: list[list[tuple[str, frozenset[str], frozenset[int]]]]
    records: list[tuple[int | None, int | None, int | None]]  # (owner, department, pool); pooled: no owner
    shares: list[tuple[int, int, str]]  # (record, user, access)
    # (member users, member departments (subtrees), managers, is_active)
    pools: list[tuple[frozenset[int], frozenset[int], frozenset[int], bool]] = field(default_factory=list)


@st.composite
def worlds(draw: st.DrawFn) -> World:
    department_count = draw(st.integers(1, 7))
    parents: list[int | None] = [None] + [draw(st.integers(0, i - 1)) for i in range(1, department_count)]
    user_count = draw(st.integers(1, 6))
    departments = st.integers(0, department_count - 1)
    user_departments = [draw(departments) for _ in range(user_count)]
    user_extra = [draw(st.lists(departments, max_size=2, unique=True)) for _ in range(user_count)]
    user_managers: list[int | None] = [None] + [draw(st.none() | st.integers(0, i - 1)) for i in range(1, user_count)]
    grant = st.tuples(
        st.sampled_from(SCOPES),
        st.frozensets(st.sampled_from(["view", "edit"]), min_size=1),
        st.frozensets(departments, min_size=1, max_size=3),
    )
    user_grants = [draw(st.lists(grant, max_size=2)) for _ in range(user_count)]
    users = st.integers(0, user_count - 1)
    pools = draw(
        st.lists(
            st.tuples(
                st.frozensets(users, max_size=2),
                st.frozensets(departments, max_size=2),
                st.frozensets(users, max_size=1),
                st.booleans(),
            ),
            max_size=3,
        )
    )
    owned = st.tuples(users, departments, st.none())
    pooled = st.tuples(st.none(), st.none(), st.integers(0, len(pools) - 1)) if pools else owned
    records = draw(st.lists(owned | pooled, min_size=1, max_size=12))
    shares = draw(
        st.lists(
            st.tuples(
                st.integers(0, len(records) - 1), st.integers(0, user_count - 1), st.sampled_from(["read", "edit"])
            ),
            max_size=4,
            unique_by=lambda share: (share[0], share[1]),
        )
    )
    return World(parents, user_departments, user_extra, user_managers, user_grants, records, shares, pools)


def _ancestors_or_self(parents: list[int | None], index: int) -> set[int]:
    chain = {index}
    while parents[index] is not None:
        index = parents[index]  # type: ignore[assignment]
        chain.add(index)
    return chain


def _manager_chain(managers: list[int | None], index: int) -> set[int]:
    chain = {index}
    while managers[index] is not None:
        index = managers[index]  # type: ignore[assignment]
        chain.add(index)
    return chain


def _is_pool_member(world: World, actor: int, pool: int) -> bool:
    """Members are listed users, managers, and everyone in a member department or below it."""
    members, member_departments, managers, is_active = world.pools[pool]
    if not is_active:
        return False
    actor_departments = {world.user_departments[actor], *world.user_extra[actor]}
    below = any(member_departments & _ancestors_or_self(world.parents, d) for d in actor_departments)
    return actor in members or actor in managers or below


def oracle(world: World, actor: int, action: str) -> set[int]:
    """Naive, independent reading of the rules: the records `actor` may `action`."""
    visible: set[int] = set()
    grants = [g for g in world.user_grants[actor] if action in g[1]]
    if not grants:
        return visible
    actor_departments = {world.user_departments[actor], *world.user_extra[actor]}
    for index, (owner, department, pool) in enumerate(world.records):
        for scope, _, custom in grants:
            if scope == "all" or (
                owner is not None
                and department is not None
                and (
                    owner == actor
                    or (scope == "subordinates" and actor in _manager_chain(world.user_managers, owner))
                    or (scope == "department" and department in actor_departments)
                    or (
                        scope == "department_tree" and actor_departments & _ancestors_or_self(world.parents, department)
                    )
                    or (scope == "custom" and department in custom)
                )
            ):
                visible.add(index)
        if pool is not None and action == "view" and _is_pool_member(world, actor, pool):
            visible.add(index)
        for record, user, access in world.shares:
            if record == index and user == actor and (action == "view" or access == "edit"):
                visible.add(index)
    return visible


class VisibilityAgreesWithObjectCheck(TestCase):
    @settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(world=worlds())
    def test_visible_set_equals_object_check_equals_oracle(self, world: World) -> None:
        departments = Department.objects.bulk_create([Department(name=f"d{i}") for i in range(len(world.parents))])
        for department, parent in zip(departments, world.parents, strict=True):
            department.parent = departments[parent] if parent is not None else None
        for department in departments:  # parents always precede children
            department.path = (department.parent.path if department.parent else "/") + f"{department.pk}/"
        Department.objects.bulk_update(departments, ["parent", "path"])
        users = User.objects.bulk_create(
            [User(username=f"u{i}", department=departments[d]) for i, d in enumerate(world.user_departments)]
        )
        for user, manager in zip(users, world.user_managers, strict=True):
            user.manager = users[manager] if manager is not None else None
            user.line_path = (user.manager.line_path if user.manager else "/") + f"{user.pk}/"
        User.objects.bulk_update(users, ["manager", "line_path"])
        for user, extra in zip(users, world.user_extra, strict=True):
            user.extra_departments.set([departments[d] for d in extra])
        for index, (user, grants) in enumerate(zip(users, world.user_grants, strict=True)):
            for number, (scope, actions, custom) in enumerate(grants):
                role = Role.objects.create(code=f"r{index}-{number}", name="r")
                grant = RoleGrant.objects.create(role=role, resource="customers", actions=sorted(actions), scope=scope)
                if scope == "custom":
                    grant.departments.set([departments[d] for d in custom])
                user.roles.add(role)
        pools = []
        for number, (members, member_departments, managers, is_active) in enumerate(world.pools):
            pool = Pool.objects.create(resource="customers", name=f"p{number}", is_active=is_active)
            pool.members.set([users[u] for u in members])
            pool.member_departments.set([departments[d] for d in member_departments])
            pool.managers.set([users[u] for u in managers])
            pools.append(pool)
        records = Customer.objects.bulk_create(
            [
                Customer(
                    name=f"c{i}",
                    owner=users[o] if o is not None else None,
                    department=departments[d] if d is not None else None,
                    pool=pools[p] if p is not None else None,
                )
                for i, (o, d, p) in enumerate(world.records)
            ]
        )
        RecordShare.objects.bulk_create(
            [
                RecordShare(resource="customers", object_id=records[r].pk, user=users[u], access=a)
                for r, u, a in world.shares
            ]
        )
        index_of = {record.pk: i for i, record in enumerate(records)}
        for actor_index, user in enumerate(users):
            actor = User.objects.get(pk=user.pk)
            for action in ("view", "edit"):
                expected = oracle(world, actor_index, action)
                from_sql = {
                    index_of[pk] for pk in engine.visible(actor, "customers", action).values_list("pk", flat=True)
                }
                from_check = {i for i, record in enumerate(records) if engine.can(actor, "customers", action, record)}
                assert from_sql == expected, (action, actor_index)
                assert from_check == expected, (action, actor_index)
