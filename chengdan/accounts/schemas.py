"""Request and response shapes of the auth and organisation endpoints."""

from datetime import datetime

from ninja import Schema
from pydantic import Field

from chengdan.core.schemas import InputSchema


class LoginIn(InputSchema):
    username: str = Field(..., min_length=1, max_length=150)
    password: str = Field(..., min_length=1, max_length=256)


class RoleRef(Schema):
    id: int
    code: str
    name: str


class MeOut(Schema):
    id: int
    username: str
    display_name: str
    email: str
    is_admin: bool
    department_id: int | None
    department_name: str | None
    roles: list[RoleRef]
    permissions: dict[str, list[str]]


class CsrfOut(Schema):
    csrf_token: str


class PasswordChangeIn(InputSchema):
    old_password: str = Field(..., min_length=1, max_length=256)
    new_password: str = Field(..., min_length=1, max_length=256)


class TokenIn(InputSchema):
    name: str = Field(..., min_length=1, max_length=100)
    expires_in_days: int | None = Field(90, ge=1, le=3650)


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked_at: datetime | None


class TokenCreatedOut(TokenOut):
    token: str


class DepartmentOut(Schema):
    id: int
    name: str
    parent_id: int | None
    path: str
    depth: int
    is_active: bool
    version: int


class DepartmentIn(InputSchema):
    name: str = Field(..., min_length=1, max_length=100)
    parent_id: int | None = None


class DepartmentPatch(InputSchema):
    version: int
    name: str | None = Field(None, min_length=1, max_length=100)
    parent_id: int | None = None
    is_active: bool | None = None


class UserOut(Schema):
    id: int
    username: str
    display_name: str
    email: str | None = None
    mobile: str | None = None
    department_id: int | None
    department_name: str | None
    extra_department_ids: list[int]
    manager_id: int | None
    manager_name: str | None
    roles: list[RoleRef]
    is_active: bool
    version: int


class UserIn(InputSchema):
    username: str = Field(..., min_length=1, max_length=150, pattern=r"^[\w.@+-]+$")
    password: str = Field(..., min_length=1, max_length=256)
    display_name: str = Field("", max_length=100)
    email: str = Field("", max_length=254)
    mobile: str = Field("", max_length=20)
    department_id: int | None = None
    extra_department_ids: list[int] = Field(default_factory=list, max_length=50)
    manager_id: int | None = None
    role_ids: list[int] = Field(default_factory=list, max_length=50)


class UserPatch(InputSchema):
    version: int
    display_name: str | None = Field(None, max_length=100)
    email: str | None = Field(None, max_length=254)
    mobile: str | None = Field(None, max_length=20)
    department_id: int | None = None
    extra_department_ids: list[int] | None = Field(None, max_length=50)
    manager_id: int | None = None
    role_ids: list[int] | None = Field(None, max_length=50)
    is_active: bool | None = None


class UserFilters(Schema):
    q: str = Field("", max_length=100)
    department_id: int | None = None
    is_active: bool | None = None


class PasswordResetIn(InputSchema):
    new_password: str = Field(..., min_length=1, max_length=256)


class GrantSchema(InputSchema):
    resource: str = Field(..., max_length=50)
    actions: list[str] = Field(default_factory=list, max_length=20)
    scope: str = Field("own", max_length=20)
    department_ids: list[int] = Field(default_factory=list, max_length=500)


class FieldRuleSchema(InputSchema):
    resource: str = Field(..., max_length=50)
    field: str = Field(..., max_length=100)
    rule: str = Field(..., max_length=10)


class RoleOut(Schema):
    id: int
    code: str
    name: str
    description: str
    is_system: bool
    version: int
    grants: list[GrantSchema]
    field_rules: list[FieldRuleSchema]


class RoleIn(InputSchema):
    code: str = Field(..., min_length=1, max_length=50, pattern=r"^[a-z0-9_-]+$")
    name: str = Field(..., min_length=1, max_length=100)
    description: str = Field("", max_length=255)
    grants: list[GrantSchema] = Field(default_factory=list, max_length=100)
    field_rules: list[FieldRuleSchema] = Field(default_factory=list, max_length=500)


class RolePatch(InputSchema):
    version: int
    name: str | None = Field(None, min_length=1, max_length=100)
    description: str | None = Field(None, max_length=255)
    grants: list[GrantSchema] | None = Field(None, max_length=100)
    field_rules: list[FieldRuleSchema] | None = Field(None, max_length=500)


class ResourceCatalogOut(Schema):
    code: str
    label: str
    actions: list[str]
    fields: list[str]


class CatalogOut(Schema):
    resources: list[ResourceCatalogOut]
    scopes: list[str]
