"""Names of figures and kinds in both UI languages (for the PDF; the SPA has its own)."""

from chengdan.core.errors import localized

FIGURE_LABELS: dict[str, tuple[str, str]] = {
    "follow_ups": ("跟进次数", "Follow-ups"),
    "visits": ("拜访签到", "Visits checked in"),
    "far_visits": ("异常距离签到", "Far check-ins"),
    "new_leads": ("新增线索", "New leads"),
    "new_customers": ("新增客户", "New customers"),
    "new_opportunities": ("新增商机", "New deals"),
    "stage_moves": ("阶段推进", "Stage moves"),
    "won_deals": ("赢单数", "Deals won"),
    "won_amount": ("赢单金额（元）", "Won amount (CNY)"),
    "tasks_done": ("完成任务", "Tasks done"),
    "tasks_overdue": ("逾期任务", "Tasks overdue"),
}
FOLLOW_UP_KIND_NAMES = {
    "phone": ("电话", "phone"),
    "visit": ("拜访", "visit"),
    "wechat": ("微信", "WeChat"),
    "email": ("邮件", "e-mail"),
    "meeting": ("会议", "meeting"),
    "other": ("其他", "other"),
}
KIND_NAMES = {"daily": ("日报", "Daily report"), "weekly": ("周报", "Weekly report")}
STATUS_NAMES = {"draft": ("草稿", "Draft"), "submitted": ("已提交", "Submitted")}


def label(pair: tuple[str, str]) -> str:
    """The name in the request's language."""
    return localized(*pair)
