"""The PDF export: Chinese text extractable, a CJK font embedded when one is installed, export right audited."""

import io
import os

import pytest
from pypdf import PdfReader

from chengdan.access.profile import forget_profile
from chengdan.accounts.models import Role
from chengdan.audit.models import AuditEntry
from chengdan.reports import pdf
from chengdan.reports.tests.factories import WEDNESDAY, at, follow_up
from chengdan.reports.tests.helpers import V1, post, write_and_submit
from chengdan.testing.org import Org

pytestmark = pytest.mark.django_db
SUMMARY = "本周拜访了三家制造业客户，推进两个报价"


def _text(content: bytes) -> str:
    return "".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)


def test_pdf_has_the_chinese_summary_figures_and_comments(org: Org) -> None:
    follow_up(org.users["own"], at(WEDNESDAY))
    report = write_and_submit(org.client("own"), summary=SUMMARY)
    post(org.client("supervisor"), f"/work-reports/{report['id']}/comments", {"body": "很好，继续跟进", "rating": 5})
    response = org.client("supervisor").get(f"{V1}/work-reports/{report['id']}/pdf")
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/pdf"
    text = _text(response.content)
    assert SUMMARY in text
    assert "周报" in text and "rep_own" in text
    assert "跟进次数" in text and "很好，继续跟进" in text
    assert AuditEntry.objects.filter(action="work_report.exported", object_id=str(report["id"])).count() == 1
    if os.environ.get("CHENGDAN_REQUIRE_CJK_FONT") == "1":
        assert b"/FontFile2" in response.content


def test_pdf_needs_the_export_right_and_sight_of_the_report(org: Org) -> None:
    report = write_and_submit(org.client("own"))
    assert org.client("other_team").get(f"{V1}/work-reports/{report['id']}/pdf").status_code == 404
    assert not AuditEntry.objects.filter(action="work_report.exported").exists()
    own = Role.objects.get(code="sales_rep").grants.get(resource="work_reports")
    own.actions = [action for action in own.actions if action != "export"]
    own.save()
    forget_profile(org.users["own"])
    assert org.client("own").get(f"{V1}/work-reports/{report['id']}/pdf").status_code == 403
    assert not AuditEntry.objects.filter(action="work_report.exported").exists()


def test_without_a_cjk_font_the_pdf_falls_back_to_the_builtin_cid_font(
    org: Org, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    report = write_and_submit(org.client("own"), summary=SUMMARY)
    monkeypatch.setattr(pdf, "FONT_CANDIDATES", ())
    monkeypatch.delenv("CHENGDAN_PDF_FONT", raising=False)
    pdf.cjk_font.cache_clear()
    try:
        response = org.client("admin").get(f"{V1}/work-reports/{report['id']}/pdf")
        assert pdf.cjk_font() == pdf.FALLBACK_FONT
    finally:
        pdf.cjk_font.cache_clear()
    assert response.status_code == 200
    assert b"STSong-Light" in response.content and b"/FontFile2" not in response.content
    assert "STSong-Light" in caplog.text


def test_a_configured_font_that_is_not_truetype_is_skipped(
    monkeypatch: pytest.MonkeyPatch, tmp_path: object, caplog: pytest.LogCaptureFixture
) -> None:
    broken = os.path.join(str(tmp_path), "broken.ttf")
    with open(broken, "wb") as handle:
        handle.write(b"not a font")
    monkeypatch.setenv("CHENGDAN_PDF_FONT", broken)
    pdf.cjk_font.cache_clear()
    try:
        chosen = pdf.cjk_font()
    finally:
        pdf.cjk_font.cache_clear()
    assert "broken.ttf" in caplog.text
    installed = any(os.path.isfile(path) for path, _ in pdf.FONT_CANDIDATES)
    assert chosen == (pdf.FONT_NAME if installed else pdf.FALLBACK_FONT)
