"""Web forms end to end: admin CRUD, the public definition, submissions (idempotent, honeypot, CAPTCHA, 429), pages."""

import json
import re
from typing import Any

import pytest
from django.core import signing
from django.core.cache import cache
from django.test import Client

from chengdan.audit.models import AuditEntry
from chengdan.leads import forms
from chengdan.leads.models import Lead, WebForm
from chengdan.testing.org import Org

V1 = "/api/v1"
pytestmark = pytest.mark.django_db
FIELDS = [
    {"field": "name", "label": "您的姓名", "required": True},
    {"field": "mobile", "label": "", "required": True},
    {"field": "company_name", "label": "公司", "required": False},
    {"field": "notes", "label": "", "required": False},
]


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    cache.clear()


def _post(client: Client, url: str, body: dict[str, Any], **headers: str) -> Any:
    return client.post(url, data=json.dumps(body), content_type="application/json", **headers)


def _make_form(org: Org, **overrides: Any) -> dict[str, Any]:
    body = {
        "name": "官网咨询",
        "slug": "contact-us",
        "fields": FIELDS,
        "title": "联系我们",
        "thank_you_text": "谢谢，我们会在一个工作日内联系您。",
        "campaign": "2026春季展会",
        **overrides,
    }
    response = _post(org.client("admin"), f"{V1}/lead-settings/forms", body)
    assert response.status_code == 201, response.content
    return dict(response.json())


def _submit(slug: str, body: dict[str, Any], ip: str = "203.0.113.7", **headers: str) -> Any:
    return _post(Client(), f"{V1}/public/forms/{slug}/submissions", body, REMOTE_ADDR=ip, **headers)


VALID = {"name": "王经理", "mobile": "13912345678", "company_name": "杭州云帆科技有限公司", "notes": "想了解报价"}


def test_admin_creates_a_form_with_its_hosted_url_and_snippet(org: Org) -> None:
    form = _make_form(org)
    assert form["slug"] == "contact-us"
    assert form["hosted_url"] == "http://testserver/f/contact-us"
    assert form["embed_snippet"] == '<script src="http://testserver/f/contact-us/embed.js" async></script>'
    # Blank labels take the default one.
    assert [item["label"] for item in form["fields"]] == ["您的姓名", "手机", "公司", "留言"]
    assert AuditEntry.objects.filter(action="web_form.created", object_id=str(form["id"])).count() == 1
    listed = org.client("admin").get(f"{V1}/lead-settings/forms").json()
    assert [item["slug"] for item in listed] == ["contact-us"]


def test_only_lead_settings_admins_manage_forms(org: Org) -> None:
    response = _post(org.client("own"), f"{V1}/lead-settings/forms", {"name": "x", "slug": "xx", "fields": FIELDS})
    assert response.status_code == 403
    assert not WebForm.objects.exists()


def test_definition_is_validated(org: Org) -> None:
    _make_form(org)
    fields = [{"field": "owner_id"}, {"field": "email"}, {"field": "email"}]
    body = {"name": "第二个", "slug": "contact-us", "fields": fields}
    response = _post(org.client("admin"), f"{V1}/lead-settings/forms", body)
    assert response.status_code == 422
    assert response.json()["fields"] == {
        "slug": "该地址已被其他表单使用。",
        "fields.0.field": "不支持的字段：owner_id",
        "fields.2.field": "字段重复。",
    }
    no_contact = {"name": "无联系方式", "slug": "no-contact", "fields": [{"field": "name"}]}
    response = _post(org.client("admin"), f"{V1}/lead-settings/forms", no_contact)
    assert response.json()["fields"] == {"fields": "表单需包含手机、邮箱或微信中的至少一项。"}


def test_edit_and_delete_with_versions(org: Org) -> None:
    form = _make_form(org)
    admin = org.client("admin")
    url = f"{V1}/lead-settings/forms/{form['id']}"
    changed = admin.patch(
        url, data=json.dumps({"version": 1, "is_captcha_required": True}), content_type="application/json"
    )
    assert changed.status_code == 200
    assert changed.json()["is_captcha_required"] is True
    assert changed.json()["version"] == 2
    stale = admin.patch(url, data=json.dumps({"version": 1, "title": "旧"}), content_type="application/json")
    assert stale.status_code == 409
    assert admin.delete(url).status_code == 204
    assert admin.get(url).status_code == 404


def test_public_definition_without_signing_in(org: Org) -> None:
    _make_form(org)
    response = Client().get(f"{V1}/public/forms/contact-us")
    assert response.status_code == 200
    assert response.json() == {
        "slug": "contact-us",
        "title": "联系我们",
        "fields": [
            {"field": "name", "label": "您的姓名", "required": True, "type": "text"},
            {"field": "mobile", "label": "手机", "required": True, "type": "tel"},
            {"field": "company_name", "label": "公司", "required": False, "type": "text"},
            {"field": "notes", "label": "留言", "required": False, "type": "textarea"},
        ],
        "is_captcha_required": False,
    }
    english = Client().get(f"{V1}/public/forms/contact-us", HTTP_ACCEPT_LANGUAGE="en").json()
    assert [item["label"] for item in english["fields"]] == ["您的姓名", "Mobile", "公司", "Message"]


def test_inactive_or_unknown_forms_answer_404(org: Org) -> None:
    _make_form(org, is_active=False)
    assert Client().get(f"{V1}/public/forms/contact-us").status_code == 404
    assert Client().get(f"{V1}/public/forms/nothing-here").status_code == 404
    assert _submit("contact-us", {**VALID, "submission_id": "a" * 32}).status_code == 404
    assert Client().get("/f/contact-us").status_code == 404
    assert not Lead.objects.exists()


def test_valid_submission_becomes_one_lead(org: Org) -> None:
    form = _make_form(org)
    response = _submit("contact-us", {**VALID, "submission_id": "5b0c1f9e-7d1a-4a77-9c3e-2f5b8d6e1a01"})
    assert response.status_code == 201, response.content
    assert response.json() == {"thank_you_text": "谢谢，我们会在一个工作日内联系您。"}
    lead = Lead.objects.get()
    assert (lead.name, lead.mobile, lead.company_name, lead.notes) == (
        "王经理",
        "13912345678",
        VALID["company_name"],
        "想了解报价",
    )
    assert (lead.source, lead.campaign, lead.form_id) == ("web_form", "2026春季展会", form["id"])
    assert lead.submission_key == "form:contact-us:5b0c1f9e-7d1a-4a77-9c3e-2f5b8d6e1a01"


def test_double_submit_with_the_same_id_is_one_lead(org: Org) -> None:
    _make_form(org)
    body = {**VALID, "submission_id": "5b0c1f9e-7d1a-4a77-9c3e-2f5b8d6e1a02"}
    first = _submit("contact-us", body)
    second = _submit("contact-us", body)
    assert (first.status_code, second.status_code) == (201, 200)
    assert second.json() == first.json()
    assert Lead.objects.count() == 1


def test_honeypot_answers_thanks_and_stores_nothing(org: Org) -> None:
    _make_form(org)
    response = _submit("contact-us", {**VALID, "website": "http://spam.example", "submission_id": "b" * 32})
    assert response.status_code == 200
    assert response.json() == {"thank_you_text": "谢谢，我们会在一个工作日内联系您。"}
    assert not Lead.objects.exists()


def test_missing_required_field_is_a_422_per_field_in_the_request_language(org: Org) -> None:
    _make_form(org)
    body = {"name": "", "company_name": "某公司", "submission_id": "c" * 32}
    chinese = _submit("contact-us", body)
    assert chinese.status_code == 422
    assert chinese.json()["fields"] == {"name": "此项为必填项。", "mobile": "此项为必填项。"}
    english = _submit("contact-us", body, HTTP_ACCEPT_LANGUAGE="en")
    assert english.json()["fields"] == {"name": "This field is required.", "mobile": "This field is required."}
    bad_mobile = _submit("contact-us", {**VALID, "mobile": "12345", "submission_id": "d" * 32})
    assert bad_mobile.status_code == 422
    assert set(bad_mobile.json()["fields"]) == {"mobile"}
    assert not Lead.objects.exists()


def test_submissions_are_rate_limited_per_ip(org: Org, settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    settings.LEAD_FORM_SUBMISSIONS_PER_MINUTE = 3
    # The limit counts per clock minute: hold the clock 10 s into one, so the test never straddles two.
    moment = 1_800_000_000 // forms.RATE_WINDOW * forms.RATE_WINDOW + 10
    monkeypatch.setattr(forms, "clock", lambda: moment)
    _make_form(org)
    statuses = [_submit("contact-us", {**VALID, "website": "x"}).status_code for _ in range(3)]
    assert statuses == [200, 200, 200]
    limited = _submit("contact-us", {**VALID, "submission_id": "e" * 32})
    assert limited.status_code == 429
    assert limited.json()["code"] == "rate_limited"
    assert limited.json()["retry_after"] == forms.RATE_WINDOW - 10
    # Another visitor is not affected.
    assert _submit("contact-us", {**VALID, "submission_id": "f" * 32}, ip="198.51.100.9").status_code == 201
    assert Lead.objects.count() == 1


def test_captcha_required_and_wrong_is_a_422(org: Org) -> None:
    _make_form(org, is_captcha_required=True)
    challenge = Client().get(f"{V1}/public/forms/contact-us/captcha").json()
    left, right = (int(number) for number in re.findall(r"\d+", challenge["question"]))
    # The token proves the answer without revealing it.
    payload = signing.loads(challenge["token"], salt=forms.CAPTCHA_SALT)
    assert set(payload) == {"s", "n", "d"}
    assert left + right not in payload.values()
    assert str(left + right) not in payload.values()
    missing = _submit("contact-us", {**VALID, "submission_id": "1" * 32})
    assert missing.json()["fields"] == {"captcha_answer": "请完成验证题。"}
    wrong = {
        **VALID,
        "submission_id": "2" * 32,
        "captcha_token": challenge["token"],
        "captcha_answer": str(left + right + 1),
    }
    response = _submit("contact-us", wrong, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422
    assert response.json()["fields"] == {"captcha_answer": "Wrong answer to the check question."}
    assert not Lead.objects.exists()
    right_answer = {**wrong, "captcha_answer": str(left + right)}
    assert _submit("contact-us", right_answer).status_code == 201
    assert Lead.objects.count() == 1


def test_hosted_page_renders_the_fields(org: Org) -> None:
    _make_form(org)
    response = Client().get("/f/contact-us")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert "X-Frame-Options" not in response
    page = response.content.decode()
    assert '<html lang="zh-CN">' in page
    for field in ("name", "mobile", "company_name", "notes"):
        assert f'name="{field}"' in page
    assert "您的姓名" in page
    assert 'name="website"' in page
    assert "/api/v1/public/forms/contact-us/submissions" in page
    english = Client().get("/f/contact-us?lang=en").content.decode()
    assert '<html lang="en">' in english
    assert "Mobile" in english


def test_embed_script_is_javascript_that_frames_the_page(org: Org) -> None:
    _make_form(org)
    response = Client().get("/f/contact-us/embed.js")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    body = response.content.decode()
    assert '"http://testserver/f/contact-us"' in body
    assert 'createElement("iframe")' in body


def test_place_names_typed_by_visitors_become_region_codes(org: Org) -> None:
    fields = [*FIELDS, {"field": "province_code", "label": "", "required": False}, {"field": "city_code"}]
    _make_form(org, fields=fields)
    body = {**VALID, "province_code": "广东", "city_code": "深圳", "submission_id": "9" * 32}
    assert _submit("contact-us", body).status_code == 201
    assert Lead.objects.values_list("province_code", "city_code").get() == ("440000", "440300")
    unknown = _submit("contact-us", {**VALID, "city_code": "不存在的城市", "submission_id": "8" * 32})
    assert unknown.status_code == 422
    assert set(unknown.json()["fields"]) == {"city_code"}
