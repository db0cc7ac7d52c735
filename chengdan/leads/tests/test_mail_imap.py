"""Mailbox polling against a real Dovecot (chengdan.testing.imap): leads, follow-ups, charsets, UIDVALIDITY, errors."""

import base64
import json
from datetime import datetime, timedelta
from email.header import Header
from email.message import EmailMessage
from email.mime.text import MIMEText
from email.utils import format_datetime
from typing import TYPE_CHECKING, Any

import pytest
from django.core.cache import cache
from django.utils import timezone

from chengdan.audit.models import AuditEntry
from chengdan.customers.models import Customer
from chengdan.leads import mail
from chengdan.leads.models import Lead, Mailbox
from chengdan.testing.org import Org

if TYPE_CHECKING:
    from chengdan.testing.imap import ImapServer

# The fixture module is loaded as a plugin (not imported above) so pytest rewrites its asserts.
pytest_plugins = ["chengdan.testing.imap"]
pytestmark = pytest.mark.django_db
V1 = "/api/v1/lead-settings/mailboxes"


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    cache.clear()


def _message(sender: str, subject: str, body: str, message_id: str, sent_at: datetime | None = None) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "sales@chengdan.test"
    message["Subject"] = subject
    message["Message-ID"] = f"<{message_id}>"
    if sent_at is not None:
        message["Date"] = format_datetime(sent_at)
    message.set_content(body)
    return message


def _mailbox(server: "ImapServer", **values: Any) -> Mailbox:
    defaults = {
        "name": "销售邮箱",
        "host": server.host,
        "port": server.port,
        "use_ssl": False,
        "username": server.username,
        "password": server.password,
        "campaign": "官网邮件",
    }
    return Mailbox.objects.create(**{**defaults, **values})


def test_a_new_message_becomes_one_lead_and_a_second_poll_creates_nothing(imap_server: "ImapServer") -> None:
    body = "您好，我们想采购一批 CRM 账号。\n公司：苏州明达精密机械有限公司\n电话请回邮件。"
    imap_server.deliver(_message("陈立 <chen.li@mingda.example>", "采购咨询", body, "lead-1@mingda.example"))
    mailbox = _mailbox(imap_server)
    result = mail.poll_mailbox(mailbox.pk)
    assert (result.fetched, result.leads_created, result.error) == (1, 1, "")
    lead = Lead.objects.get()
    assert (lead.name, lead.email, lead.source) == ("陈立", "chen.li@mingda.example", "email")
    assert lead.company_name == "苏州明达精密机械有限公司"
    assert lead.notes == f"采购咨询\n\n{body}"
    assert (lead.mailbox_id, lead.campaign) == (mailbox.pk, "官网邮件")
    assert lead.submission_key == f"mail:{mailbox.pk}:lead-1@mingda.example"
    mailbox.refresh_from_db()
    assert mailbox.last_uid == 1
    assert mailbox.uid_validity == imap_server.uid_validity("INBOX")
    again = mail.poll_mailbox(mailbox.pk)
    assert (again.fetched, again.leads_created) == (0, 0)
    assert Lead.objects.count() == 1


def test_a_message_from_a_known_contact_is_a_follow_up_not_a_lead(org: Org, imap_server: "ImapServer") -> None:
    customer = org.customers["own"]
    contact = org.contacts["own"]
    sent_at = timezone.now().replace(microsecond=0) - timedelta(hours=2)
    Customer.objects.filter(pk=customer.pk).update(last_follow_up_at=sent_at - timedelta(days=30))
    message = _message("Own Contact <OWN@example.cn>", "回复：报价单", "价格可以接受，下周签合同。", "fu-1@x", sent_at)
    imap_server.deliver(message)
    mailbox = _mailbox(imap_server)
    result = mail.poll_mailbox(mailbox.pk)
    assert (result.follow_ups, result.leads_created) == (1, 0)
    assert not Lead.objects.exists()
    customer.refresh_from_db()
    assert customer.last_follow_up_at == sent_at
    entry = AuditEntry.objects.get(action="contact.email_received")
    assert (entry.object_type, entry.object_id) == ("contacts", str(contact.pk))
    assert entry.data["subject"] == "回复：报价单"
    assert entry.data["snippet"] == "价格可以接受，下周签合同。"


def test_gbk_encoded_headers_and_body_decode(imap_server: "ImapServer") -> None:
    message = MIMEText("您好，请联系我们。\nCompany: 深圳华强电子有限公司", "plain", "gbk")
    message["From"] = f"{Header('刘洋', 'gbk').encode()} <liu.yang@huaqiang.example>"
    message["Subject"] = Header("询价：工业传感器", "gbk")
    message["Message-ID"] = "<gbk-1@huaqiang.example>"
    raw = message.as_bytes()
    assert b"=?gbk?" in raw
    imap_server.deliver(raw)
    mailbox = _mailbox(imap_server)
    assert mail.poll_mailbox(mailbox.pk).leads_created == 1
    lead = Lead.objects.get()
    assert lead.name == "刘洋"
    assert lead.company_name == "深圳华强电子有限公司"
    assert lead.notes.startswith("询价：工业传感器\n\n您好，请联系我们。")


def test_gb2312_labelled_gbk_text_still_decodes() -> None:
    # "镕" is GBK-only; mailers often label such text gb2312.
    raw = "Subject: =?gb2312?B?{}?=\r\nFrom: a@b.example\r\n\r\nx\r\n"
    encoded = base64.b64encode("朱镕基".encode("gbk")).decode()
    parsed = mail.parse_message(raw.format(encoded).encode())
    assert parsed.subject == "朱镕基"


def test_uidvalidity_change_rereads_without_duplicates(imap_server: "ImapServer") -> None:
    folder = "Leads"
    first = _message("a@one.example", "第一封", "内容一 13900001111", "m1@one.example")
    second = _message("b@two.example", "第二封", "内容二", "m2@two.example")
    imap_server.deliver(first, folder)
    imap_server.deliver(second, folder)
    mailbox = _mailbox(imap_server, folder=folder)
    assert mail.poll_mailbox(mailbox.pk).leads_created == 2
    old_validity = imap_server.uid_validity(folder)
    imap_server.recreate_folder(folder)
    for message in (first, second, _message("c@three.example", "第三封", "内容三", "m3@three.example")):
        imap_server.deliver(message, folder)
    assert imap_server.uid_validity(folder) != old_validity
    result = mail.poll_mailbox(mailbox.pk)
    assert (result.fetched, result.leads_created, result.leads_existing) == (3, 1, 2)
    assert sorted(Lead.objects.values_list("email", flat=True)) == [
        "a@one.example",
        "b@two.example",
        "c@three.example",
    ]
    mailbox.refresh_from_db()
    assert (mailbox.uid_validity, mailbox.last_uid) == (imap_server.uid_validity(folder), 3)


def test_wrong_password_sets_last_error_and_a_clean_api_error(org: Org, imap_server: "ImapServer") -> None:
    imap_server.deliver(_message("x@y.example", "hi", "body", "w1@y.example"))
    mailbox = _mailbox(imap_server, password="not-the-password")
    response = org.client("admin").post(f"{V1}/{mailbox.pk}/poll")
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "lead.mailbox_poll_failed"
    assert "邮箱登录失败" in body["message"]
    assert "AUTHENTICATIONFAILED" in body["detail"]
    mailbox.refresh_from_db()
    assert mailbox.last_error.startswith("邮箱登录失败")
    assert mailbox.last_uid == 0
    assert not Lead.objects.exists()


def test_unreachable_server_is_a_clean_error(org: Org) -> None:
    mailbox = Mailbox.objects.create(name="坏", host="127.0.0.1", port=1, use_ssl=False, username="u", password="p")
    result = mail.poll_mailbox(mailbox.pk)
    assert result.error.startswith("无法连接邮件服务器 127.0.0.1:1")
    mailbox.refresh_from_db()
    assert mailbox.last_error == result.error


def test_mailbox_api_never_returns_the_password(org: Org, imap_server: "ImapServer") -> None:
    admin = org.client("admin")
    body = {
        "name": "销售邮箱",
        "host": imap_server.host,
        "port": imap_server.port,
        "use_ssl": False,
        "username": imap_server.username,
        "password": imap_server.password,
    }
    created = admin.post(V1, data=json.dumps(body), content_type="application/json")
    assert created.status_code == 201
    assert "password" not in created.json()
    assert created.json()["has_password"] is True
    mailbox_id = created.json()["id"]
    for response in (admin.get(V1), admin.get(f"{V1}/{mailbox_id}")):
        assert imap_server.password not in response.content.decode()
    imap_server.deliver(_message("new@lead.example", "你好", "想试用", "api-1@lead.example"))
    polled = admin.post(f"{V1}/{mailbox_id}/poll")
    assert polled.status_code == 200
    assert polled.json() == {
        "fetched": 1,
        "leads_created": 1,
        "leads_existing": 0,
        "follow_ups": 0,
        "skipped": 0,
        "error": "",
    }
    renamed = admin.patch(
        f"{V1}/{mailbox_id}", data=json.dumps({"version": 1, "name": "新名字"}), content_type="application/json"
    )
    assert renamed.status_code == 200
    assert Mailbox.objects.get(pk=mailbox_id).password == imap_server.password
    entries = AuditEntry.objects.filter(object_type="mailboxes", object_id=str(mailbox_id))
    assert imap_server.password not in json.dumps(list(entries.values_list("changes", flat=True)))
