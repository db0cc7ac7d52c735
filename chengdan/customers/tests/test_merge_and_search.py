"""Duplicate finder, merge with undo, and quick search in Chinese, pinyin and numbers."""

import json
from typing import Any

import pytest

from chengdan.audit.models import AuditEntry
from chengdan.customers import actions, contact_actions, settings_actions
from chengdan.customers.models import Contact, Customer
from chengdan.testing.org import Org

V1 = "/api/v1"
pytestmark = pytest.mark.django_db


def _post(client: Any, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, data=json.dumps(body), content_type="application/json")


def _pair(org: Org) -> tuple[Customer, Customer]:
    rep = org.users["own"]
    first = actions.create_customer(actor=rep, values={"name": "上海明达智能科技有限公司", "level": "a"})
    second = actions.create_customer(
        actor=rep,
        values={"name": "上海明达智能科技（上海）有限公司", "website": "minda.example.cn"},
        allow_duplicate=True,
    )
    contact_actions.create_contact(actor=rep, customer_id=second.pk, values={"name": "王五", "mobile": "13600001111"})
    return first, second


def test_finder_groups_visible_duplicates_only(org: Org) -> None:
    first, second = _pair(org)
    groups = org.client("own").get(f"{V1}/customers/duplicates").json()
    assert [(g["reason"], [c["id"] for c in g["customers"]]) for g in groups] == [("name", [first.pk, second.pk])]
    assert org.client("other_team").get(f"{V1}/customers/duplicates").json() == []


def test_merge_moves_contacts_takes_chosen_fields_and_undoes(org: Org) -> None:
    first, second = _pair(org)
    tag = settings_actions.create_tag(actor=org.users["supervisor"], name="老客户")
    actions.update_customer(
        actor=org.users["supervisor"], customer_id=second.pk, version=1, changes={}, tag_ids=[tag.pk]
    )
    client = org.client("supervisor")
    response = _post(
        client,
        f"{V1}/customers/merge",
        {"survivor_id": first.pk, "merged_id": second.pk, "take_from_merged": ["website"]},
    )
    assert response.status_code == 201, response.content
    merge_id = response.json()["id"]
    survivor = Customer.objects.get(pk=first.pk)
    assert (survivor.website, survivor.level) == ("minda.example.cn", "a")
    assert list(survivor.tags.values_list("name", flat=True)) == ["老客户"]
    assert list(Contact.objects.filter(customer=survivor).values_list("name", flat=True)) == ["王五"]
    assert client.get(f"{V1}/customers/{second.pk}").status_code == 404
    assert AuditEntry.objects.filter(action="customer.merged", object_id=str(first.pk)).exists()
    assert AuditEntry.objects.filter(action="customer.merged_away", object_id=str(second.pk)).exists()

    undo = _post(client, f"{V1}/customers/merges/{merge_id}/undo", {})
    assert undo.status_code == 200 and undo.json()["undone_at"]
    restored = Customer.objects.get(pk=second.pk)
    assert restored.name == second.name and restored.website == "minda.example.cn"
    assert list(Contact.objects.filter(customer=restored).values_list("name", flat=True)) == ["王五"]
    survivor.refresh_from_db()
    assert survivor.website == "" and list(survivor.tags.all()) == []
    again = _post(client, f"{V1}/customers/merges/{merge_id}/undo", {})
    assert again.status_code == 422 and again.json()["code"] == "customer.merge_already_undone"


def test_rep_cannot_merge_without_delete_right(org: Org) -> None:
    first, second = _pair(org)
    response = _post(org.client("own"), f"{V1}/customers/merge", {"survivor_id": first.pk, "merged_id": second.pk})
    assert response.status_code == 403
    assert Customer.objects.filter(pk=second.pk).exists()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("平安", ["中国平安保险（集团）股份有限公司", "平安银行股份有限公司"]),
        ("银", ["平安银行股份有限公司"]),
        ("payh", ["平安银行股份有限公司"]),
        ("pinganyinhang", ["平安银行股份有限公司"]),
        ("ＰＡＹＨ", ["平安银行股份有限公司"]),
        ("13500", ["平安银行股份有限公司"]),
        ("zhang@pingan", ["平安银行股份有限公司"]),
    ],
)
def test_quick_search_chinese_pinyin_and_numbers(org: Org, query: str, expected: list[str]) -> None:
    rep = org.users["own"]
    bank = actions.create_customer(actor=rep, values={"name": "平安银行股份有限公司", "short_name": "平安银行"})
    actions.create_customer(actor=rep, values={"name": "中国平安保险（集团）股份有限公司"})
    contact_actions.create_contact(
        actor=rep, customer_id=bank.pk, values={"name": "张三", "mobile": "13500135000", "email": "zhang@pingan.cn"}
    )
    found = org.client("own").get(f"{V1}/customers/search", {"q": query}).json()
    assert sorted(c["name"] for c in found["customers"]) == expected


def test_search_respects_scope(org: Org) -> None:
    actions.create_customer(actor=org.users["other_team"], values={"name": "杭州娃哈哈集团有限公司"})
    assert org.client("own").get(f"{V1}/customers/search", {"q": "娃哈哈"}).json()["customers"] == []
    seen = org.client("regional_manager").get(f"{V1}/customers/search", {"q": "whh"}).json()["customers"]
    assert [c["name"] for c in seen] == ["杭州娃哈哈集团有限公司"]


def test_masked_roles_cannot_search_by_phone(org: Org) -> None:
    by_phone = org.client("customer_service").get(f"{V1}/customers/search", {"q": "13912345678"}).json()
    assert by_phone["customers"] == [] and by_phone["contacts"] == []
    by_name = org.client("customer_service").get(f"{V1}/customers/search", {"q": "own 客户"}).json()
    assert [c["id"] for c in by_name["customers"]] == [org.customers["own"].pk]


def test_attachments_follow_the_record_and_its_merge(org: Org) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    first, second = _pair(org)
    client = org.client("own")
    upload = SimpleUploadedFile("名片.png", b"\x89PNG\r\n\x1a\n" + bytes(64), content_type="image/png")
    added = client.post(f"{V1}/attachments", {"resource": "customers", "object_id": second.pk, "file": upload})
    assert added.status_code == 201, added.content
    attachment_id = added.json()["id"]
    assert org.client("other_team").get(f"{V1}/attachments/{attachment_id}/download").status_code == 404
    script = SimpleUploadedFile("x.pdf", b"<html><script>alert(1)</script>", content_type="application/pdf")
    refused = client.post(f"{V1}/attachments", {"resource": "customers", "object_id": second.pk, "file": script})
    assert refused.status_code == 422
    supervisor = org.client("supervisor")
    _post(supervisor, f"{V1}/customers/merge", {"survivor_id": first.pk, "merged_id": second.pk})
    listed = client.get(f"{V1}/attachments", {"resource": "customers", "object_id": first.pk}).json()
    assert [a["name"] for a in listed] == ["名片.png"]
    download = client.get(f"{V1}/attachments/{attachment_id}/download")
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
