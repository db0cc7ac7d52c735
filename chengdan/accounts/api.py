"""HTTP endpoints of sign-in, personal tokens, departments, users and roles."""

from typing import Any

from django.contrib.auth import login, logout, update_session_auth_hash
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.views.decorators.csrf import ensure_csrf_cookie
from ninja import Query, Router, Status
from ninja.decorators import decorate_view

from chengdan.access import engine
from chengdan.access.fields import apply_field_rules
from chengdan.access.policies import all_policies
from chengdan.accounts import actions, queries, roles, signin
from chengdan.accounts.actor import actor_of
from chengdan.accounts.choices import Scope
from chengdan.accounts.models import ApiToken, Department, Role, User
from chengdan.accounts.schemas import (
    CatalogOut,
    CsrfOut,
    DepartmentIn,
    DepartmentOut,
    DepartmentPatch,
    LoginIn,
    MeOut,
    PasswordChangeIn,
    PasswordResetIn,
    RoleIn,
    RoleOut,
    RolePatch,
    TokenCreatedOut,
    TokenIn,
    TokenOut,
    UserFilters,
    UserIn,
    UserOut,
    UserPatch,
)
from chengdan.core.errors import NotFoundError
from chengdan.core.middleware import client_ip
from chengdan.core.pagination import PageRequest
from chengdan.core.records import register_renderer
from chengdan.core.schemas import PageQuery, page_body, page_of, responses

auth_router = Router(tags=["auth"])
org_router = Router(tags=["organisation"])


def render_me(user: User) -> dict[str, Any]:
    """The signed-in user's own profile and rights."""
    return {
        "id": user.pk,
        "username": user.username,
        "display_name": user.name,
        "email": user.email,
        "is_admin": user.is_superuser or user.roles.filter(code="admin").exists(),
        "department_id": user.department_id,
        "department_name": user.department.name if user.department else None,
        "roles": [{"id": r.pk, "code": r.code, "name": r.name} for r in user.roles.all()],
        "permissions": engine.actions_by_resource(user),
    }


def render_user(actor: Any, user: User) -> dict[str, Any]:
    """A user as the actor may see them (field rules applied)."""
    data = {
        "id": user.pk,
        "username": user.username,
        "display_name": user.name,
        "email": user.email,
        "mobile": user.mobile,
        "department_id": user.department_id,
        "department_name": user.department.name if user.department else None,
        "extra_department_ids": sorted(d.pk for d in user.extra_departments.all()),
        "manager_id": user.manager_id,
        "manager_name": user.manager.name if user.manager else None,
        "roles": [{"id": r.pk, "code": r.code, "name": r.name} for r in user.roles.all()],
        "is_active": user.is_active,
        "version": user.version,
    }
    return apply_field_rules(actor, "users", data)


def render_department(actor: Any, department: Department) -> dict[str, Any]:
    """A department node."""
    return {
        "id": department.pk,
        "name": department.name,
        "parent_id": department.parent_id,
        "path": department.path,
        "depth": department.depth,
        "is_active": department.is_active,
        "version": department.version,
    }


def render_role(actor: Any, role: Role) -> dict[str, Any]:
    """A role with its matrix."""
    return {
        "id": role.pk,
        "code": role.code,
        "name": role.name,
        "description": role.description,
        "is_system": role.is_system,
        "version": role.version,
        **roles.describe(role),
    }


register_renderer(User, render_user)
register_renderer(Department, render_department)
register_renderer(Role, render_role)


# Sign-in ---------------------------------------------------------------------------------------


@auth_router.get("/csrf", auth=None, response=CsrfOut)
@decorate_view(ensure_csrf_cookie)
def csrf(request: HttpRequest) -> dict[str, str]:
    """Set the CSRF cookie the SPA echoes in X-CSRFToken."""
    return {"csrf_token": get_token(request)}


@auth_router.post("/login", auth=None, response=responses(MeOut))
def sign_in(request: HttpRequest, payload: LoginIn) -> dict[str, Any]:
    """Sign in with username and password; repeated failures lock with back-off."""
    user = signin.authenticate_user(
        username=payload.username,
        password=payload.password,
        ip=client_ip(request),
        user_agent=request.META.get("HTTP_USER_AGENT", ""),
    )
    login(request, user)
    return render_me(queries.get_me(user))


@auth_router.post("/logout", response={204: None})
def sign_out(request: HttpRequest) -> Status[None]:
    """End the session."""
    logout(request)
    return Status(204, None)


@auth_router.get("/me", response=responses(MeOut))
def me(request: HttpRequest) -> dict[str, Any]:
    """The signed-in user, their roles and their rights per resource."""
    return render_me(queries.get_me(actor_of(request)))


@auth_router.post("/password", response=responses(None, 204))
def change_password(request: HttpRequest, payload: PasswordChangeIn) -> Status[None]:
    """Change one's own password; the current session stays signed in."""
    actor = actor_of(request)
    actions.change_own_password(actor=actor, old_password=payload.old_password, new_password=payload.new_password)
    actor.refresh_from_db()
    if request.session.session_key:
        update_session_auth_hash(request, actor)
    return Status(204, None)


@auth_router.get("/tokens", response=list[TokenOut])
def list_tokens(request: HttpRequest) -> Any:
    """The actor's own API tokens."""
    return ApiToken.objects.filter(user=actor_of(request)).order_by("-created_at")


@auth_router.post("/tokens", response=responses(TokenCreatedOut, 201))
def create_token(request: HttpRequest, payload: TokenIn) -> Status[dict[str, Any]]:
    """Issue a personal API token; the plaintext is in this answer only."""
    token, raw = signin.create_token(
        actor=actor_of(request), name=payload.name, expires_in_days=payload.expires_in_days
    )
    return Status(201, {**TokenOut.from_orm(token).dict(), "token": raw})


@auth_router.delete("/tokens/{token_id}", response=responses(None, 204))
def revoke_token(request: HttpRequest, token_id: int) -> Status[None]:
    """Revoke one of the actor's tokens."""
    signin.revoke_token(actor=actor_of(request), token_id=token_id)
    return Status(204, None)


# Departments -------------------------------------------------------------------------------------


@org_router.get("/departments", response=responses(list[DepartmentOut]), tags=["organisation"])
def list_departments(request: HttpRequest) -> list[dict[str, Any]]:
    """The visible department tree, flat, in tree order."""
    return [render_department(request.user, d) for d in queries.list_departments(request.user)]


@org_router.post("/departments", response=responses(DepartmentOut, 201))
def create_department(request: HttpRequest, payload: DepartmentIn) -> Status[dict[str, Any]]:
    """Create a department."""
    department = actions.create_department(actor=actor_of(request), name=payload.name, parent_id=payload.parent_id)
    return Status(201, render_department(request.user, department))


@org_router.patch("/departments/{department_id}", response=responses(DepartmentOut))
def update_department(request: HttpRequest, department_id: int, payload: DepartmentPatch) -> dict[str, Any]:
    """Rename, move or enable/disable a department."""
    fields = payload.model_fields_set
    department = actions.update_department(
        actor=actor_of(request),
        department_id=department_id,
        version=payload.version,
        name=payload.name,
        parent_id=payload.parent_id,
        move="parent_id" in fields,
        is_active=payload.is_active,
    )
    return render_department(request.user, department)


# Users -------------------------------------------------------------------------------------------


@org_router.get("/users", response=responses(page_of(UserOut)), exclude_unset=True)
def list_users(request: HttpRequest, filters: Query[UserFilters], page: Query[PageQuery]) -> dict[str, Any]:
    """One page of visible users."""
    result = queries.list_users(
        request.user,
        queries.UserFilters(q=filters.q, department_id=filters.department_id, is_active=filters.is_active),
        PageRequest(**page.dict()),
    )
    return page_body(result, [render_user(request.user, u) for u in result.items])


@org_router.get("/users/{user_id}", response=responses(UserOut), exclude_unset=True)
def get_user(request: HttpRequest, user_id: int) -> dict[str, Any]:
    """One visible user."""
    user = queries.get_user(request.user, user_id)
    if user is None:
        raise NotFoundError()
    return render_user(request.user, user)


@org_router.post("/users", response=responses(UserOut, 201), exclude_unset=True)
def create_user(request: HttpRequest, payload: UserIn) -> Status[dict[str, Any]]:
    """Create a user with department, manager and roles."""
    user = actions.create_user(actor=actor_of(request), **payload.dict())
    created = queries.get_user(request.user, user.pk) or user
    return Status(201, render_user(request.user, created))


@org_router.patch("/users/{user_id}", response=responses(UserOut), exclude_unset=True)
def update_user(request: HttpRequest, user_id: int, payload: UserPatch) -> dict[str, Any]:
    """Edit a user; send only the fields that change, plus `version`."""
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version")
    actions.update_user(actor=actor_of(request), user_id=user_id, version=version, changes=changes)
    user = queries.get_user(request.user, user_id)
    if user is None:
        raise NotFoundError()
    return render_user(request.user, user)


@org_router.post("/users/{user_id}/reset-password", response=responses(None, 204))
def reset_password(request: HttpRequest, user_id: int, payload: PasswordResetIn) -> Status[None]:
    """Set a user's password (administrators)."""
    actions.reset_password(actor=actor_of(request), user_id=user_id, new_password=payload.new_password)
    return Status(204, None)


# Roles -------------------------------------------------------------------------------------------


@org_router.get("/roles", response=responses(list[RoleOut]))
def list_roles(request: HttpRequest) -> list[dict[str, Any]]:
    """The visible roles with their matrices."""
    return [render_role(request.user, role) for role in queries.list_roles(request.user)]


def _specs(payload: RoleIn | RolePatch) -> tuple[list[roles.GrantSpec] | None, list[roles.FieldRuleSpec] | None]:
    grants = None if payload.grants is None else [roles.GrantSpec(**g.dict()) for g in payload.grants]
    rules = None if payload.field_rules is None else [roles.FieldRuleSpec(**r.dict()) for r in payload.field_rules]
    return grants, rules


@org_router.post("/roles", response=responses(RoleOut, 201))
def create_role(request: HttpRequest, payload: RoleIn) -> Status[dict[str, Any]]:
    """Create a role with its matrix."""
    grants, rules = _specs(payload)
    role = roles.create_role(
        actor=actor_of(request),
        code=payload.code,
        name=payload.name,
        description=payload.description,
        grants=grants or [],
        field_rules=rules or [],
    )
    return Status(201, render_role(request.user, role))


@org_router.patch("/roles/{role_id}", response=responses(RoleOut))
def update_role(request: HttpRequest, role_id: int, payload: RolePatch) -> dict[str, Any]:
    """Change a role's name or matrix."""
    grants, rules = _specs(payload)
    role = roles.update_role(
        actor=actor_of(request),
        role_id=role_id,
        version=payload.version,
        name=payload.name,
        description=payload.description,
        grants=grants,
        field_rules=rules,
    )
    return render_role(request.user, role)


@org_router.get("/permissions/catalog", response=responses(CatalogOut))
def permission_catalog(request: HttpRequest) -> dict[str, Any]:
    """Resources, their actions and rule-able fields, and the data scopes (for the role editor)."""
    return {
        "resources": [
            {
                "code": p.resource,
                "label": p.label or p.resource,
                "actions": [] if p.parent else list(p.actions),
                "fields": list(p.all_fields()),
            }
            for p in all_policies()
        ],
        "scopes": list(Scope.values),
    }
