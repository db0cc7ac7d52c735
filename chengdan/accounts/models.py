"""The organisation: departments as a materialized-path tree, users with a reporting line, roles."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone

from chengdan.accounts.choices import FieldRuleKind, Scope
from chengdan.core.models import VersionedModel


class Department(VersionedModel):
    """A node of the company tree; `path` ("/1/4/9/") makes a subtree one indexed prefix query."""

    name = models.CharField(max_length=100)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A person who signs in; `line_path` ("/1/7/") encodes the reporting line for subordinate scopes."""

    display_name = models.CharField(max_length=100, blank=True)
    mobile = models.CharField(max_length=20, blank=True)
    department = models.ForeignKey(Department, null=True, blank=True, on_delete=models.PROTECT, related_name="members")
    extra_departments = models.ManyToManyField(Department, blank=True, related_name="extra_members")
    manager = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reports")
    line_path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    roles = models.ManyToManyField("accounts.Role", blank=True, related_name="users")
    version = models.PositiveIntegerField(default=1)

    objects: UserManager["User"] = UserManager()  # type: ignore[assignment,misc]

    def __str__(self) -> str:
        return self.display_name or self.username

    @property
    def name(self) -> str:
        """The name shown to other people."""
        return self.display_name or self.username


class Role(VersionedModel):
    """A bundle of action rights, data scopes and field rules; a user's rights are the union of roles."""

    code = models.SlugField(max_length=50, unique=True)
    name = models.CharField(max_length=100)
    description = models.CharField(max_length=255, blank=True)
    is_system = models.BooleanField(default=False)

    def __str__(self) -> str:
        return self.name


class RoleGrant(models.Model):
    """The actions a role has on one resource, and which records they reach."""

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="grants")
    resource = models.CharField(max_length=50)
    actions = models.JSONField(default=list)
    scope = models.CharField(max_length=20, choices=Scope.choices, default=Scope.OWN)
    departments = models.ManyToManyField(Department, blank=True, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["role", "resource"], name="role_grant_unique")]


class FieldRule(models.Model):
    """A field of a resource that a role sees masked or not at all."""

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="field_rules")
    resource = models.CharField(max_length=50)
    field = models.CharField(max_length=100)
    rule = models.CharField(max_length=10, choices=FieldRuleKind.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["role", "resource", "field"], name="field_rule_unique")]


class ApiToken(models.Model):
    """A personal API token; only its SHA-256 is stored, the plaintext is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)


class LoginAttempt(models.Model):
    """One sign-in attempt; failures drive the lock-out with back-off."""

    username = models.CharField(max_length=150, db_index=True)
    ip = models.CharField(max_length=64, db_index=True)
    user_agent = models.CharField(max_length=512, blank=True)
    is_success = models.BooleanField()
    at = models.DateTimeField(default=timezone.now, db_index=True)
