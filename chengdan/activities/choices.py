"""The fixed vocabularies of the activities domain."""

from django.db import models


class FollowUpKind(models.TextChoices):
    """How the salesperson reached the customer."""

    PHONE = "phone", "电话"
    VISIT = "visit", "拜访"
    WECHAT = "wechat", "微信"
    EMAIL = "email", "邮件"
    MEETING = "meeting", "会议"
    OTHER = "other", "其他"


class FollowUpSource(models.TextChoices):
    """Where a follow-up record came from."""

    MANUAL = "manual", "手工录入"
    VISIT = "visit", "拜访签到"
    EMAIL = "email", "邮件收取"
    IMPORT = "import", "导入"


class VisitStatus(models.TextChoices):
    """A field visit from plan to check-out."""

    PLANNED = "planned", "计划中"
    CHECKED_IN = "checked_in", "已签到"
    COMPLETED = "completed", "已完成"
    CANCELLED = "cancelled", "已取消"


class TaskPriority(models.TextChoices):
    """How urgent a to-do is."""

    LOW = "low", "低"
    NORMAL = "normal", "普通"
    HIGH = "high", "高"
    URGENT = "urgent", "紧急"


class TaskStatus(models.TextChoices):
    """A to-do is open until done or cancelled."""

    OPEN = "open", "待办"
    DONE = "done", "已完成"
    CANCELLED = "cancelled", "已取消"


class Recurrence(models.TextChoices):
    """How a to-do repeats: completing one occurrence creates the next."""

    NONE = "none", "不重复"
    DAILY = "daily", "每天"
    WEEKDAYS = "weekdays", "工作日"
    WEEKLY = "weekly", "每周"
    MONTHLY = "monthly", "每月"


class ReminderKind(models.TextChoices):
    """What a scheduled reminder is about (the notification kind it sends)."""

    FOLLOW_UP_DUE = "follow_up_due", "跟进到期"
    TASK_DUE = "task_due", "任务到期"
    VISIT_DUE = "visit_due", "拜访提醒"


class ReminderStatus(models.TextChoices):
    """A reminder waits, is sent once, or is cancelled when its subject no longer needs it."""

    PENDING = "pending", "待发送"
    SENT = "sent", "已发送"
    CANCELLED = "cancelled", "已取消"
