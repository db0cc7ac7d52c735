"""A report as a PDF (reportlab) whose Chinese text renders: a CJK TrueType font is embedded as a subset.

The font is the file named by env `CHENGDAN_PDF_FONT`, else the first common CJK TrueType font
found on the machine (WenQuanYi Zen Hei, Droid Sans Fallback, …); with none installed the PDF uses
reportlab's built-in CID font STSong-Light, which viewers render from their own fonts.
"""

import io
import logging
import os
from collections.abc import Sequence
from functools import lru_cache
from typing import Any
from xml.sax.saxutils import escape

from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFError, TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from chengdan.core.errors import localized
from chengdan.reports.labels import FIGURE_LABELS, FOLLOW_UP_KIND_NAMES, KIND_NAMES, STATUS_NAMES, label

logger = logging.getLogger(__name__)

FONT_NAME = "ChengdanCJK"
FALLBACK_FONT = "STSong-Light"
# (path, index of the face inside a .ttc collection)
FONT_CANDIDATES: tuple[tuple[str, int], ...] = (
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),
    ("/usr/share/fonts/truetype/arphic/ukai.ttc", 0),
    ("/usr/share/fonts/wenquanyi/wqy-zenhei/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/google-droid/DroidSansFallbackFull.ttf", 0),
    ("/Library/Fonts/Arial Unicode.ttf", 0),
    ("C:/Windows/Fonts/simhei.ttf", 0),
    ("C:/Windows/Fonts/simsun.ttc", 0),
)


def _candidates() -> list[tuple[str, int]]:
    configured = os.environ.get("CHENGDAN_PDF_FONT", "").strip()
    return ([(configured, 0)] if configured else []) + list(FONT_CANDIDATES)


@lru_cache(maxsize=1)
def cjk_font() -> str:
    """Register and name the font the PDF uses: an embeddable CJK TrueType font, else STSong-Light."""
    for path, index in _candidates():
        if not os.path.isfile(path):
            continue
        try:
            pdfmetrics.registerFont(TTFont(FONT_NAME, path, subfontIndex=index))
        except (TTFError, OSError) as error:
            logger.warning("PDF font %s cannot be used: %s", path, error)
            continue
        return FONT_NAME
    logger.warning("No CJK TrueType font found; PDFs use the built-in CID font %s (not embedded).", FALLBACK_FONT)
    pdfmetrics.registerFont(UnicodeCIDFont(FALLBACK_FONT))
    return FALLBACK_FONT


def _styles(font: str) -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=font, fontSize=10.5, leading=16, wordWrap="CJK")
    return {
        "title": ParagraphStyle("title", parent=base, fontSize=17, leading=24, spaceAfter=4),
        "meta": ParagraphStyle("meta", parent=base, fontSize=9.5, textColor=colors.HexColor("#555555")),
        "heading": ParagraphStyle("heading", parent=base, fontSize=12.5, leading=20, spaceBefore=10, spaceAfter=4),
        "body": base,
        "cell": ParagraphStyle("cell", parent=base, fontSize=9.5, leading=13),
    }


def _text(value: Any) -> str:
    """Plain text as paragraph markup: escaped, line breaks kept."""
    return escape(str(value or "")).replace("\n", "<br/>")


def _figure_value(key: str, figures: dict[str, Any]) -> str:
    value = figures.get(key)
    if value is None:
        return "—"
    by_kind = {kind: count for kind, count in (figures.get("follow_ups_by_kind") or {}).items() if count}
    if key == "follow_ups" and by_kind:
        parts = "，".join(
            f"{label(FOLLOW_UP_KIND_NAMES.get(kind, (kind, kind)))} {count}" for kind, count in by_kind.items()
        )
        return f"{value}（{parts}）"
    return str(value)


def _figures_table(keys: Sequence[str], figures: dict[str, Any], styles: dict[str, ParagraphStyle]) -> Table:
    rows = [
        [
            Paragraph(_text(localized("指标", "Figure")), styles["cell"]),
            Paragraph(_text(localized("数值", "Value")), styles["cell"]),
        ]
    ]
    for key in keys:
        name = label(FIGURE_LABELS[key]) if key in FIGURE_LABELS else key
        rows.append(
            [Paragraph(_text(name), styles["cell"]), Paragraph(_text(_figure_value(key, figures)), styles["cell"])]
        )
    table = Table(rows, colWidths=[70 * mm, 50 * mm], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#c0c4cc")),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f2f3f5")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    return table


def _section_text(report: dict[str, Any], key: str) -> str | None:
    if key in ("summary", "plan", "problems"):
        return report.get(key)
    return (report.get("sections") or {}).get(key)


def build_pdf(report: dict[str, Any], comments: list[dict[str, Any]]) -> bytes:
    """The PDF of a report as the reader sees it (`report` is the rendered WorkReportOut, field rules applied)."""
    font = cjk_font()
    styles = _styles(font)
    kind = label(KIND_NAMES.get(report["kind"], (report["kind"], report["kind"])))
    period = (
        f"{report['period_start']}"
        if report["kind"] == "daily"
        else f"{report['period_start']} – {report['period_end']}"
    )
    story: list[Any] = [
        Paragraph(_text(f"{kind} · {report['author_name']} · {period}"), styles["title"]),
        Paragraph(
            _text(
                "  ".join(
                    part
                    for part in (
                        f"{localized('作者', 'Author')}：{report['author_name']}",
                        f"{localized('部门', 'Department')}：{report.get('department_name') or '—'}",
                        f"{localized('周期', 'Period')}：{report['period_start']} – {report['period_end']}",
                        f"{localized('状态', 'Status')}：{label(STATUS_NAMES.get(report['status'], ('', '')))}",
                        f"{localized('评分', 'Rating')}：{report['rating']}" if report.get("rating") else "",
                    )
                    if part
                )
            ),
            styles["meta"],
        ),
        Spacer(1, 4 * mm),
        Paragraph(_text(localized("工作数据", "Figures")), styles["heading"]),
        _figures_table(report["layout"]["figures"], report["figures"], styles),
    ]
    for section in report["layout"]["sections"]:
        text = _section_text(report, section["key"])
        if text is None:
            continue  # a field rule hides it from this reader
        heading = localized(
            section.get("label") or section["key"], section.get("label_en") or section.get("label") or ""
        )
        story.append(Paragraph(_text(heading), styles["heading"]))
        story.append(Paragraph(_text(text) or "—", styles["body"]))
    if comments:
        story.append(Paragraph(_text(localized("批阅", "Comments")), styles["heading"]))
        for comment in comments:
            stars = f" · {localized('评分', 'Rating')} {comment['rating']}/5" if comment.get("rating") else ""
            when = timezone.localtime(comment["created_at"]).strftime("%Y-%m-%d %H:%M")
            story.append(Paragraph(_text(f"{comment['author_name']} · {when}{stars}"), styles["meta"]))
            story.append(Paragraph(_text(comment["body"]), styles["body"]))
            story.append(Spacer(1, 2 * mm))
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        title=f"{kind} {report['author_name']} {period}",
        author=str(report["author_name"]),
    )
    document.build(story)
    return buffer.getvalue()
