"""The notification kinds the activities domain sends (users choose channels per kind)."""

FOLLOW_UP_DUE = "activities.follow_up_due"
TASK_DUE = "activities.task_due"
TASK_ASSIGNED = "activities.task_assigned"
VISIT_DUE = "activities.visit_due"
MENTIONED = "activities.mentioned"

# (code, zh label, en label, channels on by default)
KINDS = [
    (FOLLOW_UP_DUE, "跟进提醒", "Follow-up due", ("in_app", "email")),
    (TASK_DUE, "任务到期", "Task due", ("in_app", "email")),
    (TASK_ASSIGNED, "新任务", "Task assigned", ("in_app",)),
    (VISIT_DUE, "拜访提醒", "Visit due", ("in_app",)),
    (MENTIONED, "有人@我", "Mentioned", ("in_app",)),
]


def register_kinds() -> None:
    """Declare the kinds to the notifications registry (call from `ActivitiesConfig.ready()`)."""
    from chengdan.notifications import kinds

    for code, label_zh, label_en, channels in KINDS:
        kinds.register_kind(code, label_zh, label_en, default_channels=channels)
