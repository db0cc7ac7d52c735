"""Report templates: which sections and figures a department's reports have, and which template applies."""

import re
from typing import Any

from django.db.models import Q

from chengdan.accounts.models import Department
from chengdan.reports.choices import ReportKind
from chengdan.reports.errors import ReportError
from chengdan.reports.figures import FIGURE_KEYS
from chengdan.reports.models import ReportTemplate

# Sections stored in their own columns; any other section key is kept in `WorkReport.sections`.
STANDARD_SECTIONS = ("summary", "plan", "problems")
MAX_SECTIONS = 12
SECTION_KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")

DEFAULT_SECTIONS: dict[str, list[dict[str, Any]]] = {
    ReportKind.DAILY: [
        {"key": "summary", "label": "今日总结", "label_en": "Today's summary", "required": True},
        {"key": "plan", "label": "明日计划", "label_en": "Plan for tomorrow", "required": False},
        {"key": "problems", "label": "遇到的问题", "label_en": "Problems", "required": False},
    ],
    ReportKind.WEEKLY: [
        {"key": "summary", "label": "本周总结", "label_en": "This week's summary", "required": True},
        {"key": "plan", "label": "下周计划", "label_en": "Plan for next week", "required": False},
        {"key": "problems", "label": "问题与需要的支持", "label_en": "Problems and support needed", "required": False},
    ],
}
DEFAULT_FIGURES: dict[str, list[str]] = {
    ReportKind.DAILY: [
        "follow_ups",
        "visits",
        "far_visits",
        "new_leads",
        "new_customers",
        "new_opportunities",
        "stage_moves",
        "tasks_done",
        "tasks_overdue",
    ],
    ReportKind.WEEKLY: list(FIGURE_KEYS),
}
DEFAULT_NAMES: dict[str, str] = {ReportKind.DAILY: "默认日报模板", ReportKind.WEEKLY: "默认周报模板"}


def clean_sections(sections: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Validated section definitions: unique slug keys, a label each, at most twelve."""
    if not 1 <= len(sections) <= MAX_SECTIONS:
        raise ReportError.invalid(
            "sections", f"栏目数应为 1 到 {MAX_SECTIONS} 个。", f"Use between 1 and {MAX_SECTIONS} sections."
        )
    seen: set[str] = set()
    cleaned = []
    for index, section in enumerate(sections):
        key = str(section.get("key") or "")
        label = str(section.get("label") or "").strip()
        if not SECTION_KEY.match(key):
            raise ReportError.invalid(
                f"sections.{index}.key", "栏目标识应为小写字母开头的字母、数字或下划线。", "Use a lowercase slug key."
            )
        if key in seen:
            raise ReportError.invalid(f"sections.{index}.key", "栏目标识重复。", "This key appears twice.")
        if not label or len(label) > 60:
            raise ReportError.invalid(
                f"sections.{index}.label", "请填写栏目名称（不超过 60 字）。", "Give a label (at most 60 characters)."
            )
        seen.add(key)
        cleaned.append(
            {
                "key": key,
                "label": label,
                "label_en": str(section.get("label_en") or "").strip()[:60],
                "required": bool(section.get("required", False)),
            }
        )
    return cleaned


def clean_figures(figures: list[str]) -> list[str]:
    """Validated figure keys: known and unique, in the order given."""
    unknown = [key for key in figures if key not in FIGURE_KEYS]
    if unknown:
        raise ReportError.invalid(
            "figures", f"未知的指标：{', '.join(unknown)}", f"Unknown figures: {', '.join(unknown)}"
        )
    if len(set(figures)) != len(figures):
        raise ReportError.invalid("figures", "指标重复。", "A figure appears twice.")
    return list(figures)


def template_for(department_id: int | None, kind: str) -> ReportTemplate:
    """The template of the department, else of its nearest ancestor, else the default (one query)."""
    ancestors: list[int] = []
    if department_id is not None:
        path = Department.objects.filter(pk=department_id).values_list("path", flat=True).first() or ""
        ancestors = [int(part) for part in path.strip("/").split("/") if part.isdigit()]
    candidates = ReportTemplate.objects.filter(Q(department_id__in=ancestors) | Q(department__isnull=True), kind=kind)
    depth = {pk: index for index, pk in enumerate(ancestors)}

    def rank(template: ReportTemplate) -> int:
        return -1 if template.department_id is None else depth.get(template.department_id, -1)

    best = max(candidates, key=rank, default=None)
    return best if best is not None else unsaved_default(kind)


def unsaved_default(kind: str) -> ReportTemplate:
    """The built-in default, used when the seeded default row was deleted from the database."""
    return ReportTemplate(
        kind=kind, name=DEFAULT_NAMES[kind], sections=DEFAULT_SECTIONS[kind], figures=DEFAULT_FIGURES[kind]
    )


def template_sections(template: ReportTemplate) -> list[dict[str, Any]]:
    """The template's sections, tolerant of plain key strings stored by hand."""
    result = []
    for section in template.sections or []:
        if isinstance(section, str):
            section = {"key": section, "label": section}
        result.append(
            {
                "key": section.get("key", ""),
                "label": section.get("label", ""),
                "label_en": section.get("label_en", ""),
                "required": bool(section.get("required", False)),
            }
        )
    return result
