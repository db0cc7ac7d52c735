"""Fixed vocabularies of the organisation: data scopes, actions and field rules."""

from django.db import models


class Scope(models.TextChoices):
    """Which records of a resource a role reaches."""

    OWN = "own", "本人"
    SUBORDINATES = "subordinates", "本人及下属"
    DEPARTMENT = "department", "本部门"
    DEPARTMENT_TREE = "department_tree", "本部门及下级部门"
    ALL = "all", "全部"
    CUSTOM = "custom", "自定义部门"


class Action(models.TextChoices):
    """What a role may do on a resource."""

    VIEW = "view", "查看"
    CREATE = "create", "新建"
    EDIT = "edit", "编辑"
    DELETE = "delete", "删除"
    EXPORT = "export", "导出"
    IMPORT = "import", "导入"
    ASSIGN = "assign", "分配/转移"
    APPROVE = "approve", "审批"


class FieldRuleKind(models.TextChoices):
    """How a field is shown to a role."""

    HIDDEN = "hidden", "隐藏"
    MASKED = "masked", "脱敏"


class ShareAccess(models.TextChoices):
    """What a collaborator may do on a shared record."""

    READ = "read", "只读"
    EDIT = "edit", "可编辑"
