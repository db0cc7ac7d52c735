"""Writes on the organisation: departments, users, passwords and the reporting line."""

from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from chengdan.access import engine
from chengdan.accounts import permissions
from chengdan.accounts.models import Department, User
from chengdan.core.errors import DomainError, ErrorCode, localized
from chengdan.core.events import Event, diff, publish, snapshot
from chengdan.core.versioning import bump_version

DEPARTMENT_FIELDS = ["name", "parent_id", "is_active"]
USER_FIELDS = [
    "username",
    "display_name",
    "email",
    "mobile",
    "department_id",
    "manager_id",
    "is_active",
]


def _audit(name: str, resource: str, obj: Any, actor: User | None, changes: dict[str, Any]) -> None:
    publish(Event(name, resource, str(obj.pk), str(obj)[:255], actor.pk if actor else None, changes=changes))


def _check_password(password: str, user: User | None, field: str) -> None:
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise DomainError(ErrorCode.PASSWORD_INVALID, fields={field: " ".join(error.messages)}) from None


def _required(value: str, field: str) -> str:
    value = value.strip()
    if not value:
        raise DomainError(
            ErrorCode.VALIDATION_ERROR, fields={field: localized("此项为必填项。", "This field is required.")}
        )
    return value


# Departments ---------------------------------------------------------------------------------


def _set_path(department: Department) -> None:
    parent = department.parent
    department.path = f"{parent.path if parent else '/'}{department.pk}/"
    department.depth = parent.depth + 1 if parent else 0


def _visible_parent(actor: User, parent_id: int | None, action: str) -> Department | None:
    if parent_id is None:
        if not engine.reach(actor, permissions.DEPARTMENTS.resource, action).everything:
            raise DomainError(ErrorCode.TARGET_OUT_OF_SCOPE)
        return None
    parent = permissions.visible_departments(actor, action).filter(pk=parent_id).first()
    if parent is None:
        raise DomainError(
            ErrorCode.VALIDATION_ERROR,
            fields={"parent_id": localized("上级部门不存在或无权访问。", "Parent department not found.")},
        )
    return parent


def create_department(*, actor: User, name: str, parent_id: int | None) -> Department:
    """Create a department under a parent the actor may manage."""
    engine.require_action(actor, permissions.DEPARTMENTS.resource, "create")
    with transaction.atomic():
        parent = _visible_parent(actor, parent_id, "create")
        department = Department.objects.create(name=_required(name, "name")[:100], parent=parent)
        _set_path(department)
        department.save(update_fields=["path", "depth"])
        _audit(
            "department.created", "departments", department, actor, diff({}, snapshot(department, DEPARTMENT_FIELDS))
        )
    return department


def update_department(
    *,
    actor: User,
    department_id: int,
    version: int,
    name: str | None = None,
    parent_id: int | None = None,
    move: bool = False,
    is_active: bool | None = None,
) -> Department:
    """Rename, move (rewriting the subtree's paths) or enable/disable a department."""
    with transaction.atomic():
        department = engine.get_visible(actor, "departments", department_id, "edit", for_update=True, version=version)
        before = snapshot(department, DEPARTMENT_FIELDS)
        if name is not None:
            department.name = _required(name, "name")[:100]
        if move and parent_id != department.parent_id:
            _move_department(actor, department, parent_id)
        if is_active is not None and is_active != department.is_active:
            if not is_active and _has_active_content(department):
                raise DomainError(ErrorCode.ORG_DEPARTMENT_NOT_EMPTY)
            department.is_active = is_active
        bump_version(department)
        department.save()
        _audit(
            "department.updated",
            "departments",
            department,
            actor,
            diff(before, snapshot(department, DEPARTMENT_FIELDS)),
        )
    return department


def _has_active_content(department: Department) -> bool:
    return (
        User.objects.filter(department=department, is_active=True).exists()
        or Department.objects.filter(parent=department, is_active=True).exists()
    )


def _move_department(actor: User, department: Department, parent_id: int | None) -> None:
    new_parent = _visible_parent(actor, parent_id, "edit")
    if new_parent is not None and new_parent.path.startswith(department.path):
        raise DomainError(
            ErrorCode.ORG_CYCLE,
            fields={"parent_id": localized("不能移动到自身或下级部门之下。", "Cannot move under itself.")},
        )
    old_path, old_depth = department.path, department.depth
    department.parent = new_parent
    _set_path(department)
    shift = department.depth - old_depth
    descendants = list(
        Department.objects.select_for_update().filter(path__startswith=old_path).exclude(pk=department.pk)
    )
    for child in descendants:
        child.path = department.path + child.path[len(old_path) :]
        child.depth += shift
    Department.objects.bulk_update(descendants, ["path", "depth"])


# Users ---------------------------------------------------------------------------------------


def _line_path(user: User) -> str:
    manager = user.manager
    return f"{manager.line_path if manager else '/'}{user.pk}/"


def _refresh_line(user: User) -> None:
    """Rewrite the reporting-line path of a user and everyone below them."""
    old = user.line_path
    user.line_path = _line_path(user)
    User.objects.filter(pk=user.pk).update(line_path=user.line_path)
    if old and old != user.line_path:
        below = list(User.objects.select_for_update().filter(line_path__startswith=old).exclude(pk=user.pk))
        for person in below:
            person.line_path = user.line_path + person.line_path[len(old) :]
        User.objects.bulk_update(below, ["line_path"])


def _resolve_manager(actor: User, manager_id: int | None, user: User | None) -> User | None:
    if manager_id is None:
        return None
    manager = permissions.visible_users(actor).filter(pk=manager_id).first()
    if manager is None:
        raise DomainError(
            ErrorCode.VALIDATION_ERROR, fields={"manager_id": localized("上级不存在。", "Manager not found.")}
        )
    if user is not None and user.line_path and manager.line_path.startswith(user.line_path):
        raise DomainError(
            ErrorCode.ORG_CYCLE,
            fields={
                "manager_id": localized("上级不能是本人或其下属。", "A manager cannot report to their own report.")
            },
        )
    return manager


def _resolve_department(actor: User, department_id: int | None, field: str = "department_id") -> Department | None:
    if department_id is None:
        return None
    department = permissions.visible_departments(actor).filter(pk=department_id, is_active=True).first()
    if department is None:
        raise DomainError(
            ErrorCode.VALIDATION_ERROR,
            fields={field: localized("部门不存在或已停用。", "Department not found or disabled.")},
        )
    return department


def _set_roles(actor: User, user: User, role_ids: list[int]) -> dict[str, Any]:
    engine.require_action(actor, permissions.USERS.resource, "assign")
    roles = list(permissions.visible_roles(actor).filter(pk__in=role_ids))
    if len(roles) != len(set(role_ids)):
        raise DomainError(ErrorCode.VALIDATION_ERROR, fields={"role_ids": localized("角色不存在。", "Unknown role.")})
    before = sorted(user.roles.values_list("code", flat=True))
    user.roles.set(roles)
    after = sorted(role.code for role in roles)
    return {"roles": (before, after)} if before != after else {}


def _set_extra_departments(actor: User, user: User, department_ids: list[int]) -> dict[str, Any]:
    departments = [_resolve_department(actor, pk, "extra_department_ids") for pk in dict.fromkeys(department_ids)]
    before = sorted(user.extra_departments.values_list("pk", flat=True))
    user.extra_departments.set([d for d in departments if d is not None])
    after = sorted(d.pk for d in departments if d is not None)
    return {"extra_department_ids": (before, after)} if before != after else {}


def create_user(
    *,
    actor: User,
    username: str,
    password: str,
    display_name: str = "",
    email: str = "",
    mobile: str = "",
    department_id: int | None = None,
    extra_department_ids: list[int] | None = None,
    manager_id: int | None = None,
    role_ids: list[int] | None = None,
) -> User:
    """Create a user in a department the actor manages, with roles and a reporting line."""
    engine.require_action(actor, permissions.USERS.resource, "create")
    username = _required(username, "username")[:150]
    with transaction.atomic():
        if User.objects.filter(username__iexact=username).exists():
            raise DomainError(
                ErrorCode.ORG_USERNAME_TAKEN,
                fields={"username": localized("用户名已存在。", "This username is taken.")},
            )
        user = User(
            username=username,
            display_name=display_name.strip()[:100],
            email=email.strip()[:254],
            mobile=mobile.strip()[:20],
            department=_resolve_department(actor, department_id),
            manager=_resolve_manager(actor, manager_id, None),
        )
        _check_password(password, user, "password")
        user.set_password(password)
        # The user is unsaved, so owner scopes cannot match it: only department scopes decide.
        engine.ensure_within_reach(actor, permissions.USERS.resource, "create", user)
        try:
            user.save()
        except IntegrityError:
            raise DomainError(ErrorCode.ORG_USERNAME_TAKEN) from None
        _refresh_line(user)
        changes = diff({}, snapshot(user, USER_FIELDS))
        if extra_department_ids:
            changes |= _set_extra_departments(actor, user, extra_department_ids)
        if role_ids:
            changes |= _set_roles(actor, user, role_ids)
        _audit("user.created", "users", user, actor, changes)
    return user


def update_user(*, actor: User, user_id: int, version: int, changes: dict[str, Any]) -> User:
    """Edit a user's profile, department, manager, roles or active flag (409 on a stale version)."""
    with transaction.atomic():
        user = engine.get_visible(actor, "users", user_id, "edit", for_update=True, version=version)
        before = snapshot(user, USER_FIELDS)
        for field in ("display_name", "email", "mobile"):
            if field in changes and changes[field] is not None:
                setattr(user, field, str(changes[field]).strip())
        if "department_id" in changes and changes["department_id"] != user.department_id:
            user.department = _resolve_department(actor, changes["department_id"])
        manager_changed = "manager_id" in changes and changes["manager_id"] != user.manager_id
        if manager_changed:
            user.manager = _resolve_manager(actor, changes["manager_id"], user)
        if changes.get("is_active") is not None and changes["is_active"] != user.is_active:
            if user.pk == actor.pk and not changes["is_active"]:
                raise DomainError(
                    ErrorCode.VALIDATION_ERROR,
                    fields={"is_active": localized("不能停用自己的账号。", "You cannot disable yourself.")},
                )
            user.is_active = bool(changes["is_active"])
        engine.ensure_within_reach(actor, permissions.USERS.resource, "edit", user)
        bump_version(user)
        user.save()
        if manager_changed:
            _refresh_line(user)
        audit_changes = diff(before, snapshot(user, USER_FIELDS))
        if changes.get("extra_department_ids") is not None:
            audit_changes |= _set_extra_departments(actor, user, changes["extra_department_ids"])
        if changes.get("role_ids") is not None:
            audit_changes |= _set_roles(actor, user, changes["role_ids"])
        if audit_changes:
            _audit("user.updated", "users", user, actor, audit_changes)
    return user


def reset_password(*, actor: User, user_id: int, new_password: str) -> None:
    """Set another user's password (admin path); the old one stops working at once."""
    with transaction.atomic():
        user = engine.get_visible(actor, "users", user_id, "edit", for_update=True)
        _check_password(new_password, user, "new_password")
        user.set_password(new_password)
        bump_version(user)
        user.save(update_fields=["password", "version"])
        _audit("user.password_reset", "users", user, actor, {})


def change_own_password(*, actor: User, old_password: str, new_password: str) -> None:
    """Change the actor's own password after checking the current one."""
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=actor.pk)
        if not user.check_password(old_password):
            raise DomainError(
                ErrorCode.PASSWORD_INCORRECT,
                fields={"old_password": localized("原密码不正确。", "The current password is wrong.")},
            )
        _check_password(new_password, user, "new_password")
        user.set_password(new_password)
        user.save(update_fields=["password"])
        _audit("user.password_changed", "users", user, actor, {})
