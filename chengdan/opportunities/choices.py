"""The fixed vocabularies of the pipeline: stage kinds, deal status, forecast categories, periods."""

from django.db import models


class StageKind(models.TextChoices):
    """Whether a stage is a working stage or one of the two closing stages."""

    OPEN = "open", "进行中"
    WON = "won", "赢单"
    LOST = "lost", "输单"


class OpportunityStatus(models.TextChoices):
    """Where a deal stands; it follows the kind of its current stage."""

    OPEN = "open", "进行中"
    WON = "won", "赢单"
    LOST = "lost", "输单"


class ForecastCategory(models.TextChoices):
    """The rep's call on a deal, from least to most certain; `closed` is set by winning it."""

    OMITTED = "omitted", "不计入"
    PIPELINE = "pipeline", "管道"
    BEST_CASE = "best_case", "乐观"
    COMMIT = "commit", "承诺"
    CLOSED = "closed", "已成交"


class GateRequirement(models.TextChoices):
    """What a stage's gate may require before a deal enters it."""

    AMOUNT = "amount", "金额"
    CLOSE_DATE = "close_date", "预计成交日期"
    DECISION_MAKER = "decision_maker", "决策人联系人"
    CONTACT = "contact", "至少一位联系人"
    PRODUCT_LINES = "product_lines", "产品明细"
    NEXT_STEP = "next_step", "下一步计划"
    COMPETITORS = "competitors", "竞争对手"
    SENT_QUOTE = "sent_quote", "已发送报价"


class PeriodType(models.TextChoices):
    """The length of a target or forecast period."""

    MONTH = "month", "月度"
    QUARTER = "quarter", "季度"
    YEAR = "year", "年度"


class RiskKind(models.TextChoices):
    """Why a deal is flagged as at risk."""

    STAGE_OVERDUE = "stage_overdue", "停留超过阶段时限"
    NO_ACTIVITY = "no_activity", "长期无跟进"
    CLOSE_DATE_PASSED = "close_date_passed", "预计成交日期已过"
    AMOUNT_LOWERED = "amount_lowered", "金额下调"
    CLOSE_DATE_PUSHED = "close_date_pushed", "成交日期多次推迟"
    KEY_CONTACT_GONE = "key_contact_gone", "关键联系人离开"
