"""Issue 5 in a browser: leads from a hosted form, the API and a real IMAP mailbox land with the rule's owner."""

import json
import urllib.request
import uuid
from email.message import EmailMessage
from typing import Any

import pytest
from django.core.cache import cache

from chengdan.accounts.signin import create_token
from chengdan.leads import forms, mailbox_actions, rule_actions
from chengdan.leads.models import AssignmentRule, Lead, WebForm
from chengdan.testing.imap import ImapServer
from chengdan.testing.org import PASSWORD, Org
from chengdan.tests.e2e.test_org_scopes import sign_in

pytest_plugins = ["chengdan.testing.imap"]
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
THANK_YOU = "感谢您的咨询，我们的华东团队会在一个工作日内联系您。"


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """Form submissions are rate limited per IP; every test starts with a clean count."""
    cache.clear()


@pytest.fixture
def east_rule(org: Org) -> AssignmentRule:
    """华东制造业 → rep_own (Shanghai, manufacturing)."""
    return rule_actions.create_rule(
        actor=org.users["admin"],
        values={
            "name": "华东制造业",
            "conditions": {"provinces": ["310000"], "industries": ["manufacturing"]},
            "action": "user",
            "target_user_id": org.users["own"].pk,
        },
    )


@pytest.fixture
def web_form(org: Org) -> WebForm:
    """A hosted form asking for the fields the rule reads."""
    return forms.create_form(
        actor=org.users["admin"],
        values={
            "name": "官网咨询",
            "slug": "contact-us",
            "title": "联系我们",
            "thank_you_text": THANK_YOU,
            "fields": [
                {"field": "name", "label": "姓名", "required": True},
                {"field": "mobile", "label": "手机", "required": True},
                {"field": "company_name", "label": "公司名称", "required": True},
                {"field": "province_code", "label": "省份", "required": True},
                {"field": "industry", "label": "行业", "required": True},
            ],
        },
    )


def _post_json(url: str, token: str, body: dict[str, Any], headers: dict[str, str] | None = None) -> tuple[int, Any]:
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode("utf-8"),
        method="POST",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json", **(headers or {})},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, json.loads(response.read() or b"null")


def _fill(page: Any, test_id: str, value: str) -> None:
    page.locator(f"[data-testid={test_id}] input, input[data-testid={test_id}]").first.fill(value)


def test_form_and_api_leads_reach_the_rules_rep(
    live_server: Any, page: Any, org: Org, east_rule: AssignmentRule, web_form: WebForm
) -> None:
    base = live_server.url
    rep = org.users["own"]

    # (1) A visitor fills the hosted page.
    page.goto(f"{base}/f/{web_form.slug}")
    page.locator("#field-name").fill("陈立")
    page.locator("#field-mobile").fill("13912345678")
    page.locator("#field-company_name").fill("上海明达精密机械有限公司")
    page.locator("#field-province_code").fill("上海")
    page.locator("#field-industry").fill("制造业")
    page.locator("#submit").click()
    thanks = page.locator("#thanks")
    thanks.wait_for()
    assert thanks.inner_text().strip() == THANK_YOU
    form_lead = Lead.objects.get(mobile="13912345678")
    assert (form_lead.owner_id, form_lead.assigned_rule_id) == (rep.pk, east_rule.pk)
    assert (form_lead.source, form_lead.province_code, form_lead.industry) == ("web_form", "310000", "manufacturing")

    # (3) An integration posts the same lead twice with one Idempotency-Key.
    _, token = create_token(actor=org.users["admin"], name="官网对接", expires_in_days=None)
    body = {
        "name": "王芳",
        "mobile": "13800001111",
        "company_name": "上海华拓机床制造有限公司",
        "region_code": "310000",
        "industry": "manufacturing",
        "source": "api",
    }
    key = {"Idempotency-Key": str(uuid.uuid4())}
    first_status, first = _post_json(f"{base}/api/v1/leads", token, body, key)
    second_status, second = _post_json(f"{base}/api/v1/leads", token, body, key)
    assert first_status == 201
    assert second_status in (200, 201)
    assert second["id"] == first["id"]
    api_lead = Lead.objects.get(mobile="13800001111")
    assert api_lead.pk == first["id"]
    assert (api_lead.owner_id, api_lead.assigned_rule_id) == (rep.pk, east_rule.pk)

    # (4) The rep signs in and finds both leads in their list.
    sign_in(page, base, rep.username, PASSWORD)
    page.goto(f"{base}/leads")
    page.get_by_test_id(f"lead-row-{form_lead.pk}").wait_for()
    page.get_by_test_id(f"lead-row-{api_lead.pk}").wait_for()
    page.get_by_test_id(f"lead-row-{api_lead.pk}").click()
    page.get_by_test_id("lead-owner").wait_for()
    assert rep.display_name in page.get_by_test_id("lead-owner").inner_text()

    # (5) The rep logs the first call: the SLA clock stops and the lead is being worked.
    page.get_by_test_id("lead-follow-up").click()
    content = "[data-testid=follow-up-content] textarea, textarea[data-testid=follow-up-content]"
    page.locator(content).first.fill("电话沟通了采购计划")
    with page.expect_response(lambda response: response.url.endswith("/api/v1/follow-ups")) as logged:
        page.get_by_test_id("follow-up-save").click()
    assert logged.value.status == 201
    api_lead.refresh_from_db()
    assert api_lead.first_contacted_at is not None
    assert api_lead.status == "working"


def test_admin_builds_a_form_and_gets_its_snippet(live_server: Any, page: Any, org: Org) -> None:
    base = live_server.url
    sign_in(page, base, org.users["admin"].username, PASSWORD)
    page.goto(f"{base}/leads/forms")
    page.get_by_test_id("forms-create").click()
    _fill(page, "form-name", "春季展会")
    _fill(page, "form-slug", "spring-expo")
    page.locator("[data-testid=form-thank-you] textarea, textarea[data-testid=form-thank-you]").first.fill("谢谢！")
    page.get_by_test_id("form-field-company_name").wait_for()
    page.get_by_test_id("form-save").click()
    snippet = page.locator("[data-testid=form-embed-snippet] textarea, textarea[data-testid=form-embed-snippet]").first
    snippet.wait_for()
    assert f"{base}/f/spring-expo/embed.js" in snippet.input_value()
    form = WebForm.objects.get(slug="spring-expo")
    assert [item["field"] for item in form.fields] == ["name", "mobile", "company_name"]
    assert form.thank_you_text == "谢谢！"


def test_a_mailed_lead_reaches_the_rules_rep(live_server: Any, page: Any, org: Org, imap_server: ImapServer) -> None:
    base = live_server.url
    rep = org.users["own"]
    admin = org.users["admin"]
    rule = rule_actions.create_rule(
        actor=admin,
        values={"name": "邮件线索", "conditions": {"sources": ["email"]}, "action": "user", "target_user_id": rep.pk},
    )
    mailbox = mailbox_actions.create_mailbox(
        actor=admin,
        values={
            "name": "销售邮箱",
            "host": imap_server.host,
            "port": imap_server.port,
            "use_ssl": False,
            "username": imap_server.username,
            "password": imap_server.password,
        },
    )
    message = EmailMessage()
    message["From"] = "刘洋 <liu.yang@huatuo.example>"
    message["To"] = "sales@chengdan.test"
    message["Subject"] = "询价：数控机床"
    message["Message-ID"] = "<inquiry-1@huatuo.example>"
    message.set_content("您好，我们想了解贵司的数控机床报价。\n公司：苏州华拓精工有限公司")
    imap_server.deliver(message)

    _, token = create_token(actor=admin, name="轮询", expires_in_days=None)
    status, result = _post_json(f"{base}/api/v1/lead-settings/mailboxes/{mailbox.pk}/poll", token, {})
    assert status == 200
    assert (result["error"], result["leads_created"]) == ("", 1)
    lead = Lead.objects.get(email="liu.yang@huatuo.example")
    assert (lead.source, lead.owner_id, lead.assigned_rule_id) == ("email", rep.pk, rule.pk)

    sign_in(page, base, rep.username, PASSWORD)
    page.goto(f"{base}/leads")
    row = page.get_by_test_id(f"lead-row-{lead.pk}")
    row.wait_for()
    assert row.inner_text().strip() == lead.name
