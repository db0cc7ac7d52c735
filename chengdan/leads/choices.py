"""The fixed vocabularies of leads, assignment rules, scoring and pools."""

from django.db import models


class LeadSource(models.TextChoices):
    """The channel a lead came in through."""

    WEB_FORM = "web_form", "网站表单"
    EMAIL = "email", "邮件"
    PHONE = "phone", "电话/400"
    WECHAT = "wechat", "微信"
    EXHIBITION = "exhibition", "展会"
    REFERRAL = "referral", "转介绍"
    ADVERTISING = "advertising", "广告"
    API = "api", "API"
    IMPORT = "import", "导入"


class LeadStatus(models.TextChoices):
    """Where a lead stands: new → working → converted, or invalid with a reason."""

    NEW = "new", "新线索"
    WORKING = "working", "跟进中"
    CONVERTED = "converted", "已转化"
    INVALID = "invalid", "无效"


class DuplicateStatus(models.TextChoices):
    """What the capture-time duplicate check found."""

    NONE = "none", "无重复"
    LINKED = "linked", "已关联已有记录"
    FLAGGED = "flagged", "疑似重复"


class AssignmentAction(models.TextChoices):
    """Who a matching rule hands the lead to."""

    USER = "user", "指定人员"
    ROUND_ROBIN = "round_robin", "团队轮流分配"
    LEAST_LOADED = "least_loaded", "团队最少负载"
    POOL = "pool", "放入公海"


class AssignmentReason(models.TextChoices):
    """Why a lead changed hands (the fairness report counts rule assignments)."""

    RULE = "rule", "规则分配"
    MANUAL = "manual", "手工分配"
    CLAIM = "claim", "从公海领取"
    POOL_ASSIGN = "pool_assign", "主管从公海分配"
    USER_DISABLED = "user_disabled", "人员停用转交"
    SLA_RETURN = "sla_return", "超时退回公海"


class PoolAction(models.TextChoices):
    """What happened to a record at a pool; the history stays with the record."""

    RETURNED = "returned", "规则收回"
    RELEASED = "released", "主动放弃"
    CLAIMED = "claimed", "领取"
    ASSIGNED = "assigned", "主管分配"
    WARNED = "warned", "收回预警"


class ScoringOperator(models.TextChoices):
    """How a scoring rule compares a lead's field with its value."""

    PRESENT = "present", "已填写"
    EQUALS = "equals", "等于"
    IN = "in", "属于"
    AT_LEAST = "at_least", "不少于"
    CONTAINS = "contains", "包含"
