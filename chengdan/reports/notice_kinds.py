"""The notification kinds the work-reports domain sends (users choose channels per kind)."""

SUBMITTED = "reports.submitted"
COMMENTED = "reports.commented"
MISSING = "reports.missing"

# (code, zh label, en label, channels on by default)
KINDS = [
    (SUBMITTED, "下属提交了报告", "Report submitted to me", ("in_app",)),
    (COMMENTED, "报告被批阅", "Report commented", ("in_app",)),
    (MISSING, "报告未提交提醒", "Report not submitted yet", ("in_app",)),
]
