"""Customers, their contacts, tags, configurable option lists, custom fields and merges."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from chengdan.core.models import VersionedModel


class OptionKind(models.TextChoices):
    """The configurable lists a customer or contact picks its values from."""

    LEVEL = "level", "客户级别"
    STAGE = "stage", "生命周期阶段"
    INDUSTRY = "industry", "行业"
    SOURCE = "source", "来源渠道"
    DECISION_ROLE = "decision_role", "决策角色"


class Option(models.Model):
    """One value of a configurable list; `code` is stable, labels may be renamed."""

    kind = models.CharField(max_length=20, choices=OptionKind.choices)
    code = models.CharField(max_length=40)
    label = models.CharField(max_length=60)
    label_en = models.CharField(max_length=60, blank=True)
    position = models.PositiveIntegerField(default=0)
    color = models.CharField(max_length=20, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "code"], name="option_kind_code_unique")]
        ordering = ["kind", "position", "id"]

    def __str__(self) -> str:
        return f"{self.kind}:{self.label}"


class Tag(models.Model):
    """A coloured label customers carry, many per customer."""

    name = models.CharField(max_length=40, unique=True)
    color = models.CharField(max_length=20, default="#409EFF")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Customer(VersionedModel):
    """A company we sell to; `department` is the owner's department, denormalised for scope filters."""

    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=100, blank=True)
    credit_code = models.CharField(max_length=18, blank=True)
    industry = models.CharField(max_length=40, blank=True)
    province_code = models.CharField(max_length=6, blank=True)
    city_code = models.CharField(max_length=6, blank=True)
    district_code = models.CharField(max_length=6, blank=True)
    address = models.CharField(max_length=300, blank=True)
    # Where the customer is (WGS-84), pinned by hand or from a verified visit check-in; visits
    # checking in far from it are flagged.
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    website = models.CharField(max_length=200, blank=True)
    source = models.CharField(max_length=40, blank=True)
    level = models.CharField(max_length=40, blank=True)
    stage = models.CharField(max_length=40, blank=True)
    phone = models.CharField(max_length=30, blank=True)
    notes = models.TextField(blank=True)
    custom = models.JSONField(default=dict, blank=True)
    # No owner while the customer sits in a public pool (公海); `pool` says which one.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="customers"
    )
    department = models.ForeignKey(
        "accounts.Department", null=True, blank=True, on_delete=models.PROTECT, related_name="customers"
    )
    pool = models.ForeignKey("access.Pool", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    pooled_at = models.DateTimeField(null=True, blank=True)
    tags = models.ManyToManyField(Tag, blank=True, related_name="customers")
    last_follow_up_at = models.DateTimeField(null=True, blank=True)
    last_won_at = models.DateTimeField(null=True, blank=True)
    # Take-back clocks, indexed so the nightly scan reads only the due rows:
    # idle_since = the later of owning it and its last follow-up; won_idle_since = of owning it and its last win.
    idle_since = models.DateTimeField(default=timezone.now)
    won_idle_since = models.DateTimeField(default=timezone.now)
    # Derived columns for duplicate finding and quick search, rewritten on every save.
    name_key = models.CharField(max_length=200, blank=True, db_index=True)
    search_text = models.TextField(blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["created_at", "id"], name="customer_created_idx"),
            models.Index(fields=["owner", "created_at"], name="customer_owner_created_idx"),
            models.Index(fields=["department", "created_at"], name="customer_dept_created_idx"),
            models.Index(fields=["credit_code"], name="customer_credit_code_idx"),
            models.Index(fields=["pool", "id"], name="customer_pool_idx"),
            models.Index(fields=["idle_since"], name="customer_idle_idx", condition=models.Q(owner__isnull=False)),
            models.Index(
                fields=["won_idle_since"], name="customer_won_idle_idx", condition=models.Q(owner__isnull=False)
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Contact(VersionedModel):
    """A person at a customer; it is seen by whoever sees its customer."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(max_length=60)
    title = models.CharField(max_length=60, blank=True)
    department_name = models.CharField(max_length=60, blank=True)
    mobile = models.CharField(max_length=11, blank=True, db_index=True)
    landline = models.CharField(max_length=30, blank=True)
    email = models.CharField(max_length=254, blank=True, db_index=True)
    wechat = models.CharField(max_length=60, blank=True)
    birthday = models.DateField(null=True, blank=True)
    decision_role = models.CharField(max_length=40, blank=True)
    is_primary = models.BooleanField(default=False)
    notes = models.TextField(blank=True)
    custom = models.JSONField(default=dict, blank=True)

    class Meta:
        indexes = [models.Index(fields=["customer", "is_primary"], name="contact_customer_idx")]

    def __str__(self) -> str:
        return self.name


class FieldType(models.TextChoices):
    """What a custom field holds."""

    TEXT = "text", "文本"
    NUMBER = "number", "数字"
    MONEY = "money", "金额"
    DATE = "date", "日期"
    CHOICE = "choice", "单选"
    MULTI_CHOICE = "multi_choice", "多选"
    USER = "user", "人员"
    BOOLEAN = "boolean", "是/否"


class CustomFieldEntity(models.TextChoices):
    """Which record a custom field belongs to."""

    CUSTOMER = "customer", "客户"
    CONTACT = "contact", "联系人"


class CustomField(models.Model):
    """An admin-defined field stored in the record's `custom` JSON under `key`."""

    entity = models.CharField(max_length=20, choices=CustomFieldEntity.choices)
    key = models.SlugField(max_length=40)
    label = models.CharField(max_length=60)
    label_en = models.CharField(max_length=60, blank=True)
    field_type = models.CharField(max_length=20, choices=FieldType.choices)
    choices = models.JSONField(default=list, blank=True)
    is_required = models.BooleanField(default=False)
    is_unique = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["entity", "key"], name="custom_field_entity_key_unique")]
        ordering = ["entity", "position", "id"]

    def __str__(self) -> str:
        return f"{self.entity}.{self.key}"


class Merge(models.Model):
    """One merge into `survivor`: the merged customer's last row and what moved, so it can be undone.

    The merged customer leaves the table (lists and scope counts never filter it out); undo puts
    it back under its old id.
    """

    # No cascade: a survivor merged away later keeps this history (undo then asks for the later undo first).
    survivor = models.ForeignKey(Customer, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    merged_id = models.BigIntegerField()
    merged_name = models.CharField(max_length=200)
    merged_snapshot = models.JSONField(default=dict)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    survivor_before = models.JSONField(default=dict)
    moved = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    undone_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.merged_id}→{self.survivor_id}"


class JobStatus(models.TextChoices):
    """Where a background import or export is."""

    PENDING = "pending", "排队中"
    RUNNING = "running", "进行中"
    DONE = "done", "已完成"
    FAILED = "failed", "失败"
    CANCELLED = "cancelled", "已取消"


class ImportMode(models.TextChoices):
    """What an import does with rows that match an existing customer."""

    CREATE = "create", "仅新建"
    UPDATE = "update", "仅更新"
    UPSERT = "upsert", "新建或更新"


class ImportJob(models.Model):
    """One uploaded file and its import; `checkpoint` lets a restarted worker resume without duplicates."""

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    filename = models.CharField(max_length=255)
    stored_path = models.CharField(max_length=500)
    file_format = models.CharField(max_length=10, blank=True)
    mapping = models.JSONField(default=dict, blank=True)
    mode = models.CharField(max_length=10, choices=ImportMode.choices, default=ImportMode.CREATE)
    is_dry_run = models.BooleanField(default=False)
    skip_invalid = models.BooleanField(default=False)
    status = models.CharField(max_length=12, choices=JobStatus.choices, default=JobStatus.PENDING)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    checkpoint = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    message = models.CharField(max_length=500, blank=True)
    is_cancel_requested = models.BooleanField(default=False)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"import {self.pk} {self.filename}"


class MappingTemplate(models.Model):
    """A saved header → field mapping, e.g. for another CRM's export format."""

    name = models.CharField(max_length=60)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    is_shared = models.BooleanField(default=True)
    mapping = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name


class ExportJob(models.Model):
    """An .xlsx export built in the background from a filtered list, as the actor sees it."""

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    filters = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=12, choices=JobStatus.choices, default=JobStatus.PENDING)
    row_count = models.PositiveIntegerField(default=0)
    stored_path = models.CharField(max_length=500, blank=True)
    message = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"export {self.pk}"
